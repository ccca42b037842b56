import { z } from 'zod';

/**
 * The JSON Claude Code sends to a hook (an HTTP hook's POST body, a command hook's stdin),
 * as its hooks reference documents it. Every event has the common fields; each event adds
 * its own. Unknown fields are kept (newer Claude Code versions add some), unknown event
 * names are accepted and ignored by the receiver.
 */
const text = z.string().max(100_000);
const optionalText = text.optional();

/** Fields every hook event carries. `session_id` and `hook_event_name` are required. */
export const hookCommon = z.looseObject({
  session_id: z.string({ message: 'session_id must be a string' }).min(1, { message: 'session_id must not be empty' }).max(200),
  hook_event_name: z.string({ message: 'hook_event_name must be a string' }).min(1, { message: 'hook_event_name must not be empty' }).max(100),
  transcript_path: optionalText,
  cwd: optionalText,
  permission_mode: optionalText,
  /** Inside a subagent: its id and type. */
  agent_id: optionalText,
  agent_type: optionalText,
});

const toolCall = {
  tool_name: z.string().min(1).max(500),
  tool_input: z.unknown().optional(),
  tool_use_id: z.string().max(500).optional(),
};

/** The body of `POST /api/hooks/claude-code`: any hook event, checked by the schema of its own name when it is known. */
export const HOOK_EVENT_SCHEMAS = {
  PreToolUse: hookCommon.extend(toolCall),
  PostToolUse: hookCommon.extend({
    ...toolCall,
    tool_response: z.unknown().optional(),
    /** How long the tool ran, ms (newer Claude Code versions). */
    duration_ms: z.number().finite().nonnegative().optional(),
  }),
  PostToolUseFailure: hookCommon.extend({
    ...toolCall,
    error: z.unknown().optional(),
    is_interrupt: z.boolean().optional(),
    duration_ms: z.number().finite().nonnegative().optional(),
  }),
  PermissionRequest: hookCommon.extend({ tool_name: z.string().max(500).optional(), tool_input: z.unknown().optional(), permission_suggestions: z.unknown().optional() }),
  /** `notification_type`: `permission_prompt`, `idle_prompt`, `auth_success`, `elicitation_dialog`, … */
  Notification: hookCommon.extend({ message: optionalText, title: optionalText, notification_type: optionalText }),
  UserPromptSubmit: hookCommon.extend({ prompt: text.optional() }),
  Stop: hookCommon.extend({ stop_hook_active: z.boolean().optional() }),
  SubagentStart: hookCommon,
  SubagentStop: hookCommon.extend({ stop_hook_active: z.boolean().optional(), agent_transcript_path: optionalText }),
  /** `source`: `startup`, `resume`, `clear` or `compact`. */
  SessionStart: hookCommon.extend({ source: optionalText, model: optionalText }),
  /** `reason`: `clear`, `logout`, `prompt_input_exit`, `other`, … */
  SessionEnd: hookCommon.extend({ reason: optionalText }),
  PreCompact: hookCommon.extend({ trigger: optionalText, custom_instructions: optionalText }),
} as const;
export type HookEventName = keyof typeof HOOK_EVENT_SCHEMAS;
export const HOOK_EVENT_NAMES = Object.keys(HOOK_EVENT_SCHEMAS) as HookEventName[];

/** A hook event of a name the schema table knows, typed by that name. */
export type HookEvent = { [K in HookEventName]: z.output<(typeof HOOK_EVENT_SCHEMAS)[K]> & { hook_event_name: K } }[HookEventName];

/**
 * The receiver's schema: an object with `session_id` and `hook_event_name`, then the fields
 * of its event (when the name is known) checked by that event's schema.
 */
export const claudeHookBody = z
  .unknown()
  .superRefine((value, ctx) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      ctx.addIssue({ code: 'custom', message: 'expected a JSON object (a Claude Code hook event)' });
      return;
    }
    const name = (value as { hook_event_name?: unknown }).hook_event_name;
    const schema = typeof name === 'string' && Object.hasOwn(HOOK_EVENT_SCHEMAS, name) ? HOOK_EVENT_SCHEMAS[name as HookEventName] : hookCommon;
    const parsed = schema.safeParse(value);
    if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  })
  .transform((value) => value as z.output<typeof hookCommon>);
export type ClaudeHookBody = z.output<typeof claudeHookBody>;

/** Whether a hook body is of a known event (then its fields passed that event's schema). */
export function isKnownHook(body: ClaudeHookBody): body is ClaudeHookBody & HookEvent {
  return Object.hasOwn(HOOK_EVENT_SCHEMAS, body.hook_event_name);
}
