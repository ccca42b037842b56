import fs from 'node:fs/promises';
import path from 'node:path';
import type { TranscriptFile } from './assistant-line.js';

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

/** Every transcript under a projects folder (none when it does not exist). */
export async function listTranscripts(projectsDir: string): Promise<string[]> {
  const found: string[] = [];
  for (const project of await dirents(projectsDir)) {
    if (!project.isDirectory()) continue;
    const projectDir = path.join(projectsDir, project.name);
    for (const entry of await dirents(projectDir)) {
      if (entry.isFile() && entry.name.endsWith('.jsonl')) found.push(path.join(projectDir, entry.name));
      else if (entry.isDirectory()) {
        const subagents = path.join(projectDir, entry.name, 'subagents');
        for (const agent of await dirents(subagents)) {
          if (agent.isFile() && agent.name.endsWith('.jsonl')) found.push(path.join(subagents, agent.name));
        }
      }
    }
  }
  return found;
}

async function dirents(dir: string) {
  try {
    return await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
