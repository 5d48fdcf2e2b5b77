/**
 * The signed-in admin's tokens. Kept in localStorage so a reload keeps the session: a short bearer JWT
 * (`token`, renewed with the one-time `refreshToken` shortly before `expiresAt`) for the session's
 * lifetime (`refreshExpiresAt`); dropped on sign-out (which ends the session on the server too) or on
 * the first 401.
 */
const KEY = 'switchboard.session';

export interface Session {
  token: string;
  username: string;
  expiresAt: string;
  refreshToken?: string;
  refreshExpiresAt?: string;
}

type Listener = (session: Session | null) => void;
const listeners = new Set<Listener>();

function read(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    const end = session.refreshToken && session.refreshExpiresAt ? session.refreshExpiresAt : session.expiresAt;
    if (!session.token || Date.parse(end) <= Date.now()) return null;
    return session;
  } catch {
    return null;
  }
}

let current: Session | null = typeof localStorage === 'undefined' ? null : read();

export function session(): Session | null {
  return current;
}

export function signIn(next: Session): void {
  current = next;
  localStorage.setItem(KEY, JSON.stringify(next));
  listeners.forEach((listener) => listener(current));
}

/** Signs out (ending the session on the server unless it has ended); `expired` tells the login page to say why. */
export function signOut(expired = false): void {
  if (current === null) return;
  if (!expired) {
    void fetch('/admin/v1/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${current.token}` } }).catch(
      () => undefined,
    );
  }
  current = null;
  localStorage.removeItem(KEY);
  if (expired) sessionStorage.setItem('switchboard.expired', '1');
  listeners.forEach((listener) => listener(null));
}

let refreshing: Promise<void> | null = null;

/**
 * The session with an access token valid for at least another 30 s: refreshes it first when needed (one
 * refresh at a time; a refused refresh signs out).
 */
export async function freshSession(): Promise<Session | null> {
  const now = current;
  if (!now?.refreshToken || Date.parse(now.expiresAt) - Date.now() > 30_000) return now;
  refreshing ??= (async () => {
    try {
      const response = await fetch('/admin/v1/auth/refresh', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: now.refreshToken }),
      });
      if (!response.ok) {
        signOut(true);
        return;
      }
      const answer = (await response.json()) as Omit<Session, 'username'>;
      signIn({ ...answer, username: now.username });
    } finally {
      refreshing = null;
    }
  })();
  await refreshing;
  return current;
}

export function takeExpiredNotice(): boolean {
  const expired = sessionStorage.getItem('switchboard.expired') === '1';
  sessionStorage.removeItem('switchboard.expired');
  return expired;
}

export function onSessionChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
