import { windowPace, type AgentBlocks, type CurrentBlock, type LimitEntry, type LimitSource } from '@amiga/protocol';

/**
 * What the "Plan limits" panel shows, as pure functions of the snapshot's `limits` and `blocks`
 * and the time: the wording of resets and pace, and which number is measured (reported by the
 * agent) and which is estimated (counted from the requests).
 */

/** A duration in seconds as `2 h 14 min`, `45 min`, `3 d 4 h`; under a minute is `< 1 min`. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return '< 1 min';
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return minutes > 0 ? `${hours} h ${minutes} min` : `${hours} h`;
  return `${minutes} min`;
}

/** The entry as it stands at `now`: a window whose `resets_at` has passed (maybe since the snapshot) is reset, at 0%. */
export function effectiveEntry(entry: LimitEntry, now: number): LimitEntry {
  if (entry.reset) return entry;
  if (entry.resets_at !== null && entry.resets_at <= now) return { ...entry, used_percent: 0, reset: true };
  return entry;
}

/** `resets in 2 h 14 min`; `reset` once it has; `reset time unknown` when the source did not say. */
export function resetText(entry: LimitEntry, now: number): string {
  const e = effectiveEntry(entry, now);
  if (e.reset) return 'reset';
  if (e.resets_at === null) return 'reset time unknown';
  return `resets in ${formatDuration(e.resets_at - now)}`;
}

export interface PaceView {
  ahead: boolean;
  /** `ahead of pace` (at this rate the limit is reached before the reset) or `behind pace`. */
  wording: 'ahead of pace' | 'behind pace';
  /** The share of the window already elapsed, 0–100. */
  elapsedPercent: number;
  /** `63% used, 40% of the window elapsed`. */
  detail: string;
}

/** The pace of a window at `now` (the protocol's `windowPace`), in words; null when it has reset or its reset time is unknown. */
export function paceView(entry: LimitEntry, now: number): PaceView | null {
  const e = effectiveEntry(entry, now);
  const pace = windowPace(e, now);
  if (!pace) return null;
  return {
    ahead: pace.ahead,
    wording: pace.ahead ? 'ahead of pace' : 'behind pace',
    elapsedPercent: pace.elapsed_percent,
    detail: `${formatPercent(e.used_percent)} used, ${formatPercent(pace.elapsed_percent)} of the window elapsed`,
  };
}

/** `63%`, `63.5%`, `105%` (one decimal at most). */
export function formatPercent(value: number): string {
  return `${Math.round(value * 10) / 10}%`;
}

/** `5h` → `5-hour`, `7d` → `weekly`, `90m` → `90-minute`. */
export function windowTitle(window: string): string {
  if (window === '5h') return '5-hour';
  if (window === '7d') return 'weekly';
  const m = /^(\d+)m$/.exec(window);
  return m ? `${m[1]}-minute` : window;
}

/** Who measured a limit: Claude Code's status line, Codex's rollout files, else the source's own name. */
export function sourceTitle(source: string): string {
  if (source === 'statusline') return 'status line';
  if (source === 'codex') return 'Codex rollouts';
  return source;
}

/** Where an estimated block limit comes from. */
export function limitSourceTitle(source: LimitSource): string {
  if (source === 'plan') return 'plan';
  if (source === 'p90') return 'p90 estimate';
  return 'none';
}

/** A gauge's state for colouring: `over` at 100% or more, `near` above 80%. */
export function level(percent: number): 'over' | 'near' | 'ok' {
  if (percent >= 100) return 'over';
  if (percent > 80) return 'near';
  return 'ok';
}

/** The estimated 5-hour block against its token limit (input + output tokens): now and projected to the block's end; null percentages without a limit. */
export interface BlockEstimate {
  block: CurrentBlock;
  usedPercent: number | null;
  projectedPercent: number | null;
  /** `ends in 3 h 2 min`, or `ended` once past its end. */
  endText: string;
  /** The projection reaches the limit before the block ends. */
  projectedOver: boolean;
}

export function blockEstimate(block: CurrentBlock, now: number): BlockEstimate {
  const limit = block.token_limit;
  const usedPercent = limit ? (block.limit_tokens / limit) * 100 : null;
  const projectedPercent = limit ? (block.projected_limit_tokens / limit) * 100 : null;
  return {
    block,
    usedPercent,
    projectedPercent,
    endText: block.end > now ? `ends in ${formatDuration(block.end - now)}` : 'ended',
    projectedOver: projectedPercent !== null && projectedPercent >= 100,
  };
}

/** One agent's row of the panel. */
export interface AgentLimits {
  agent: string;
  /** Its measured windows at `now`, 5-hour first, then weekly, then others by length; per window newest report first. */
  measured: LimitEntry[];
  /** The measured 5-hour window shown as the main gauge (the newest report), when the agent reports one. */
  main5h: LimitEntry | null;
  /** Its current 5-hour block, estimated from the requests; null when no block is active. */
  estimate: BlockEstimate | null;
  /** Which number leads the 5-hour view: the measured percentage wins over the estimate. */
  fiveHour: 'measured' | 'estimated' | 'none';
}

const windowRank = (l: LimitEntry) => (l.window === '5h' ? 0 : l.window === '7d' ? 1 : 2 + l.window_minutes);

/** Groups the snapshot's limits and blocks by agent (sorted by name) and chooses, per agent, what leads its 5-hour view. */
export function agentLimits(limits: readonly LimitEntry[], blocks: Readonly<Record<string, AgentBlocks>>, now: number): AgentLimits[] {
  const agents = new Set<string>([...limits.map((l) => l.agent), ...Object.entries(blocks).filter(([, b]) => b.current !== null).map(([a]) => a)]);
  return [...agents].sort().map((agent) => {
    const measured = limits
      .filter((l) => l.agent === agent)
      .map((l) => effectiveEntry(l, now))
      .sort((a, b) => windowRank(a) - windowRank(b) || b.updated_at - a.updated_at || (a.machine < b.machine ? -1 : 1));
    const main5h = measured.find((l) => l.window === '5h') ?? null;
    const current = blocks[agent]?.current ?? null;
    const estimate = current ? blockEstimate(current, now) : null;
    return { agent, measured, main5h, estimate, fiveHour: main5h ? 'measured' : estimate ? 'estimated' : 'none' };
  });
}
