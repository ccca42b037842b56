import fs from 'node:fs';
import type { Logger } from '../logging/logger.js';
import { loadAlertsFile } from './loader.js';
import type { AlertsFile } from './rules-schema.js';

export interface ReloaderOptions {
  file: string;
  /** The rules loaded (and validated) at start. */
  initial: AlertsFile;
  env?: NodeJS.ProcessEnv;
  logger: Logger;
  /** Called with the new rules after a good edit. */
  onChange(rules: AlertsFile): void;
  /** Milliseconds between checks of the file's modification time (fs.watch wakes it sooner). Default 1000. */
  pollMs?: number;
}

/**
 * Watches the MONITORING_ALERTS file and loads it again when it changes. A bad edit keeps
 * the last good rules: `problem` says why (health shows it) and the log says so once.
 */
export class AlertsReloader {
  #current: AlertsFile;
  #problem: string | null = null;
  #stamp: string;
  readonly #o: ReloaderOptions;
  #watcher: fs.FSWatcher | undefined;
  readonly #timer: NodeJS.Timeout;

  constructor(o: ReloaderOptions) {
    this.#o = o;
    this.#current = o.initial;
    this.#stamp = stamp(o.file);
    try {
      // Editors replace the file (rename): the watch may end, the poll below carries on.
      this.#watcher = fs.watch(o.file, { persistent: false }, () => this.check());
      this.#watcher.on('error', () => this.#watcher?.close());
    } catch {
      this.#watcher = undefined;
    }
    this.#timer = setInterval(() => this.check(), o.pollMs ?? 1000);
    this.#timer.unref();
  }

  get rules(): AlertsFile {
    return this.#current;
  }

  /** Why the last edit was refused (the rules in force are the last good ones), or null. */
  get problem(): string | null {
    return this.#problem;
  }

  /** Loads the file again if its size or modification time changed. */
  check(): void {
    const now = stamp(this.#o.file);
    if (now === this.#stamp) return;
    this.#stamp = now;
    try {
      const rules = loadAlertsFile(this.#o.file, this.#o.env);
      this.#current = rules;
      this.#problem = null;
      this.#o.logger.info({ file: this.#o.file, rules: rules.rules.length, channels: Object.keys(rules.channels).length }, `alert rules reloaded from ${this.#o.file}`);
      this.#o.onChange(rules);
    } catch (err) {
      const reason = `the edit of ${this.#o.file} was refused, the last good rules stay in force: ${(err as Error).message}`;
      if (reason !== this.#problem) this.#o.logger.error(reason);
      this.#problem = reason;
    }
  }

  close(): void {
    clearInterval(this.#timer);
    this.#watcher?.close();
  }
}

function stamp(file: string): string {
  try {
    const s = fs.statSync(file);
    return `${s.size}:${s.mtimeMs}:${s.ino}`;
  } catch {
    return 'missing';
  }
}
