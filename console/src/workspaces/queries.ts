import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, call, type Schemas } from '../api/client';
import { useCurrentWorkspace } from './current';

export type Workspace = Schemas['Workspace'];
export type WorkspaceMember = Schemas['WorkspaceMember'];
export type WorkspaceInvite = Schemas['WorkspaceInvite'];
export type WorkspaceRole = Schemas['WorkspaceRole'];

export const ROLES: WorkspaceRole[] = ['owner', 'admin', 'editor', 'viewer'];

/** True when `role` may do what `needed` may (owner > admin > editor > viewer). */
export function atLeast(role: WorkspaceRole | undefined, needed: WorkspaceRole): boolean {
  return role !== undefined && ROLES.indexOf(role) <= ROLES.indexOf(needed);
}

export const workspaceKeys = {
  mine: ['workspaces'] as const,
  members: (id: string) => ['workspaces', id, 'members'] as const,
  invites: (id: string) => ['workspaces', id, 'invites'] as const,
};

export function useWorkspaces() {
  return useQuery({
    queryKey: workspaceKeys.mine,
    queryFn: async () => (await call(api.GET('/admin/v1/workspaces'))).items ?? [],
  });
}

/** The caller's role in the current workspace (undefined while loading or when not a member). */
export function useMyRole(): WorkspaceRole | undefined {
  const current = useCurrentWorkspace();
  return useWorkspaces().data?.find((w) => w.id === current)?.role;
}

export function useCreateWorkspace() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { id: string; name: string }) => call(api.POST('/admin/v1/workspaces', { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: workspaceKeys.mine }),
  });
}

export function useMembers(workspaceId: string) {
  return useQuery({
    queryKey: workspaceKeys.members(workspaceId),
    queryFn: async () =>
      (await call(api.GET('/admin/v1/workspaces/{workspaceId}/members', { params: { path: { workspaceId } } }))).items ??
      [],
  });
}

export function useInvites(workspaceId: string, enabled: boolean) {
  return useQuery({
    queryKey: workspaceKeys.invites(workspaceId),
    enabled,
    queryFn: async () =>
      (await call(api.GET('/admin/v1/workspaces/{workspaceId}/invites', { params: { path: { workspaceId } } }))).items ??
      [],
  });
}

export function useChangeRole(workspaceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ username, role }: { username: string; role: WorkspaceRole }) =>
      call(
        api.PUT('/admin/v1/workspaces/{workspaceId}/members/{username}', {
          params: { path: { workspaceId, username } },
          body: { role },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['workspaces'] }),
  });
}

export function useRemoveMember(workspaceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (username: string) =>
      call(
        api.DELETE('/admin/v1/workspaces/{workspaceId}/members/{username}', {
          params: { path: { workspaceId, username } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: workspaceKeys.members(workspaceId) }),
  });
}

export function useInvite(workspaceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { username?: string; email?: string; role: WorkspaceRole }) =>
      call(api.POST('/admin/v1/workspaces/{workspaceId}/invites', { params: { path: { workspaceId } }, body })),
    onSuccess: () => client.invalidateQueries({ queryKey: workspaceKeys.invites(workspaceId) }),
  });
}

export function useWithdrawInvite(workspaceId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (inviteId: string) =>
      call(
        api.DELETE('/admin/v1/workspaces/{workspaceId}/invites/{inviteId}', {
          params: { path: { workspaceId, inviteId } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: workspaceKeys.invites(workspaceId) }),
  });
}
