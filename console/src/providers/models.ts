import { useQuery } from '@tanstack/react-query';
import { api, call } from '../api/client';
import { providerKeys } from './queries';

/** The model names a provider offers (its own `/models` list, asked through the gateway). */
export function useProviderModels(providerId: string | undefined) {
  return useQuery({
    queryKey: providerKeys.models(providerId ?? ''),
    enabled: !!providerId,
    staleTime: 60_000,
    retry: false,
    queryFn: async () => (await call(api.GET('/admin/v1/providers/{id}/models', { params: { path: { id: providerId! } } }))).items ?? [],
  });
}
