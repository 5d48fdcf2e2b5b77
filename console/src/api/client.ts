import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { ApiError } from './errors';
import { freshSession, signOut } from './session';
import { currentWorkspace } from '../workspaces/current';

/** Adds the bearer token and the workspace header (refreshed first when it is about to expire); a 401 on anything but the login ends the session. */
const auth: Middleware = {
  async onRequest({ request }) {
    if (new URL(request.url).pathname.endsWith('/auth/login')) return request;
    const current = await freshSession();
    if (current) request.headers.set('authorization', `Bearer ${current.token}`);
    // The workspace every admin route acts in (routes that take none ignore it).
    request.headers.set('x-workspace', currentWorkspace());
    return request;
  },
  onResponse({ request, response }) {
    if (response.status === 401 && !new URL(request.url).pathname.endsWith('/auth/login')) signOut(true);
    return response;
  },
};

/** The typed admin API client, generated from the gateway's openapi.yaml. */
export const api = createClient<paths>({ baseUrl: location.origin });
api.use(auth);

/**
 * Unwraps an openapi-fetch result: the data on success, an {@link ApiError} thrown otherwise.
 * `await call(api.GET('/admin/v1/apps'))`.
 */
export async function call<T>(
  request: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await request;
  } catch (failure) {
    throw new ApiError(0, 'network', failure instanceof Error ? failure.message : String(failure));
  }
  if (!result.response.ok) throw ApiError.fromBody(result.response.status, result.error);
  return result.data as T;
}

export type { paths };
export type Schemas = import('./schema').components['schemas'];
