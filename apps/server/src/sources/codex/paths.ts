import path from 'node:path';

/**
 * Where Codex CLI keeps rollouts: `$CODEX_HOME` (default `~/.codex`), under `sessions/YYYY/MM/DD/`
 * and, once archived, `archived_sessions/` (codex-rs rollout recorder; ccusage's codex adapter
 * reads `CODEX_HOME` the same way).
 *
 * @param codexHome the `CODEX_HOME` setting, when set (read by the caller's config, not here).
 * @param homeDir the user's home directory.
 */
export function codexRolloutRoots(codexHome: string | undefined, homeDir: string): string[] {
  const home = codexHome && codexHome.trim() !== '' ? path.resolve(codexHome.trim()) : path.join(homeDir, '.codex');
  return [path.join(home, 'sessions'), path.join(home, 'archived_sessions')];
}

const ROLLOUT_NAME = /^rollout-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/i;

/** The session (thread) id in a rollout file name `rollout-2025-09-11T18-25-30-<uuid>.jsonl`, or null for other names. */
export function rolloutSessionId(fileName: string): string | null {
  return ROLLOUT_NAME.exec(path.basename(fileName))?.[1]?.toLowerCase() ?? null;
}
