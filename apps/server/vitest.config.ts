import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Vitest hands these to Node as --conditions too, so no `module` here: it is a bundler
  // condition, and under it Node picks ESM builds that it cannot load (the OpenTelemetry
  // SDK's, with extensionless imports), where production Node would take the CommonJS one.
  ssr: { resolve: { conditions: ['source', 'node', 'development|production'] } },
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
