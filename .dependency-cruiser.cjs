/**
 * The dependency rules of ARCHITECTURE.md §5, checked in CI with
 * `npx depcruise src packages examples test --config .dependency-cruiser.cjs` (npm run lint:deps).
 * The service is src/; packages/ are what other teams install (@saga-coordinator/contracts,
 * @saga-coordinator/participant); examples/ use them exactly as an outside user would. Each npm
 * workspace is judged against its own package.json (dependency-cruiser reads the closest one).
 * Every rule has a comment that says why; test/integration/contracts/dependency-rules.test.ts
 * proves each one fires on a violating file.
 */

/** Where NestJS, TypeORM, pg and amqplib (and their typings) resolve to. */
const nestTypeormPgAmqp = `node_modules/(@nestjs/|typeorm/|pg/|pg-[^/]+/|amqplib/|@types/(pg|amqplib)/)`;
const specFile = '\\.spec\\.ts$';
/** Unit specs of the workspaces use the root's test libraries (vitest, fast-check), not their own package.json. */
const workspaceSpec = '^(packages|examples)/.+\\.spec\\.ts$';
// Test helpers that live beside the code they help test (arbitraries, fixtures), in a testing/ folder.
const testingFolder = '/testing/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'saga-engine-no-infrastructure',
      comment:
        'The engine is a pure function (decide, then do): no NestJS, TypeORM, pg or amqplib, so every rule ' +
        'is unit- and property-testable without I/O. The runtime performs what it decides.',
      severity: 'error',
      from: { path: '^src/saga-engine/' },
      to: { path: nestTypeormPgAmqp },
    },
    {
      name: 'saga-engine-only-contracts',
      comment:
        'The engine depends on nothing else in the repository except the wire contracts: orchestration, ' +
        'persistence and messaging depend on it, never the other way round.',
      severity: 'error',
      from: { path: '^src/saga-engine/' },
      to: { path: '^(src|packages|examples)/', pathNot: '^(src/saga-engine|packages/contracts)/' },
    },
    {
      name: 'saga-engine-no-io-builtins',
      comment:
        'No clock, randomness or I/O inside the engine: they come in as arguments. Node built-ins that do I/O ' +
        '(fs, net, http, child_process, crypto …) point to a leak of the runtime into the engine.',
      severity: 'error',
      from: { path: '^src/saga-engine/', pathNot: specFile },
      to: {
        dependencyTypes: ['core'],
        path: '^(node:)?(fs|fs/promises|net|http|https|http2|dgram|dns|child_process|cluster|worker_threads|crypto|tls|os)$',
      },
    },
    {
      name: 'api-only-through-orchestration',
      comment:
        'Controllers talk to application services only; they never reach persistence or messaging ' +
        '(nor the database and broker clients those wrap).',
      severity: 'error',
      from: { path: '^src/api/' },
      to: { path: ['^src/(persistence|messaging)/', 'node_modules/(typeorm/|pg/|amqplib/)'] },
    },
    {
      name: 'packages-only-contracts',
      comment:
        'The packages ship to other teams: from this repository they may use only the wire contracts, by ' +
        'package name (the service, the examples and the tests are not published).',
      severity: 'error',
      from: { path: '^packages/([^/]+)/' },
      to: { path: '^(src|examples|test)/|^packages/', pathNot: ['^packages/contracts/', '^packages/$1/'] },
    },
    {
      name: 'packages-by-name-only',
      comment:
        'A package reaches another package through its name (its `exports`), never by a relative path into ' +
        'its folder: a published package cannot see the other one\'s sources.',
      severity: 'error',
      from: { path: '^packages/([^/]+)/' },
      to: { path: '^packages/', pathNot: '^packages/$1/', dependencyTypesNot: ['aliased'] },
    },
    {
      name: 'service-without-sdk-and-examples',
      comment:
        'The coordinator never depends on the participant SDK or on the examples: it ships no participant ' +
        'and no definition (the example order saga reaches it as INITIAL_DEFINITIONS_FILE).',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: ['^packages/participant/', '^examples/', 'node_modules/@saga-coordinator/(participant|example-)'] },
    },
    {
      name: 'examples-use-packages-by-name',
      comment:
        'The examples are written exactly as another team\'s service would be: they import the published ' +
        'packages by name (resolved through their exports) and nothing else of this repository.',
      severity: 'error',
      from: { path: '^examples/([^/]+)/' },
      to: { path: '^(src|packages|test)/|^examples/', pathNot: '^examples/$1/', dependencyTypesNot: ['aliased'] },
    },
    {
      name: 'contracts-standalone',
      comment:
        'The wire contracts are shared with participants in any language: they import nothing else of this repository.',
      severity: 'error',
      from: { path: '^packages/contracts/' },
      to: { path: '^(src|packages|examples|test)/', pathNot: '^packages/contracts/' },
    },
    {
      name: 'contracts-only-zod',
      comment: 'The contracts depend on zod alone (their schemas generate docs/asyncapi.yaml); specs may use test libraries.',
      severity: 'error',
      from: { path: '^packages/contracts/', pathNot: specFile },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], pathNot: 'node_modules/zod/' },
    },
    {
      name: 'nothing-imports-test',
      comment: 'test/ holds harnesses, fixtures and suites: no shipped code (service, packages, examples) may depend on them.',
      severity: 'error',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
    {
      name: 'orchestration-no-adapters',
      comment:
        'Application services depend on ports, not on their implementations: persistence, messaging and api ' +
        'are wired in by the composition root (app.module.ts).',
      severity: 'warn',
      from: { path: '^src/orchestration/' },
      to: { path: '^src/(persistence|messaging|api)/' },
    },
    {
      name: 'no-circular',
      comment: 'Cycles make module initialisation order fragile (ESM TDZ errors, Nest forwardRef) and blur the layers.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve fails at run time; with ESM the relative specifier needs its `.js` suffix.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      comment:
        'A package not in the package.json of its workspace works only by accident of hoisting and breaks `npm ci` ' +
        'elsewhere, or an install of a published package. Peer dependencies count as declared.',
      severity: 'error',
      from: { pathNot: workspaceSpec },
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'], dependencyTypesNot: ['npm-peer'] },
    },
    {
      name: 'no-test-helpers-at-run-time',
      comment:
        'Helpers under a testing/ folder may use devDependencies (fast-check, vitest), which the production ' +
        'image prunes: only specs and other test helpers may import them.',
      severity: 'error',
      from: { path: '^src/', pathNot: [specFile, testingFolder] },
      to: { path: testingFolder },
    },
    {
      name: 'not-to-dev-dep',
      comment:
        'The production image prunes devDependencies: code that runs (everything in src except specs and ' +
        'testing/ helpers) may use dependencies only. Type-only imports are erased and allowed.',
      severity: 'error',
      from: { path: '^src/', pathNot: [specFile, testingFolder] },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'], pathNot: 'node_modules/@types/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The dashboard's browser modules resolve by URL (/ui/lib/… is the compiled src/ui/lib, bare
    // names go through the page's import map), not by Node resolution; the e2e test loads them.
    exclude: { path: '^(dist|coverage)/|^(packages|examples)/[^/]+/dist/|^src/ui/static/|^test/outside/fixtures/' },
    // Type-only imports count: `import type { Repository } from 'typeorm'` in the engine is still a leak.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
