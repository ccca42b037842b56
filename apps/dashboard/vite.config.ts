/// <reference types="vitest/config" />
import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

const server = process.env.AMIGA_DEV_SERVER ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ['source', ...defaultClientConditions] },
  // Vitest runs pure modules in the node environment: resolve the protocol from source there too.
  ssr: { resolve: { conditions: ['source', 'module', 'node', 'development|production'] } },
  build: {
    outDir: 'dist',
    sourcemap: true,
    // recharts (and its d3 helpers) reach the page only through the lazily loaded charts module,
    // so the bundler puts them in their own chunk, fetched after the first paint.
    chunkSizeWarningLimit: 700,
  },
  server: {
    proxy: {
      '/api': server,
      '/socket.io': { target: server, ws: true },
    },
  },
  test: { include: ['src/**/*.test.ts'] },
});
