import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../api/client';

export type Provider = Schemas['Provider'];
export type ProviderRequest = Schemas['ProviderRequest'];

export const providerKeys = {
  all: ['providers'] as const,
  models: (id: string) => ['providers', id, 'models'] as const,
};

export function useProviders() {
  return useQuery({
    queryKey: providerKeys.all,
    queryFn: async () => (await call(api.GET('/admin/v1/providers'))).items ?? [],
  });
}

export function useSaveProvider(existing: boolean) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ProviderRequest) =>
      existing
        ? call(api.PUT('/admin/v1/providers/{id}', { params: { path: { id: body.id } }, body }))
        : call(api.POST('/admin/v1/providers', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: providerKeys.all }),
  });
}

export function useDeleteProvider() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.DELETE('/admin/v1/providers/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: providerKeys.all }),
  });
}
