import pg from 'pg';

const INT8 = 20;
const NUMERIC = 1700;

function toNumber(text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n)) throw new Error(`not a finite number: ${text}`);
  return n;
}

/**
 * Type parsers for this store's connections only (the pg default, strings for
 * BIGINT and NUMERIC so no precision is lost, stays for everyone else): counters,
 * ids and SUM(BIGINT), which is NUMERIC, come back as JS numbers, exact below
 * 2^53 — far beyond any token count or event id this store will hold.
 */
export const NUMBER_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 || oid === NUMERIC ? toNumber : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

/**
 * PostgreSQL text cannot hold U+0000 (SQLite's can), and a batch with one such
 * string would fail as a whole, again at every retry. It becomes U+FFFD, the fate
 * UTF-8 encoding already gives lone surrogates.
 */
export function pgText<T extends string | null | undefined>(s: T): T {
  return (typeof s === 'string' && s.includes('\u0000') ? s.replaceAll('\u0000', '\uFFFD') : s) as T;
}

/**
 * A statement written with `@name` parameters (as the SQLite store's are), turned
 * into pg's `$1…` once; `bind` orders the values. A name used twice is one parameter.
 */
export function sql(text: string): (params: Record<string, unknown>) => { text: string; values: unknown[] } {
  const names: string[] = [];
  const compiled = text.replace(/@([A-Za-z_]\w*)/g, (_, name: string) => {
    let i = names.indexOf(name);
    if (i < 0) i = names.push(name) - 1;
    return `$${i + 1}`;
  });
  return (params) => ({
    text: compiled,
    values: names.map((n) => {
      if (!(n in params)) throw new Error(`missing SQL parameter @${n}`);
      return params[n];
    }),
  });
}
