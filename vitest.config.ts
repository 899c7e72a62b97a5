import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

/**
 * The chaos suite (test/chaos, several minutes, kills processes) runs only when asked for by
 * name (`npm run test:chaos` = `vitest run --project chaos`), never as part of `npm test`.
 */
const chaosRequested = process.argv.some((arg) => arg === 'chaos' || arg === '--project=chaos');

// SWC compiles the TypeScript so that NestJS sees decorator metadata (esbuild drops it).
const plugins = [swc.vite({ module: { type: 'es6' } })];

export default defineConfig({
  test: {
    projects: [
      {
        plugins,
        test: { name: 'unit', include: ['src/**/*.spec.ts'] },
      },
      {
        plugins,
        // Integration and e2e suites share one PostgreSQL and one RabbitMQ: run files one at a time.
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      ...(chaosRequested
        ? [
            {
              plugins,
              test: {
                name: 'chaos',
                include: ['test/chaos/**/*.test.ts'],
                fileParallelism: false,
                testTimeout: 900_000,
                hookTimeout: 300_000,
              },
            },
          ]
        : []),
    ],
  },
});
