import type { SubscribePayload } from '@amiga/protocol';
import { receiveDelta } from '../lib/delta';
import { send, updateSizes, type BenchSocket } from './socket';
import { logEntry, tally, useBench } from './store';

const set = useBench.setState;

/** The last subscription asked for, replayed after a reconnect. */
let subscription: NonNullable<SubscribePayload> | null = null;
let refreshSentAt: number | null = null;
/** A full snapshot was asked for after a delta gap and has not come yet. */
let refilling = false;

export function subscribe(hours: number, updateInterval: number, delta: boolean): void {
  subscription = { hours, update_interval: updateInterval, ...(delta ? { delta: true } : {}) };
  send('subscribe', subscription);
}

/** After a (re)connect: the server forgot the subscription with the old connection. */
export function replaySubscription(): void {
  refilling = false;
  if (subscription) send('subscribe', subscription);
}

export function unsubscribe(): void {
  subscription = null;
  send('unsubscribe');
}

export function requestRefresh(hours: number): void {
  if (send('request_refresh', { hours })) refreshSentAt = performance.now();
}

export function setInterval(interval: number): void {
  if (subscription) subscription = { ...subscription, update_interval: interval };
  send('set_interval', { interval });
}

/** Full snapshots replace the one held; deltas build on it, and a gap asks for a full one again. */
export function attachSubscription(s: BenchSocket): void {
  s.on('metrics_update', (snapshot) => {
    const bytes = updateSizes.take('metrics_update');
    const rtt = refreshSentAt === null ? {} : { rttMs: Math.round(performance.now() - refreshSentAt) };
    refreshSentAt = null;
    refilling = false;
    set((st) => ({ latest: snapshot, full: tally(st.full, bytes), ...rtt }));
  });
  s.on('metrics_delta', (delta) => {
    const bytes = updateSizes.take('metrics_delta');
    const outcome = receiveDelta(useBench.getState().latest, delta);
    if (outcome.kind === 'applied') {
      set((st) => ({ latest: outcome.snapshot, delta: tally(st.delta, bytes) }));
      return;
    }
    set((st) => ({ delta: tally(st.delta, bytes), gaps: st.gaps + 1 }));
    logEntry('sys', 'delta gap', `builds on seq ${delta.base_seq}, holding ${outcome.held ?? 'none'}: asking for a full snapshot`);
    if (refilling) return;
    refilling = subscription?.hours === undefined ? send('request_refresh') : send('request_refresh', { hours: subscription.hours });
  });
}
