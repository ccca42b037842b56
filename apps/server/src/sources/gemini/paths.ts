import path from 'node:path';

/**
 * Where Gemini CLI records chats: `~/.gemini/tmp/<project_hash>/chats/`, main sessions as
 * `session-<YYYY-MM-DDTHH-MM>-<first 8 of session id>.json` (older, whole document) or `.jsonl`
 * (current), subagent sessions as `chats/<parent session id>/<session id>.jsonl`
 * (packages/core/src/services/chatRecordingService.ts, `initialize`).
 */
export function geminiTmpRoot(homeDir: string): string {
  return path.join(homeDir, '.gemini', 'tmp');
}

export interface GeminiChatFile {
  format: 'document' | 'jsonl';
  projectHash: string;
  /** The file-name part of the session id (8 characters for main sessions, the whole id for subagents). */
  sessionIdHint: string;
  /** For a subagent's recording, the session it was spawned from. */
  parentSessionId: string | null;
}

const MAIN = /^session-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-([A-Za-z0-9_-]+)\.(json|jsonl)$/;

/** What a chat file's path says, or null when the path is not a chat recording under `<root>/<hash>/chats/`. */
export function geminiChatFile(root: string, file: string): GeminiChatFile | null {
  const parts = path.relative(root, file).split(path.sep);
  const [hash, chats, ...rest] = parts;
  if (!hash || chats !== 'chats' || hash.startsWith('..')) return null;
  if (rest.length === 1) {
    const m = MAIN.exec(rest[0] ?? '');
    if (!m?.[1] || !m[2]) return null;
    return { format: m[2] === 'json' ? 'document' : 'jsonl', projectHash: hash, sessionIdHint: m[1], parentSessionId: null };
  }
  if (rest.length === 2 && rest[1]?.endsWith('.jsonl')) {
    return { format: 'jsonl', projectHash: hash, sessionIdHint: rest[1].slice(0, -'.jsonl'.length), parentSessionId: rest[0] ?? null };
  }
  return null;
}
