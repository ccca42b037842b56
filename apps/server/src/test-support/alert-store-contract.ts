import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AlertChange, AlertStore } from '../store/alert-store.js';
import type { Store } from '../store/store.js';

/** What every store's alert tables must do (run against SQLite and PostgreSQL). `open` returns a new, empty store. */
export function describeAlertStoreContract(name: string, open: () => Promise<Store>): void {
  describe(`${name}: the alert store contract`, () => {
    let store: Store;
    let alerts: AlertStore;
    beforeEach(async () => {
      store = await open();
      expect(store.alerts).toBeDefined();
      alerts = store.alerts!;
    });
    afterEach(async () => {
      await store.close();
    });
    const fire = (instance: string, at: number, o: Partial<Extract<AlertChange, { type: 'fire' }>> = {}): AlertChange => ({
      type: 'fire',
      rule: 'budget',
      instance,
      kind: 'state',
      at,
      alert: { cost_usd: 51.5, text: 'quote " brace } emoji 🚀' },
      channels: ['ops', 'team'],
      ...o,
    });

    it('fire records the alert and one notice per channel, once however often it is asked', async () => {
      expect(await alerts.applyAlertChanges([fire('all', 100)])).toBe(2);
      expect(await alerts.applyAlertChanges([fire('all', 101), fire('all', 102)])).toBe(0);
      const active = await alerts.activeAlerts();
      expect(active).toEqual([{ rule: 'budget', instance: 'all', kind: 'state', firedAt: 100, notifiedAt: 100, alert: { cost_usd: 51.5, text: 'quote " brace } emoji 🚀' } }]);
      const deliveries = await alerts.recentDeliveries(10);
      expect(deliveries.map((d) => [d.channel, d.notice, d.status, d.attempts, d.nextAt])).toEqual([
        ['team', 'fired', 'pending', 0, 0],
        ['ops', 'fired', 'pending', 0, 0],
      ]);
      expect(deliveries[0]!.alert).toEqual({ cost_usd: 51.5, text: 'quote " brace } emoji 🚀' });
    });

    it('resolve notifies only an active alert; remind only after notifiedBefore; drop is silent', async () => {
      await alerts.applyAlertChanges([fire('a', 100), fire('b', 100)]);
      const resolve: AlertChange = { type: 'resolve', rule: 'budget', instance: 'a', at: 200, alert: { cost_usd: 10 }, channels: ['ops'] };
      expect(await alerts.applyAlertChanges([resolve])).toBe(1);
      expect(await alerts.applyAlertChanges([resolve])).toBe(0);
      const remind = (at: number): AlertChange => ({ type: 'remind', rule: 'budget', instance: 'b', at, notifiedBefore: at - 50, alert: {}, channels: ['ops'] });
      expect(await alerts.applyAlertChanges([remind(120)])).toBe(0); // notified at 100, not before 70
      expect(await alerts.applyAlertChanges([remind(160)])).toBe(1);
      expect(await alerts.applyAlertChanges([remind(170)])).toBe(0); // notified at 160 now
      expect((await alerts.activeAlerts()).map((a) => [a.instance, a.notifiedAt])).toEqual([['b', 160]]);
      expect(await alerts.applyAlertChanges([{ type: 'drop', rule: 'budget', instance: 'b' }])).toBe(0);
      expect(await alerts.activeAlerts()).toEqual([]);
      const notices = (await alerts.recentDeliveries(10)).map((d) => `${d.instance}:${d.notice}`);
      expect(notices).toEqual(['b:reminder', 'a:resolved', 'b:fired', 'b:fired', 'a:fired', 'a:fired']);
    });

    it('due deliveries by next attempt; settling only a pending one; tests are notices without state', async () => {
      await alerts.applyAlertChanges([{ type: 'test', at: 50, alert: { test: true }, channels: ['hook'] }, fire('x', 100, { channels: ['ops'] })]);
      expect(await alerts.activeAlerts()).toHaveLength(1);
      expect(await alerts.nextDeliveryAt()).toBe(0);
      const due = await alerts.dueDeliveries(60, 1);
      expect(due.map((d) => [d.notice, d.rule, d.channel])).toEqual([['test', '', 'hook']]);
      const test = due[0]!;
      await alerts.settleDelivery(test.id, { status: 'pending', attempts: 1, nextAt: 130, error: 'HTTP 500' });
      expect((await alerts.dueDeliveries(120, 10)).map((d) => d.notice)).toEqual(['fired']);
      expect((await alerts.dueDeliveries(130, 10)).map((d) => d.notice)).toEqual(['fired', 'test']);
      expect(await alerts.nextDeliveryAt()).toBe(0);
      await alerts.settleDelivery(due[0]!.id + 1, { status: 'pending', attempts: 1, nextAt: 125, error: 'HTTP 502' });
      expect(await alerts.nextDeliveryAt()).toBe(125);
      expect((await alerts.dueDeliveries(124, 10)).map((d) => d.notice)).toEqual([]);
      await alerts.settleDelivery(test.id, { status: 'delivered', attempts: 2, nextAt: 131, deliveredAt: 131 });
      // Settled: a late outcome (another node's, a retry's) does not change it.
      await alerts.settleDelivery(test.id, { status: 'failed', attempts: 3, nextAt: 140, error: 'late' });
      const settled = (await alerts.recentDeliveries(10)).find((d) => d.id === test.id)!;
      expect([settled.status, settled.attempts, settled.deliveredAt, settled.lastError]).toEqual(['delivered', 2, 131, null]);
      expect((await alerts.dueDeliveries(1e12, 5)).map((d) => d.notice)).toEqual(['fired']);
    });

    it('prunes event alerts fired before a time, and settled deliveries beyond the newest ones kept', async () => {
      await alerts.applyAlertChanges([fire('t1', 100, { kind: 'event' }), fire('t2', 300, { kind: 'event' }), fire('s', 100, { channels: [] })]);
      const ids = (await alerts.recentDeliveries(10)).map((d) => d.id);
      for (const id of ids.slice(1)) await alerts.settleDelivery(id, { status: 'delivered', attempts: 1, nextAt: 0, deliveredAt: 400 });
      await alerts.pruneAlerts(200, 2);
      expect((await alerts.activeAlerts()).map((a) => a.instance).sort()).toEqual(['s', 't2']);
      // Four notices: the newest pending one and the next settled one are kept, older settled ones go.
      expect((await alerts.recentDeliveries(10)).map((d) => d.id)).toEqual(ids.slice(0, 2));
      // A pruned event alert can fire again (the evaluator only asks for recent events).
      expect(await alerts.applyAlertChanges([fire('t1', 500, { kind: 'event', channels: ['ops'] })])).toBe(1);
    });
  });
}
