import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../api/client';

export type ToolProvider = Schemas['ToolProvider'];
export type ToolDescription = Schemas['ToolDescription'];

export const toolKeys = { square: ['tools'] as const };

export function useToolSquare() {
  return useQuery({
    queryKey: toolKeys.square,
    queryFn: async () => (await call(api.GET('/admin/v1/tools'))).providers ?? [],
  });
}

export function useImportOpenApi() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['OpenApiImport']) => call(api.POST('/admin/v1/tools/openapi', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: toolKeys.square }),
  });
}

export function useAddMcpServer() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Schemas['McpServer']) => call(api.POST('/admin/v1/tools/mcp', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: toolKeys.square }),
  });
}

export function useDeleteToolProvider() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call(api.DELETE('/admin/v1/tools/providers/{id}', { params: { path: { id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: toolKeys.square }),
  });
}

export function testTool(providerId: string, tool: string, args: Record<string, unknown>) {
  return call(
    api.POST('/admin/v1/tools/providers/{id}/tools/{tool}/test', {
      params: { path: { id: providerId, tool } },
      body: { arguments: args },
    }),
  );
}
