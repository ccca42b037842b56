import { FILE_SOURCES, type Config, type SourceName } from '../config/config.js';
import { ClaudeSource } from './claude/claude-source.js';
import { anyDirExists, projectsDirs } from './claude/dirs.js';
import { CodexSource } from './codex/codex-source.js';
import { codexRoots } from './codex/dirs.js';
import { geminiRoots } from './gemini/dirs.js';
import { GeminiSource } from './gemini/gemini-source.js';
import { DemoSource } from './demo/demo-source.js';
import { OtlpSource } from './otlp/otlp-source.js';
import { LeasedSource } from './leased-source.js';
import type { Source } from './source.js';
import type { Store } from '../store/store.js';

/** The folders each file source follows. */
export function sourceDirs(name: (typeof FILE_SOURCES)[number], config: Config): string[] {
  switch (name) {
    case 'claude':
      return projectsDirs(config);
    case 'codex':
      return codexRoots(config);
    case 'gemini':
      return geminiRoots(config);
  }
}

/**
 * The sources to run: those named in MONITORING_SOURCES, or, when it is unset, every file source
 * (`claude`, `codex`, `gemini`) one of whose folders exists (`demo` when none does), plus the
 * `otlp` receiver.
 */
export function resolveSourceNames(config: Config): SourceName[] {
  if (!config.sourcesAuto) return config.sources as SourceName[];
  const found = FILE_SOURCES.filter((name) => anyDirExists(sourceDirs(name, config)));
  return [...(found.length > 0 ? found : (['demo'] as const)), 'otlp'];
}

/** Builds one source. */
export function createSource(name: SourceName, config: Config): Source {
  switch (name) {
    case 'claude':
      return new ClaudeSource({ dirs: projectsDirs(config), pollMs: config.transcriptPollMs, prices: config.prices });
    case 'codex':
      return new CodexSource({ dirs: codexRoots(config), pollMs: config.transcriptPollMs, prices: config.prices });
    case 'gemini':
      return new GeminiSource({ dirs: geminiRoots(config), pollMs: config.transcriptPollMs, prices: config.prices });
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
    const lease = name === 'claude' || name === 'codex' || name === 'gemini' ? `${name}:${sourceDirs(name, config).join(',')}` : name;
    return new LeasedSource(name, () => createSource(name, config), { acquireLease: acquireLease.bind(store), releaseLease: releaseLease.bind(store) }, {
      name: lease,
      holder: config.nodeId,
      ttlSeconds: config.leaseSeconds,
    });
  });
}
