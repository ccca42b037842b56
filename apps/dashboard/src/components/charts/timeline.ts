import type { Series } from '@amiga/protocol';

/** What the two time charts draw: a live snapshot's series, or a long window's history. */
export interface Timeline {
  source: 'live' | 'history';
  series: Series;
  /** Start of the window and the current time (Unix seconds): the grid the series is filled on. */
  since: number;
  now: number;
  /** Window length, for the axis labels. */
  hours: number;
  /** What the charts cover, shown under their titles. */
  caption: string;
  /** Instead of the charts (history still loading, or failed). */
  placeholder: string | null;
}
