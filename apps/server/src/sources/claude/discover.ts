import path from 'node:path';
import type { TranscriptFile } from './assistant-line.js';

/** Where transcripts are under a projects folder: sessions, and subagents counted in their session. */
export const TRANSCRIPT_GLOBS = ['*/*.jsonl', '*/*/subagents/*.jsonl'] as const;

/**
 * What a path inside a projects folder holds: `<project>/<session>.jsonl` is a session
 * transcript, `<project>/<session>/subagents/<agent>.jsonl` a subagent transcript counted in
 * `<session>`. Anything else is not a transcript (null).
 */
export function describeTranscript(projectsDir: string, file: string): TranscriptFile | null {
  const parts = path.relative(projectsDir, file).split(path.sep);
  const name = parts[parts.length - 1];
  if (!name?.endsWith('.jsonl') || parts[0] === '..' || path.isAbsolute(parts[0] ?? '')) return null;
  const project = parts[0] as string;
  if (parts.length === 2) return { session: null, fallbackSession: name.slice(0, -6), fallbackProject: project };
  if (parts.length === 4 && parts[2] === 'subagents') {
    return { session: parts[1] as string, fallbackSession: parts[1] as string, fallbackProject: project };
  }
  return null;
}
