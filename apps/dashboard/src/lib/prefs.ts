import { clamp, HOURS_DEFAULT, INTERVAL_DEFAULT, INTERVAL_MAX, INTERVAL_MIN } from '@amiga/protocol';
import { normalizeWindow } from './windows';

export type TransportKind = 'websocket' | 'sse';
export const TRANSPORTS: readonly TransportKind[] = ['websocket', 'sse'];
export type ThemePref = 'system' | 'light' | 'dark';

/** The user's choices that survive a reload. */
export interface Prefs {
  transport: TransportKind;
  /** The window chosen: a live one (1..HOURS_MAX) or a longer one whose charts come from history (see windows.ts). */
  hours: number;
  interval: number;
  /** Cost limit for the window in dollars; null when unset. */
  budget: number | null;
  theme: ThemePref;
}

const KEY = 'amiga-monitor:prefs';

export const defaultPrefs: Prefs = {
  transport: 'websocket',
  hours: HOURS_DEFAULT,
  interval: INTERVAL_DEFAULT,
  budget: null,
  theme: 'system',
};

const isTransport = (v: unknown): v is TransportKind => v === 'websocket' || v === 'sse';

/** Reads stored preferences (tolerating garbage) and applies a `?transport=` override. */
export function parsePrefs(stored: string | null, search: string): Prefs {
  let raw: Partial<Record<keyof Prefs, unknown>> = {};
  try {
    const parsed: unknown = stored ? JSON.parse(stored) : {};
    if (parsed && typeof parsed === 'object') raw = parsed;
  } catch {
    raw = {};
  }
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const fromUrl = new URLSearchParams(search).get('transport');
  const budget = num(raw.budget);
  return {
    transport: isTransport(fromUrl) ? fromUrl : isTransport(raw.transport) ? raw.transport : defaultPrefs.transport,
    hours: normalizeWindow(num(raw.hours) ?? HOURS_DEFAULT),
    interval: clamp(num(raw.interval) ?? INTERVAL_DEFAULT, INTERVAL_MIN, INTERVAL_MAX),
    budget: budget !== undefined && budget > 0 ? budget : null,
    theme: raw.theme === 'light' || raw.theme === 'dark' ? raw.theme : 'system',
  };
}

export function loadPrefs(): Prefs {
  try {
    return parsePrefs(localStorage.getItem(KEY), window.location.search);
  } catch {
    return parsePrefs(null, typeof window === 'undefined' ? '' : window.location.search);
  }
}

export function savePrefs(prefs: Prefs): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(prefs));
  } catch {
    // Private mode or a full quota: the choice lasts for this page only.
  }
}
