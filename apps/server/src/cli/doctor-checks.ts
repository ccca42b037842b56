import fs from 'node:fs';
import { API_PATHS } from '@amiga/protocol';
import { loadConfig } from '../config/config.js';
import { projectsDirs } from '../sources/claude/dirs.js';
import { TRANSCRIPT_GLOBS } from '../sources/claude/discover.js';
import { codexRoots } from '../sources/codex/dirs.js';
import { ROLLOUT_GLOBS } from '../sources/codex/codex-source.js';
import { geminiRoots } from '../sources/gemini/dirs.js';
import { DOCUMENT_GLOBS, JSONL_GLOBS } from '../sources/gemini/gemini-source.js';
import { Glob, listFiles } from '../sources/follow/glob.js';
import { COMMAND_HOOK_EVENTS, HTTP_HOOK_EVENTS, hookUrl, monitorHookTargets, parseSettings } from './hooks-settings.js';
import { chainedCommand, isOurCommand } from './statusline-settings.js';

/** The variables the folders are resolved from (the server's own rules: config.ts and sources/x/dirs.ts). */
const DIR_VARS = ['HOME', 'CLAUDE_CONFIG_DIR', 'MONITORING_CLAUDE_DIR', 'CODEX_HOME', 'MONITORING_CODEX_DIR', 'MONITORING_GEMINI_DIR'] as const;

export interface FolderReport {
  agent: 'claude' | 'codex' | 'gemini';
  dir: string;
  /** Transcript files the source would read; null when the folder does not exist. */
  files: number | null;
}

/** Each agent's transcript folders as `serve` resolves them, and how many transcripts each holds. */
export async function transcriptFolders(env: NodeJS.ProcessEnv): Promise<FolderReport[]> {
  const config = loadConfig(Object.fromEntries(DIR_VARS.filter((k) => env[k] !== undefined).map((k) => [k, env[k]])));
  const plan: Array<[FolderReport['agent'], string[], readonly string[]]> = [
    ['claude', projectsDirs(config), TRANSCRIPT_GLOBS],
    ['codex', codexRoots(config), ROLLOUT_GLOBS],
    ['gemini', geminiRoots(config), [...DOCUMENT_GLOBS, ...JSONL_GLOBS]],
  ];
  const out: FolderReport[] = [];
  for (const [agent, dirs, globs] of plan) {
    const compiled = globs.map((g) => new Glob(g));
    for (const dir of dirs) {
      const exists = fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory() ?? false;
      out.push({ agent, dir, files: exists ? (await listFiles(dir, compiled)).length : null });
    }
  }
  return out;
}

/** Lines about the hooks and statusLine of a Claude Code settings file, compared with the monitor at `url`. */
export function settingsLines(file: string, url: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return [`  ${file}: not found (hooks and statusLine not installed)`];
  }
  let settings: Record<string, unknown>;
  try {
    settings = parseSettings(text, file);
  } catch (err) {
    return [`  ${(err as Error).message.replace(/; fix it first, nothing was written$/, '')}`];
  }
  const lines = [`  ${file}`];
  const targets = monitorHookTargets(settings);
  const all = [...HTTP_HOOK_EVENTS, ...COMMAND_HOOK_EVENTS] as readonly string[];
  if (targets.length === 0) lines.push('  hooks: none of AMIGA Monitor (amiga-monitor hooks install)');
  else {
    const events = new Set(targets.map((t) => t.event));
    const missing = all.filter((e) => !events.has(e));
    const urls = [...new Set(targets.map((t) => t.target))];
    const here = urls.length === 1 && urls[0] === hookUrl(url);
    lines.push(
      `  hooks: ${events.size} of ${all.length} events post to ${urls.join(', ')}${here ? ' (this monitor)' : ` (not ${hookUrl(url)})`}` +
        (missing.length > 0 ? `; missing: ${missing.join(', ')}` : ''),
    );
  }
  const line = settings.statusLine;
  const command = typeof line === 'string' ? line : line && typeof line === 'object' ? (line as { command?: unknown }).command : undefined;
  if (typeof command !== 'string' || command.trim() === '') lines.push('  statusLine: none');
  else if (!isOurCommand(command)) lines.push('  statusLine: another command, not AMIGA Monitor (amiga-monitor statusline install chains it)');
  else {
    const posts = /--url='([^']*)'/.exec(command)?.[1] ?? 'MONITORING_URL or http://127.0.0.1:3000';
    const chain = chainedCommand(command);
    lines.push(`  statusLine: amiga-monitor statusline, posting to ${posts}${posts.replace(/\/+$/, '') === url ? ' (this monitor)' : ''}${chain ? `, chaining ${chain}` : ''}`);
  }
  return lines;
}

/** The OTLP settings of Claude Code and OpenTelemetry exporters in this environment. */
export const OTLP_VARS = [
  'CLAUDE_CODE_ENABLE_TELEMETRY',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_PROTOCOL',
  'OTEL_LOGS_EXPORTER',
  'OTEL_METRICS_EXPORTER',
  'OTEL_EXPORTER_OTLP_HEADERS',
] as const;

export function otlpLines(env: NodeJS.ProcessEnv): string[] {
  return OTLP_VARS.map((name) => {
    const value = env[name];
    if (value === undefined || value === '') return `  ${name}: unset`;
    // Headers carry tokens: say they are set, not what they are.
    return `  ${name}=${name === 'OTEL_EXPORTER_OTLP_HEADERS' ? '(set, not shown)' : value}`;
  });
}

/** Whether the server answers GET /api/health, in one line. */
export async function healthLine(url: string, token: string | undefined, timeoutMs: number): Promise<string> {
  const start = performance.now();
  try {
    const res = await fetch(`${url}${API_PATHS.health}`, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: AbortSignal.timeout(timeoutMs) });
    const body = (await res.json().catch(() => null)) as { status?: unknown; version?: unknown } | null;
    const ms = Math.round(performance.now() - start);
    const status = typeof body?.status === 'string' ? ` status=${body.status}` : '';
    const version = typeof body?.version === 'string' ? ` version=${body.version}` : '';
    return `  ${API_PATHS.health}: answers HTTP ${res.status}${status}${version} in ${ms} ms`;
  } catch (err) {
    const c = (err as { cause?: { code?: string; message?: string } }).cause;
    const cause = c?.code ?? c?.message ?? (err as Error).name;
    return `  ${API_PATHS.health}: no answer (${cause === 'TimeoutError' ? `no reply within ${timeoutMs} ms` : cause})`;
  }
}
