import type { Config, SourceName } from '../config/config.js';
import { ClaudeSource } from './claude/claude-source.js';
import { anyDirExists, projectsDirs } from './claude/dirs.js';
import { DemoSource } from './demo/demo-source.js';
import { OtlpSource } from './otlp/otlp-source.js';
import type { Source } from './source.js';

/**
 * The sources to run: those named in MONITORING_SOURCES, or, when it is unset, `claude` if
 * a transcript folder exists (else `demo`), plus the `otlp` receiver.
 */
export function resolveSourceNames(config: Config): SourceName[] {
  if (!config.sourcesAuto) return config.sources as SourceName[];
  return [anyDirExists(projectsDirs(config)) ? 'claude' : 'demo', 'otlp'];
}

/** Builds the sources to run. */
export function createSources(config: Config): Source[] {
  return resolveSourceNames(config).map((name): Source => {
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
  });
}
