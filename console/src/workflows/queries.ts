import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../api/client';

export type Workflow = Schemas['Workflow'];
export type WorkflowGraph = Schemas['WorkflowGraph'];
export type WorkflowRun = Schemas['WorkflowRun'];

export const workflowKeys = {
  all: ['workflows'] as const,
  one: (id: string) => ['workflows', id] as const,
  runs: (id: string) => ['workflows', id, 'runs'] as const,
};

export function useWorkflows() {
  return useQuery({
    queryKey: workflowKeys.all,
    queryFn: async () => {
      const items: Workflow[] = [];
      for (let offset = 0; ; offset += 100) {
        const page = await call(api.GET('/admin/v1/workflows', { params: { query: { offset, limit: 100 } } }));
        const batch = (page.items ?? []) as Workflow[];
        items.push(...batch);
        if (batch.length < 100) return items;
      }
    },
  });
}

export function useWorkflow(id: string) {
  return useQuery({
    queryKey: workflowKeys.one(id),
    queryFn: () => call(api.GET('/admin/v1/workflows/{id}', { params: { path: { id } } })),
  });
}

export function useCreateWorkflow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['WorkflowSave']) => call(api.POST('/admin/v1/workflows', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: workflowKeys.all }),
  });
}

export function useDeleteWorkflow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.DELETE('/admin/v1/workflows/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: workflowKeys.all }),
  });
}
