import express, { type Express } from 'express';
import { securityHeaders } from '../security/headers.js';
import { errorHandler, sendError } from './errors.js';
import { cors, rateLimit } from './middleware.js';
import { mountRoutes, type Route } from './route.js';
import { routeTable, type RoutesDeps } from './routes.js';

export type HttpAppDeps = RoutesDeps;

/**
 * The HTTP side: security headers, CORS and per-IP limits first, then the route
 * table (each route behind its access check), then a JSON 404 for anything else.
 * `routes` is the table as mounted.
 */
export function createHttpApp(d: HttpAppDeps): { app: Express; routes: readonly Route[] } {
  const { config, logger } = d;
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(securityHeaders());
  app.use(cors(config.corsOrigins));
  // req.ip agrees with clientAddress (the same proxy-addr trust function).
  if (config.trustProxy) app.set('trust proxy', config.trustProxy);
  app.use(rateLimit(config.httpRate, config.trustProxy));
  const routes = routeTable(d);
  mountRoutes(app, routes, { token: config.token, ingestToken: config.ingestToken, adminToken: config.adminToken });
  app.use((_req, res) => sendError(res, 404, 'no such endpoint'));
  app.use(errorHandler(logger));
  return { app, routes };
}
