import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import type { StoredEvent } from '../../store/event.js';
import type { DocumentCounts, DocumentMode, FollowedFile } from './types.js';

/** Largest document read by default. */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

/**
 * Reads and parses a whole document, and hands over to `mode.onRecord` each record not handed over
 * before: `seen` maps the ids handed over to a fingerprint of their content, and is updated. A
 * document that is too large, does not parse or is of a shape `mode.records` refuses is counted as
 * broken (a writer half way through: it is read again when it changes). Returns the bytes read,
 * or undefined when the file could not be read.
 */
export async function readDocument<S, R>(
  file: FollowedFile<S>,
  size: number,
  mode: DocumentMode<S, R>,
  seen: Map<string, string>,
  counts: DocumentCounts,
  out: StoredEvent[],
): Promise<number | undefined> {
  if (size > (mode.maxBytes ?? MAX_DOCUMENT_BYTES)) {
    counts.broken += 1;
    return 0;
  }
  let text: Buffer;
  try {
    text = await fs.readFile(file.path);
  } catch {
    return undefined;
  }
  let records: Array<{ id: string; record: R }>;
  try {
    records = [...mode.records(JSON.parse(text.toString('utf8')) as unknown, file)];
  } catch {
    counts.broken += 1;
    return text.length;
  }
  counts.parsed += 1;
  for (const { id, record } of records) {
    counts.records += 1;
    const fingerprint = createHash('sha1').update(JSON.stringify(record) ?? '').digest('base64');
    if (seen.get(id) === fingerprint) continue;
    seen.set(id, fingerprint);
    counts.handed += 1;
    mode.onRecord(record, id, file, out);
  }
  return text.length;
}
