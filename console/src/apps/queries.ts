import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../api/client';
import { mergePatch } from './editor/draftForm';

export type AppConfig = Schemas['AppConfig'];
export type App = Schemas['App'];
export type AppSummary = Schemas['AppSummary'];
export type AppTemplate = Schemas['AppTemplate'];
export type AppImportResult = Schemas['AppImportResult'];

export const appKeys = {
  all: ['apps'] as const,
  one: (id: string) => ['apps', id] as const,
  versions: (id: string) => ['apps', id, 'versions'] as const,
  version: (id: string, version: number) => ['apps', id, 'versions', version] as const,
};

/** Every app (the API pages by 100 at most; the console reads all pages). */
export function useApps() {
  return useQuery({
    queryKey: appKeys.all,
    queryFn: async () => {
      const items: AppSummary[] = [];
      for (let offset = 0; ; offset += 100) {
        const page = await call(api.GET('/admin/v1/apps', { params: { query: { offset, limit: 100 } } }));
        items.push(...(page.items ?? []));
        if ((page.items ?? []).length < 100) return items;
      }
    },
  });
}

export function useApp(id: string) {
  return useQuery({
    queryKey: appKeys.one(id),
    queryFn: () => call(api.GET('/admin/v1/apps/{id}', { params: { path: { id } } })),
  });
}

export function useVersions(id: string) {
  return useQuery({
    queryKey: appKeys.versions(id),
    queryFn: () => call(api.GET('/admin/v1/apps/{id}/versions', { params: { path: { id } } })),
  });
}

export function fetchVersion(id: string, version: number) {
  return call(api.GET('/admin/v1/apps/{id}/versions/{version}', { params: { path: { id, version } } }));
}

export function useCreateApp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['CreateApp']) => call(api.POST('/admin/v1/apps', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: appKeys.all }),
  });
}

/** The app square: built-in templates, each a working app. */
export function useAppTemplates() {
  return useQuery({
    queryKey: ['app-templates'],
    staleTime: Infinity,
    queryFn: async () => (await call(api.GET('/admin/v1/app-templates'))).items ?? [],
  });
}

export function useCreateFromTemplate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['FromTemplateRequest']) => call(api.POST('/admin/v1/apps/from-template', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: appKeys.all }),
  });
}

/** Imports an app file (ours or a Dify DSL) as a new app. */
export function useImportApp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['AppImportRequest']) => call(api.POST('/admin/v1/apps/import', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: appKeys.all }),
  });
}

/** The app's draft as one YAML file (no secrets), downloaded by the browser. */
export async function downloadAppFile(id: string) {
  const yaml = await call(api.GET('/admin/v1/apps/{id}/export', { params: { path: { id } }, parseAs: 'text' }));
  const url = URL.createObjectURL(new Blob([yaml as string], { type: 'application/yaml' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `${id}.app.yaml`;
  link.click();
  URL.revokeObjectURL(url);
}

export function useDeleteApp() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.DELETE('/admin/v1/apps/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: appKeys.all }),
  });
}

/**
 * Saves the draft as a JSON Merge Patch (RFC 7396) of what was loaded: only what the editor changed
 * goes to the API, so settings it does not show (or that changed elsewhere meanwhile) stay.
 * `baseUrl` is for tests against a loopback server.
 */
export function saveDraft(id: string, before: AppConfig, after: AppConfig, baseUrl?: string) {
  return call(
    api.PATCH('/admin/v1/apps/{id}/draft', {
      params: { path: { id } },
      body: mergePatch(before, after),
      headers: { 'content-type': 'application/merge-patch+json' },
      ...(baseUrl ? { baseUrl } : {}),
    }),
  );
}

export function useSaveDraft(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ before, after }: { before: AppConfig; after: AppConfig }) => saveDraft(id, before, after),
    onSuccess: (app) => {
      client.setQueryData(appKeys.one(id), app);
      void client.invalidateQueries({ queryKey: appKeys.all });
    },
  });
}

export function usePublish(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (note: string) => call(api.POST('/admin/v1/apps/{id}/publish', { params: { path: { id } }, body: note ? { note } : {} })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: appKeys.one(id) });
      void client.invalidateQueries({ queryKey: appKeys.versions(id) });
      void client.invalidateQueries({ queryKey: appKeys.all });
    },
  });
}

export function useRollback(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => call(api.POST('/admin/v1/apps/{id}/rollback', { params: { path: { id } }, body: { version } })),
    onSuccess: (app) => {
      client.setQueryData(appKeys.one(id), app);
      void client.invalidateQueries({ queryKey: appKeys.versions(id) });
      void client.invalidateQueries({ queryKey: appKeys.all });
    },
  });
}
