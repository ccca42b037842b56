import { useEffect } from 'react';
import { retainAlerts } from '../live/alerts';
import { useAlerts, type AlertsState } from '../state/alerts';

/** The server's alerts, polled while the calling component is mounted. */
export function useAlertsFeed(): AlertsState {
  useEffect(() => retainAlerts(), []);
  return useAlerts();
}
