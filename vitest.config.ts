import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

/**
 * The chaos suite (test/chaos, several minutes, kills processes), its broker-cluster scenario
 * (test/chaos-cluster, `npm run test:chaos-cluster`) and the two-replica kill check
 * (test/replicas, fixed ports 3000 and 3001) run only when asked for by name
 * (`npm run test:chaos`, `npm run check:replicas` = `vitest run --project chaos|replicas`),
 * never as part of `npm test`. So does the outside-install test (test/outside: packs the packages and
 * installs them into a project outside the repository, `npm run test:outside`).
 */
const requested = (project: string): boolean => process.argv.some((arg) => arg === project || arg === `--project=${project}`);

// SWC compiles the TypeScript so that NestJS sees decorator metadata (esbuild drops it).
const plugins = [swc.vite({ module: { type: 'es6' } })];

const source = (path: string): string => fileURLToPath(new URL(path, import.meta.url));
/**
 * The workspace packages resolve to their TypeScript sources, so unit and integration tests need
 * no build (node_modules links them to packages/, whose `exports` name dist/). Processes that
 * e2e tests spawn run the built output.
 */
const resolve = {
  alias: [
    { find: /^@saga-coordinator\/contracts$/, replacement: source('./packages/contracts/src/index.ts') },
    { find: /^@saga-coordinator\/participant$/, replacement: source('./packages/participant/src/index.ts') },
    { find: /^@saga-coordinator\/participant\/nest$/, replacement: source('./packages/participant/src/nest/index.ts') },
    { find: /^@saga-coordinator\/participant\/typeorm$/, replacement: source('./packages/participant/src/typeorm/index.ts') },
    { find: /^@saga-coordinator\/participant\/knex$/, replacement: source('./packages/participant/src/knex/index.ts') },
    { find: /^@saga-coordinator\/conformance$/, replacement: source('./packages/conformance/src/index.ts') },
    { find: /^@saga-coordinator\/client$/, replacement: source('./packages/client/src/index.ts') },
  ],
};

const unitFiles = ['src/**/*.spec.ts', 'packages/*/src/**/*.spec.ts', 'examples/*/src/**/*.spec.ts'];
/** Unit files that need a module graph of their own: crash-point.spec re-imports the module with an armed environment. */
const isolatedUnitFiles = ['src/fault-injection/crash-point.spec.ts'];

/**
 * Integration files that install process-wide state: nestjs-pino builds its pino-http instance once
 * per module graph (the first app's logger and destination win), and OpenTelemetry's tracer
 * provider is global. Each of these files captures logs or spans of its own.
 */
const isolatedIntegrationFiles = ['test/integration/api/request-log-redaction.test.ts', 'test/integration/tracing/saga-trace.test.ts'];

/**
 * Integration and e2e files each get a database and a vhost of their own (test/support/test-infrastructure.ts)
 * and listen on ports the OS picks, so two run side by side, one per core: the e2e suite mostly
 * waits on processes and timers (348 s one at a time, 205 s two at a time, on this 2-core machine).
 * Vitest runs the projects of one `sequence.groupOrder` together and wants one worker count per
 * group, so each default project has a group of its own and `npm test` runs them one after another
 * (unit, unit-isolated, integration, integration-isolated, e2e).
 */
const twoFilesAtATime = { fileParallelism: true, maxWorkers: 2 } as const;

export default defineConfig({
  test: {
    projects: [
      {
        plugins,
        resolve,
        // The files share one module graph per worker (no isolation): importing the app once per
        // worker instead of once per file takes the suite from about two minutes to under one.
        test: { name: 'unit', include: unitFiles, exclude: isolatedUnitFiles, isolate: false, sequence: { groupOrder: 0 } },
      },
      {
        plugins,
        resolve,
        test: { name: 'unit-isolated', include: isolatedUnitFiles, sequence: { groupOrder: 1 } },
      },
      {
        plugins,
        resolve,
        // The files share one module graph per worker (no isolation): importing Nest, TypeORM and
        // the app once per worker instead of once per file takes the suite from about five minutes to two.
        test: {
          name: 'integration',
          sequence: { groupOrder: 2 },
          include: ['test/integration/**/*.test.ts'],
          exclude: isolatedIntegrationFiles,
          ...twoFilesAtATime,
          isolate: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins,
        resolve,
        // The integration files that set process-wide state of a library (below), each in a fresh module graph.
        test: {
          name: 'integration-isolated',
          sequence: { groupOrder: 3 },
          include: isolatedIntegrationFiles,
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins,
        resolve,
        test: {
          name: 'e2e',
          sequence: { groupOrder: 4 },
          include: ['test/e2e/**/*.test.ts'],
          ...twoFilesAtATime,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      ...(requested('chaos')
        ? [
            {
              plugins,
              resolve,
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
      ...(requested('chaos-cluster')
        ? [
            {
              plugins,
              resolve,
              test: {
                name: 'chaos-cluster',
                include: ['test/chaos-cluster/**/*.test.ts'],
                // Three RabbitMQ nodes of this machine (scripts/rabbitmq-cluster.sh): fault 21 kills one.
                globalSetup: ['test/chaos-cluster/rabbitmq-cluster.global-setup.ts'],
                fileParallelism: false,
                testTimeout: 900_000,
                hookTimeout: 600_000,
              },
            },
          ]
        : []),
      ...(requested('outside')
        ? [
            {
              plugins,
              resolve,
              test: {
                name: 'outside',
                // npm pack + install into a fresh project outside the repository, then real processes:
                // run by `npm run test:outside` (and .ci/run), not by `npm test`.
                include: ['test/outside/**/*.test.ts'],
                fileParallelism: false,
                testTimeout: 300_000,
                hookTimeout: 600_000,
              },
            },
          ]
        : []),
      ...(requested('replicas')
        ? [
            {
              plugins,
              resolve,
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
