import type { ModelFamily } from '@amiga/protocol';

export interface ParsedModel {
  family: ModelFamily;
  /** Version as major + minor/10 (4.5 for `claude-opus-4-5-…`), or null when the id names none. */
  version: number | null;
}

const FAMILIES = ['haiku', 'sonnet', 'opus'] as const;

/**
 * Reads family and version from a Claude model id in either naming scheme:
 * `claude-sonnet-4-5-20250929` / `claude-opus-4-20250514` (family first) or
 * `claude-3-5-haiku-20241022` (version first). A trailing 8-digit date is not a version.
 */
const PATTERNS = FAMILIES.map((family) => ({
  family,
  familyFirst: new RegExp(`${family}-(\\d{1,2})(?:[-.](\\d{1,2}))?(?!\\d)`),
  versionFirst: new RegExp(`(?:^|[^\\d])(\\d{1,2})(?:[-.](\\d{1,2}))?-${family}`),
}));
const cache = new Map<string, ParsedModel>();

export function parseModelId(model: string): ParsedModel {
  let parsed = cache.get(model);
  if (!parsed) {
    parsed = parse(model);
    // Model ids are few; the cap only guards against a producer inventing endless ones.
    if (cache.size < 10_000) cache.set(model, parsed);
  }
  return parsed;
}

function parse(model: string): ParsedModel {
  const id = model.toLowerCase();
  for (const { family, familyFirst: ff, versionFirst: vf } of PATTERNS) {
    const familyFirst = ff.exec(id);
    if (familyFirst) return { family, version: toVersion(familyFirst[1], familyFirst[2]) };
    const versionFirst = vf.exec(id);
    if (versionFirst) return { family, version: toVersion(versionFirst[1], versionFirst[2]) };
    if (id.includes(family)) return { family, version: null };
  }
  return { family: 'other', version: null };
}

function toVersion(major: string | undefined, minor: string | undefined): number | null {
  if (major === undefined) return null;
  return Number(major) + (minor === undefined ? 0 : Number(minor) / 10);
}
