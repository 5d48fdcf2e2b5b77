/**
 * The workspace the console acts in: sent as the X-Workspace header with every admin request and kept
 * in localStorage so a reload stays in it. `default` until the admin picks another.
 */
import { useSyncExternalStore } from 'react';

const KEY = 'switchboard.workspace';
export const DEFAULT_WORKSPACE = 'default';

type Listener = () => void;
const listeners = new Set<Listener>();

let current: string =
  (typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY)) || DEFAULT_WORKSPACE;

export function currentWorkspace(): string {
  return current;
}

export function selectWorkspace(id: string): void {
  if (id === current) return;
  current = id;
  localStorage.setItem(KEY, id);
  listeners.forEach((listener) => listener());
}

function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useCurrentWorkspace(): string {
  return useSyncExternalStore(subscribe, currentWorkspace, currentWorkspace);
}
