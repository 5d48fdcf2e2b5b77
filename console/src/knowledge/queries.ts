import { useQuery } from '@tanstack/react-query';
import { api, call, type Schemas } from '../api/client';

export type KnowledgeBase = Schemas['KnowledgeBase'];
export type KnowledgeDocument = Schemas['KnowledgeDocument'];

export const knowledgeKeys = {
  bases: ['knowledge-bases'] as const,
  base: (id: string) => ['knowledge-bases', id] as const,
  documents: (id: string) => ['knowledge-bases', id, 'documents'] as const,
  chunks: (docId: string) => ['knowledge-documents', docId, 'chunks'] as const,
};

export function useKnowledgeBases() {
  return useQuery({
    queryKey: knowledgeKeys.bases,
    queryFn: async () => (await call(api.GET('/admin/v1/knowledge-bases'))).items ?? [],
  });
}

export function useKnowledgeBase(id: string) {
  return useQuery({
    queryKey: knowledgeKeys.base(id),
    queryFn: () => call(api.GET('/admin/v1/knowledge-bases/{kbId}', { params: { path: { kbId: id } } })),
  });
}

const BUSY: KnowledgeDocument['status'][] = ['queued', 'fetching', 'parsing', 'chunking', 'embedding'];

export function isBusy(document: KnowledgeDocument): boolean {
  return BUSY.includes(document.status);
}

/** The documents, polled every second while any of them is still being processed. */
export function useDocuments(kbId: string) {
  return useQuery({
    queryKey: knowledgeKeys.documents(kbId),
    queryFn: async () =>
      (await call(api.GET('/admin/v1/knowledge-bases/{kbId}/documents', { params: { path: { kbId } } }))).items ?? [],
    refetchInterval: (query) => ((query.state.data ?? []).some(isBusy) ? 1000 : false),
  });
}

