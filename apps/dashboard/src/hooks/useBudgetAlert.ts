import { useEffect, useRef } from 'react';
import { formatUsd } from '../lib/format';

/**
 * Whether `cost` is over `budget`; on crossing the limit (not on every update while over),
 * shows a browser notification when the user has granted permission.
 */
export function useBudgetAlert(cost: number | null, budget: number | null, windowHours: number): boolean {
  const over = cost !== null && budget !== null && cost >= budget;
  const wasOver = useRef(false);
  useEffect(() => {
    if (over && !wasOver.current && typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      new Notification('AMIGA Monitor: budget exceeded', {
        body: `${formatUsd(cost ?? 0)} spent in the last ${windowHours} h (limit ${formatUsd(budget ?? 0)})`,
        tag: 'amiga-budget',
      });
    }
    wasOver.current = over;
  }, [over, cost, budget, windowHours]);
  return over;
}
