/**
 * The signed-in admin's token. Kept in localStorage so a reload keeps the session; it is a bearer JWT
 * with the server's expiry, dropped on sign-out or on the first 401.
 */
const KEY = 'switchboard.session';

export interface Session {
  token: string;
  username: string;
  expiresAt: string;
}

type Listener = (session: Session | null) => void;
const listeners = new Set<Listener>();

function read(): Session | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    if (!session.token || Date.parse(session.expiresAt) <= Date.now()) return null;
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

/** Signs out locally; `expired` tells the login page to say why. */
export function signOut(expired = false): void {
  if (current === null) return;
  current = null;
  localStorage.removeItem(KEY);
  if (expired) sessionStorage.setItem('switchboard.expired', '1');
  listeners.forEach((listener) => listener(null));
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
