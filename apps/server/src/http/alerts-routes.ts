import express from 'express';
import type { AlertsStatus, AlertTestRequest } from '@amiga/protocol';
import type { AlertService } from '../alerts/service.js';
import { StoreUnavailableError } from '../store/unavailable.js';
import { sendError } from './errors.js';
import type { Handler } from './route.js';

/** What `GET /api/alerts` answers on a server without a MONITORING_ALERTS file. */
const DISABLED: AlertsStatus = { enabled: false, problem: null, channels: [], rules: [], active: [], deliveries: [] };

/** The body of `POST /api/alerts/test`: small JSON. */
export const alertTestJson = express.json({ limit: '4kb', type: () => true });

/** `GET /api/alerts`: the rules, the alerts on, and the last deliveries with their status. */
export function alertsHandler(alerts: AlertService | undefined): Handler {
  return async (_req, res) => {
    if (!alerts) return void res.json(DISABLED);
    try {
      res.json(await alerts.status());
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      res.set('Retry-After', String(err.retryAfterSeconds));
      sendError(res, 503, `alerts are unavailable: ${err.message}`);
    }
  };
}

/** `POST /api/alerts/test {channel}`: sends a test message through a channel and answers with the delivery once tried. */
export function alertTestHandler(alerts: AlertService | undefined): Handler<unknown, AlertTestRequest> {
  return async (_req, res, { body }) => {
    if (!alerts) return sendError(res, 409, 'alerts are off: set MONITORING_ALERTS to a rules file');
    try {
      const delivery = await alerts.test(body.channel);
      if (!delivery) return sendError(res, 404, `no channel "${body.channel}" (channels: ${Object.keys(alerts.rules.channels).join(', ') || 'none'})`);
      res.json({ delivery });
    } catch (err) {
      if (!(err instanceof StoreUnavailableError)) throw err;
      res.set('Retry-After', String(err.retryAfterSeconds));
      sendError(res, 503, `alerts are unavailable: ${err.message}`);
    }
  };
}
