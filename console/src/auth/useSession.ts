import { useSyncExternalStore } from 'react';
import { onSessionChange, session } from '../api/session';

export function useSession() {
  return useSyncExternalStore(onSessionChange, session, session);
}
