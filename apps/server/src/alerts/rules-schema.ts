import { z } from 'zod';

/**
 * The MONITORING_ALERTS file: channels (where notices go) and rules (when). Secrets (bot
 * tokens, webhook URLs, header values) are a literal or `{"env": "NAME"}`, read from the
 * server's environment when the file is loaded, so the file itself can hold none.
 */

const name = z.string().min(1, { message: 'must not be empty' }).max(100);
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'must be an environment variable name' });

/** A secret: a literal, or `{"env": "NAME"}` (the variable must be set and not empty). */
function secret(env: NodeJS.ProcessEnv) {
  return z.union([z.string().min(1, { message: 'must not be empty' }), z.strictObject({ env: envName })]).transform((value, ctx) => {
    if (typeof value === 'string') return value;
    const resolved = env[value.env];
    if (resolved === undefined || resolved === '') {
      ctx.addIssue({ code: 'custom', message: `the environment variable ${value.env} is not set` });
      return z.NEVER;
    }
    return resolved;
  });
}

const httpUrl = z.string().refine(
  (v) => {
    try {
      return ['http:', 'https:'].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  },
  { message: 'must be an http:// or https:// URL' },
);

/** Telegram's public Bot API host (a self-hosted Bot API server goes in `api_url`). */
export const TELEGRAM_API_URL = 'https://api.telegram.org';

function channelSchema(env: NodeJS.ProcessEnv) {
  const s = secret(env);
  const url = s.pipe(httpUrl);
  return z.discriminatedUnion('type', [
    z.strictObject({
      type: z.literal('telegram'),
      bot_token: s,
      chat_id: z.union([z.string().min(1), z.number().int()]).transform(String),
      /** Where the Bot API is: Telegram's by default, or a self-hosted Bot API server. */
      api_url: httpUrl.default(TELEGRAM_API_URL),
      /** A forum topic of the chat. */
      message_thread_id: z.number().int().positive().optional(),
    }),
    z.strictObject({ type: z.literal('slack'), url }),
    z.strictObject({ type: z.literal('discord'), url }),
    z.strictObject({
      type: z.literal('webhook'),
      url,
      headers: z.record(z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, { message: 'must be an HTTP header name' }), s).default({}),
    }),
  ]);
}

const positive = z.number().positive().finite();
const percent = z.number().positive().max(1000);
/** An agent or machine name a rule is narrowed to (as the events name them: `claude-code`, `laptop-1`). */
const scopeName = z.string().min(1, { message: 'must not be empty' }).max(128).optional();

/** The conditions of a rule's `when` (exactly one). */
export const conditionSchemas = {
  /** A task failed (once per task); `match`: only tasks whose id or description contains it (case-insensitive). */
  task_failed: z.strictObject({ match: z.string().min(1).max(200).optional() }),
  /** A running task has had no update for `minutes` (default MONITORING_STALE_TASK_MINUTES); resolved when it moves again. */
  task_stale: z.strictObject({ minutes: positive.max(525_600).optional() }),
  /** The cost of the last `hours` hours is at least `usd`; optionally of one project, one agent and/or one machine only. */
  cost_over: z.strictObject({ usd: positive, hours: positive.max(168), project: z.string().min(1).optional(), agent: scopeName, machine: scopeName }),
  /** API errors per minute, averaged over the last `minutes` (default 5), are at least `per_minute`. */
  error_rate: z.strictObject({ per_minute: positive, minutes: z.number().int().min(1).max(60).default(5) }),
  /** A part of the server is degraded (health); `source` narrows to one component (`store`, `source:claude`, …). */
  source_degraded: z.strictObject({ source: z.string().min(1).optional() }),
  /** Nothing arrived for `minutes` (from one agent and/or one machine, when named): one that went quiet, not one never heard from. */
  no_data: z.strictObject({ minutes: positive.max(525_600), agent: scopeName, machine: scopeName }),
  /** An agent session has waited for input (a permission, a question) for `seconds`. */
  needs_input_for: z.strictObject({ seconds: positive, agent: z.string().min(1).optional() }),
  /** A plan limit's window is at least `percent` used; `window` names one (as the limits report it), `agent` one agent. */
  limit_over: z.strictObject({ percent, window: z.string().min(1).optional(), agent: z.string().min(1).optional() }),
  /** At the current pace a plan limit reaches `percent` (default 100) before its window resets. */
  limit_projected: z.strictObject({ percent: percent.default(100), window: z.string().min(1).optional(), agent: z.string().min(1).optional() }),
} as const;

export type ConditionName = keyof typeof conditionSchemas;
export const CONDITION_NAMES = Object.keys(conditionSchemas) as ConditionName[];
export type Condition = { [K in ConditionName]: { type: K } & z.output<(typeof conditionSchemas)[K]> }[ConditionName];

const whenSchema = z
  .strictObject(Object.fromEntries(CONDITION_NAMES.map((n) => [n, conditionSchemas[n].optional()])) as { [K in ConditionName]: z.ZodOptional<(typeof conditionSchemas)[K]> })
  .transform((when, ctx): Condition => {
    const given = CONDITION_NAMES.filter((n) => when[n] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({ code: 'custom', message: `must name exactly one condition (one of ${CONDITION_NAMES.join(', ')})${given.length > 1 ? `, not ${given.join(' and ')}` : ''}` });
      return z.NEVER;
    }
    const type = given[0] as ConditionName;
    return { type, ...(when[type] as object) } as Condition;
  });

const ruleSchema = z.strictObject({
  name,
  when: whenSchema,
  /** Channel names. */
  notify: z.array(name).min(1, { message: 'must name at least one channel' }),
  /** While the alert stays on, a reminder every this many seconds. Default: none. */
  repeat_after: positive.min(60).optional(),
  /** `false` keeps a rule in the file without evaluating it. Default true. */
  enabled: z.boolean().default(true),
});

/** The file's schema, reading `{"env": …}` secrets from `env`. */
export function alertsFileSchema(env: NodeJS.ProcessEnv) {
  return z
    .strictObject({
      channels: z.record(name, channelSchema(env)),
      rules: z.array(ruleSchema).max(1000),
    })
    .superRefine((file, ctx) => {
      const seen = new Set<string>();
      file.rules.forEach((rule, i) => {
        if (seen.has(rule.name)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'name'], message: `"${rule.name}" is the name of an earlier rule` });
        seen.add(rule.name);
        rule.notify.forEach((channel, j) => {
          if (!(channel in file.channels)) {
            ctx.addIssue({ code: 'custom', path: ['rules', i, 'notify', j], message: `no channel "${channel}" (channels: ${Object.keys(file.channels).join(', ') || 'none'})` });
          }
        });
      });
    });
}

export type AlertsFile = z.output<ReturnType<typeof alertsFileSchema>>;
export type Channel = AlertsFile['channels'][string];
export type Rule = AlertsFile['rules'][number];
