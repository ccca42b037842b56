import { useEffect } from 'react';
import { retain } from '../live/connection';
import { useMonitor } from '../state/store';

/** Holds the module-level live connection open while the calling component is mounted. */
export function useMetricsSocket() {
  useEffect(() => retain(), []);
  return useMonitor((s) => s.status);
}
