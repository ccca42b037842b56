/** Compares strings by UTF-16 code units: the one order keys are sorted in (on every node, before locking them). */
export const byKey = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
