import { useSyncExternalStore } from 'react';
import { loadToken, onTokenChange } from '../lib/token';

/** Whether an access token is kept for this session; re-renders when it is saved or forgotten. */
export function useHasToken(): boolean {
  return useSyncExternalStore(onTokenChange, () => loadToken() !== null);
}
