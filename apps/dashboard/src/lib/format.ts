/** Display helpers shared by cards, tables and the feed. Pure, locale-stable (en-US). */

const usd2 = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 2, maximumFractionDigits: 2 });
const usd4 = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', minimumFractionDigits: 4, maximumFractionDigits: 4 });
const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** `$12.45`; amounts below one cent (but not zero) keep four decimals so they do not read as `$0.00`. */
export function formatUsd(value: number): string {
  if (!Number.isFinite(value)) return '$0.00';
  if (value !== 0 && Math.abs(value) < 0.01) return usd4.format(value);
  return usd2.format(value);
}

/** `1,234`. */
export function formatInt(value: number): string {
  return int.format(Number.isFinite(value) ? Math.round(value) : 0);
}

/** `950`, `12.3K`, `4.5M`, `1.2B`. */
export function formatCompact(value: number): string {
  const abs = Math.abs(value);
  if (abs < 1000) return formatInt(value);
  const units: [number, string][] = [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  for (const [size, suffix] of units) {
    if (abs >= size) {
      const scaled = value / size;
      return `${scaled >= 100 ? Math.round(scaled) : scaled.toFixed(1).replace(/\.0$/, '')}${suffix}`;
    }
  }
  return formatInt(value);
}

/** `512 B`, `3.4 KB`, `1.2 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Seconds between two instants as `now`, `12s ago`, `5m ago`, `3h ago`, `2d ago`. */
export function formatAgo(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 2) return 'just now';
  if (s < 60) return `${s}s ago`;
  if (s < 3600) return `${Math.floor(s / 60)}m ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)}h ago`;
  return `${Math.floor(s / 86_400)}d ago`;
}

// Date formatters are made once: `toLocaleTimeString(locale, options)` builds a new one on every call,
// which the chart axes (a label per bucket, per redraw) and the feed paid for on every update.
const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const hourMinute = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const weekday = new Intl.DateTimeFormat('en-US', { weekday: 'short' });
const monthDay = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric' });

/** A Unix-seconds instant as local `HH:MM:SS`. */
export function formatClock(unixSeconds: number): string {
  return clock.format(unixSeconds * 1000);
}

/** Axis label for a bucket start: time of day for short windows, day and hour for longer ones, the date beyond a week. */
export function formatBucket(unixSeconds: number, windowHours: number): string {
  const ms = unixSeconds * 1000;
  const hm = hourMinute.format(ms);
  if (windowHours <= 24) return hm;
  if (windowHours <= 168) return `${weekday.format(ms)} ${hm}`;
  return `${monthDay.format(ms)} ${hm}`;
}

/** `claude-sonnet-4-5-20250929` → `sonnet-4-5`; unknown ids are returned as they are. */
export function shortModel(model: string | null): string {
  if (!model) return '—';
  return model.replace(/^claude-/, '').replace(/-\d{8}$/, '');
}
