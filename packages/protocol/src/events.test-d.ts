import { expectTypeOf, test } from 'vitest';
import type { ClientToServerEvents, MetricsSnapshot, ServerToClientEvents } from './index.js';

test('client events take the payloads the schemas accept', () => {
  const emit = <K extends keyof ClientToServerEvents>(_event: K, ..._args: Parameters<ClientToServerEvents[K]>) => {};
  emit('subscribe', { hours: 24, update_interval: 2 });
  emit('subscribe');
  emit('unsubscribe');
  emit('request_refresh', { hours: 6 });
  emit('request_refresh');
  emit('set_interval', { interval: 5 });
  // @ts-expect-error interval is required
  emit('set_interval', {});
  // @ts-expect-error interval is a number
  emit('set_interval', { interval: 'soon' });
  // @ts-expect-error hours is a number
  emit('subscribe', { hours: '24' });
  // @ts-expect-error no such event
  emit('subscribe_everything', {});
});

test('server events carry the v1 payloads', () => {
  expectTypeOf<Parameters<ServerToClientEvents['connected']>[0]>().toEqualTypeOf<{
    status: 'connected';
    client_id: string;
  }>();
  expectTypeOf<Parameters<ServerToClientEvents['subscribed']>[0]['config']>().toEqualTypeOf<{
    hours: number;
    update_interval: number;
    delta?: true | undefined;
    // Added: the filter, echoed only when the client asked for one.
    agent?: string | undefined;
    machine?: string | undefined;
  }>();
  expectTypeOf<Parameters<ServerToClientEvents['metrics_update']>[0]>().toEqualTypeOf<MetricsSnapshot>();
  expectTypeOf<Parameters<ServerToClientEvents['error']>[0]>().toEqualTypeOf<{ error: string; timestamp: number }>();
  expectTypeOf<MetricsSnapshot['overview']['costs']['haiku_cost']>().toBeNumber();
  // @ts-expect-error the v1 field names stay as they are
  expectTypeOf<MetricsSnapshot['overview']['costs']['haikuCost']>().toBeNumber();
  // @ts-expect-error no such server event
  expectTypeOf<ServerToClientEvents['metrics']>().toBeFunction();
});
