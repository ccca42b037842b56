import type { IRouter, Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { describeIssues } from '../errors/describe-issues.js';
import { ACCESS_LEVELS, grants, refusalMessage, requestToken, type Access, type AccessTokens } from '../security/token.js';
import { sendError } from './errors.js';

export const METHODS = ['get', 'post'] as const;
export type Method = (typeof METHODS)[number];

/** What a handler gets besides the request: the validated query and body, and what the caller's token opens. */
export interface RouteInput<Q, B> {
  query: Q;
  body: B;
  /** Whether the request's token grants `access` (for answers with more detail for token holders). */
  may(access: Access): boolean;
}

export type Handler<Q = unknown, B = unknown> = (req: Request, res: Response, input: RouteInput<Q, B>) => void | Promise<void>;

/** A body and how it is read: parsers run after the access check, then the schema; a refusal is a 400 unless `invalid` answers. */
export interface BodySpec<B extends z.ZodType> {
  schema: B;
  parse: readonly RequestHandler[];
  /** Answers a body the schema refuses (the default: 400 with `describeIssues`). */
  invalid?(req: Request, res: Response, error: z.ZodError): void;
}

/**
 * One row of the route table. `access` is required: a route without one is a
 * start-up error, never an open endpoint.
 */
export interface Route<Q extends z.ZodType = z.ZodType, B extends z.ZodType = z.ZodType> {
  method: Method;
  /** An express 5 path (`/api/health`, `/{*splat}`). */
  path: string;
  access: Access;
  /** The protocol schema of the query string; a refusal is a 400 with `describeIssues`. */
  query?: Q;
  body?: BodySpec<B>;
  /** Middleware after the access check and before validation (the dashboard's static files). */
  use?: readonly RequestHandler[];
  handler(req: Request, res: Response, input: RouteInput<z.output<Q>, z.output<B>>): void | Promise<void>;
}

/** A route, with its handler's input typed from its schemas. */
export function route<Q extends z.ZodType = z.ZodUnknown, B extends z.ZodType = z.ZodUnknown>(r: Route<Q, B>): Route {
  return r as unknown as Route;
}

export class RouteTableError extends Error {
  override name = 'RouteTableError';
}

/** Throws a RouteTableError for a row without a known method, a path, an access level, or declared twice. */
export function checkRoutes(routes: readonly Route[]): void {
  const seen = new Set<string>();
  for (const r of routes) {
    const name = `${String(r.method).toUpperCase()} ${String(r.path)}`;
    if (!(METHODS as readonly unknown[]).includes(r.method)) throw new RouteTableError(`route ${name}: unknown method (one of ${METHODS.join(', ')})`);
    if (typeof r.path !== 'string' || !r.path.startsWith('/')) throw new RouteTableError(`route ${name}: the path must start with /`);
    if (!(ACCESS_LEVELS as readonly unknown[]).includes(r.access)) {
      throw new RouteTableError(`route ${name} declares no access level (one of ${ACCESS_LEVELS.join(', ')}): every route must say who may call it`);
    }
    if (typeof r.handler !== 'function') throw new RouteTableError(`route ${name} has no handler`);
    if (seen.has(name)) throw new RouteTableError(`route ${name} is declared twice`);
    seen.add(name);
  }
}

/** Answers 401 (with `WWW-Authenticate: Bearer`) unless the request's token grants `access`. */
function requireAccess(tokens: AccessTokens, access: Access): RequestHandler {
  return (req, res, next) => {
    if (grants(tokens, requestToken(req.headers, req.query), access)) return next();
    res.set('WWW-Authenticate', 'Bearer realm="amiga-monitor"');
    sendError(res, 401, refusalMessage(tokens, access));
  };
}

/** Validates the query and body with the route's schemas, then runs its handler. */
function run(r: Route, tokens: AccessTokens): RequestHandler {
  return async (req, res) => {
    let body: unknown;
    if (r.body) {
      const parsed = r.body.schema.safeParse(req.body);
      if (!parsed.success) return r.body.invalid ? r.body.invalid(req, res, parsed.error) : sendError(res, 400, describeIssues(parsed.error));
      body = parsed.data;
    }
    let query: unknown;
    if (r.query) {
      const parsed = r.query.safeParse(req.query);
      if (!parsed.success) return sendError(res, 400, describeIssues(parsed.error));
      query = parsed.data;
    }
    const may = (access: Access) => grants(tokens, requestToken(req.headers, req.query), access);
    await r.handler(req, res, { query, body, may });
  };
}

/**
 * Mounts the table on `router`, each route behind its access check, in the table's
 * order. Checks the table first (see `checkRoutes`): the server does not start with
 * a route that does not say who may call it.
 */
export function mountRoutes(router: Pick<IRouter, Method>, routes: readonly Route[], tokens: AccessTokens): void {
  checkRoutes(routes);
  for (const r of routes) {
    const guard: RequestHandler[] = r.access === 'public' ? [] : [requireAccess(tokens, r.access)];
    router[r.method](r.path, ...guard, ...(r.use ?? []), ...(r.body?.parse ?? []), run(r, tokens));
  }
}
