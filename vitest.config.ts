import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

/**
 * The chaos suite (test/chaos, several minutes, kills processes) and the two-replica kill check
 * (test/replicas, fixed ports 3000 and 3001) run only when asked for by name
 * (`npm run test:chaos`, `npm run check:replicas` = `vitest run --project chaos|replicas`),
 * never as part of `npm test`.
 */
const requested = (project: string): boolean => process.argv.some((arg) => arg === project || arg === `--project=${project}`);

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
      ...(requested('chaos')
        ? [
            {
              plugins,
              test: {
                name: 'chaos',
                include: ['test/chaos/**/*.test.ts'],
                // A private RabbitMQ node (scripts/chaos-broker.sh): faults 11 and 13 stop or block it.
                globalSetup: ['test/chaos/chaos-broker.global-setup.ts'],
                fileParallelism: false,
                testTimeout: 900_000,
                hookTimeout: 300_000,
              },
            },
          ]
        : []),
      ...(requested('replicas')
        ? [
            {
              plugins,
              test: {
                name: 'replicas',
                include: ['test/replicas/**/*.test.ts'],
                testTimeout: 600_000,
                hookTimeout: 180_000,
              },
            },
          ]
        : []),
    ],
  },
});
