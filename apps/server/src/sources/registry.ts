import type { Config, SourceName } from '../config/config.js';
import { ClaudeSource } from './claude/claude-source.js';
import { anyDirExists, projectsDirs } from './claude/dirs.js';
import { DemoSource } from './demo/demo-source.js';
import { OtlpSource } from './otlp/otlp-source.js';
import { LeasedSource } from './leased-source.js';
import type { Source } from './source.js';
import type { Store } from '../store/store.js';

/**
 * The sources to run: those named in MONITORING_SOURCES, or, when it is unset, `claude` if
 * a transcript folder exists (else `demo`), plus the `otlp` receiver.
 */
export function resolveSourceNames(config: Config): SourceName[] {
  if (!config.sourcesAuto) return config.sources as SourceName[];
  return [anyDirExists(projectsDirs(config)) ? 'claude' : 'demo', 'otlp'];
}

/** Builds one source. */
export function createSource(name: SourceName, config: Config): Source {
  switch (name) {
    case 'claude':
      return new ClaudeSource({ dirs: projectsDirs(config), pollMs: config.transcriptPollMs, prices: config.prices });
    case 'demo':
      return new DemoSource({ prices: config.prices });
    case 'otlp':
      return new OtlpSource();
    default:
      throw new Error(`no such source: ${String(name)}`);
  }
}

/**
 * Builds the sources to run. On a shared database (PostgreSQL) the sources that
 * produce data on their own, transcripts and the demo fleet, run under a lease, on
 * one node at a time; the OTLP receiver only stores what is sent to its own node.
 */
export function createSources(config: Config, store?: Store): Source[] {
  return resolveSourceNames(config).map((name): Source => {
    const { acquireLease, releaseLease } = store ?? {};
    if (config.databaseUrl === undefined || !store || !acquireLease || !releaseLease || name === 'otlp') return createSource(name, config);
    const lease = name === 'claude' ? `claude:${projectsDirs(config).join(',')}` : name;
    return new LeasedSource(name, () => createSource(name, config), { acquireLease: acquireLease.bind(store), releaseLease: releaseLease.bind(store) }, {
      name: lease,
      holder: config.nodeId,
      ttlSeconds: config.leaseSeconds,
    });
  });
}
