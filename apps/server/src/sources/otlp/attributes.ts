import type { OtlpAnyValue, OtlpKeyValue } from '@amiga/protocol';

export type AttrValue = string | number | boolean;
export type Attributes = Map<string, AttrValue>;

/** A scalar from an OTLP AnyValue (int64 strings become numbers); arrays and maps are ignored. */
export function scalar(value: OtlpAnyValue | undefined): AttrValue | undefined {
  if (!value) return undefined;
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return toNumber(value.intValue);
  if (value.doubleValue !== undefined) return toNumber(value.doubleValue);
  return undefined;
}

/** Merges attribute lists; later lists win (resource, then scope, then record). */
export function attributes(...lists: Array<readonly OtlpKeyValue[] | undefined>): Attributes {
  const out: Attributes = new Map();
  for (const list of lists) {
    for (const kv of list ?? []) {
      const v = scalar(kv.value);
      if (v !== undefined) out.set(kv.key, v);
    }
  }
  return out;
}

/** A finite number from a number or numeric string, else undefined. */
export function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}

export function text(attrs: Attributes, key: string): string | undefined {
  const v = attrs.get(key);
  if (v === undefined || v === '') return undefined;
  return String(v).slice(0, 2000);
}

export function number(attrs: Attributes, key: string): number | undefined {
  return toNumber(attrs.get(key));
}

export function bool(attrs: Attributes, key: string): boolean | undefined {
  const v = attrs.get(key);
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 1 || v === '1') return true;
  if (v === 'false' || v === 0 || v === '0') return false;
  return undefined;
}

/** OTLP nanosecond time to Unix seconds, or undefined when absent or zero. */
export function nanosToSeconds(value: string | number | undefined): number | undefined {
  const n = toNumber(value);
  return n && n > 0 ? n / 1e9 : undefined;
}
