import path from 'node:path';
import { z } from 'zod';

/** Data sources a server can run; `none` runs only the ingest API. */
export const SOURCE_NAMES = ['none'] as const;

const boolean = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));

const envSchema = z.object({
  /** Interface to listen on. Default `127.0.0.1` (loopback only). */
  MONITORING_HOST: z.string().min(1).default('127.0.0.1'),
  /** TCP port. Default 3000; 0 picks a free port. */
  MONITORING_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Verbose (debug-level) logs. Default off. */
  MONITORING_DEBUG: boolean.default(false),
  /** SQLite file path, or `:memory:`. Default `./data/amiga-monitor.db`. */
  MONITORING_DB: z.string().min(1).default(path.join('data', 'amiga-monitor.db')),
  /** Comma-separated data sources to run, or `none`. Default `none` (ingest API only). */
  MONITORING_SOURCES: z
    .string()
    .default('none')
    .transform((value, ctx) => {
      const names = value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      for (const name of names) {
        if (!(SOURCE_NAMES as readonly string[]).includes(name)) {
          ctx.addIssue({ code: 'custom', message: `unknown source "${name}" (known: ${SOURCE_NAMES.join(', ')})` });
        }
      }
      return names.filter((n) => n !== 'none');
    }),
  /** Folder holding the dashboard's production build. Default: the @amiga/dashboard package's `dist`. */
  MONITORING_DASHBOARD_DIR: z.string().min(1).optional(),
  /** Log level (`fatal` … `trace`); overrides MONITORING_DEBUG. */
  MONITORING_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
});

export type Config = {
  host: string;
  port: number;
  debug: boolean;
  dbPath: string;
  sources: string[];
  dashboardDir: string | undefined;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
};

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the configuration from environment variables; throws a ConfigError naming the bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  const e = result.data;
  return {
    host: e.MONITORING_HOST,
    port: e.MONITORING_PORT,
    debug: e.MONITORING_DEBUG,
    dbPath: e.MONITORING_DB,
    sources: e.MONITORING_SOURCES,
    dashboardDir: e.MONITORING_DASHBOARD_DIR,
    logLevel: e.MONITORING_LOG_LEVEL ?? (e.MONITORING_DEBUG ? 'debug' : 'info'),
  };
}

/** A configuration for tests and embedding: in-memory store, free port, quiet logs. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    host: '127.0.0.1',
    port: 0,
    debug: false,
    dbPath: ':memory:',
    sources: [],
    dashboardDir: undefined,
    logLevel: 'silent',
    ...overrides,
  };
}
