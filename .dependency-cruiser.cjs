/**
 * The dependency rules of ARCHITECTURE.md §5, checked in CI with
 * `npx depcruise src packages examples test --config .dependency-cruiser.cjs` (npm run lint:deps,
 * which also runs scripts/check-env-reads.mjs: process.env is read in src/config only).
 * The service is src/; packages/ are what other teams install (@saga-coordinator/contracts,
 * @saga-coordinator/participant, …); examples/ use them exactly as an outside user would. Each npm
 * workspace is judged against its own package.json (dependency-cruiser reads the closest one).
 * Every top-level folder of src/ has a boundary rule built from architecture.config.cjs (what it
 * may import, and why); the rules below them cover what a folder list cannot say (framework
 * leaks, SQL, packages, examples, dev dependencies). Every rule has a comment that says why;
 * test/integration/contracts/dependency-rules.test.ts proves each one fires on a violating file.
 */
const { sourceFolders, compositionRoot } = require('./architecture.config.cjs');

/** Where NestJS, TypeORM, pg and amqplib (and their typings) resolve to. */
const nestTypeormPgAmqp = `node_modules/(@nestjs/|typeorm/|pg/|pg-[^/]+/|amqplib/|@types/(pg|amqplib)/)`;
/** The SQL clients: whoever imports them runs SQL. */
const sqlClients = 'node_modules/(typeorm/|@nestjs/typeorm/|pg/|pg-[^/]+/|@types/pg/)';
const specFile = '\\.spec\\.ts$';
/** Unit specs of the workspaces use the root's test libraries (vitest, fast-check), not their own package.json. */
const workspaceSpec = '^(packages|examples)/.+\\.spec\\.ts$';
// Test helpers that live beside the code they help test (arbitraries, fixtures), in a testing/ folder.
const testingFolder = '/testing/';
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const knownFolders = sourceFolders.map(({ folder }) => escape(folder)).join('|');
const knownRootFiles = Object.keys(compositionRoot).map(escape).join('|');

/**
 * One rule per top-level folder: its code (specs aside, which may reach test fixtures) imports
 * only itself and the folders it names. The comment is the boundary's reason.
 */
const boundaries = sourceFolders.map(({ folder, mayImport, why }) => ({
  name: `${folder}-boundary`,
  comment: `${why} (${folder} may import: ${mayImport.length === 0 ? 'nothing else in src' : mayImport.join(', ')}.)`,
  severity: 'error',
  from: { path: `^src/${escape(folder)}/`, pathNot: specFile },
  to: { path: '^src/', pathNot: `^src/(${[folder, ...mayImport].map(escape).join('|')})/` },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...boundaries,
    {
      name: 'src-folders-are-known',
      comment:
        'Every folder of src/ is named in architecture.config.cjs (role, what it may import, docs/architecture.md): a new ' +
        'top-level folder fails lint until it is named there, so the tree stays the architecture diagram.',
      severity: 'error',
      from: { path: '^src/', pathNot: [`^src/(${knownFolders})/`, `^src/(${knownRootFiles})$`] },
      to: {},
    },
    {
      name: 'src-folders-are-known',
      comment: 'The same for a file that imports nothing: it still has to live in a named folder.',
      severity: 'error',
      from: { orphan: true, path: '^src/', pathNot: [`^src/(${knownFolders})/`, `^src/(${knownRootFiles})$`] },
      to: {},
    },
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
      name: 'api-no-infrastructure-clients',
      comment:
        'Controllers talk to application services only: they never reach the database or broker clients that ' + 'persistence and messaging wrap.',
      severity: 'error',
      from: { path: '^src/api/' },
      to: { path: 'node_modules/(typeorm/|pg/|amqplib/)' },
    },
    {
      name: 'sql-only-in-persistence',
      comment:
        'Every query lives in persistence, behind a port: no other folder of the service imports a SQL client ' +
        '(the metrics read the store through StoreReadings). (The SDK and the examples live outside src/: other programs with their own databases.)',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/persistence/', specFile] },
      to: { path: sqlClients },
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
        "its folder: a published package cannot see the other one's sources.",
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
        "The examples are written exactly as another team's service would be: they import the published " +
        'packages by name (resolved through their exports) and nothing else of this repository.',
      severity: 'error',
      from: { path: '^examples/([^/]+)/' },
      to: { path: '^(src|packages|test)/|^examples/', pathNot: '^examples/$1/', dependencyTypesNot: ['aliased'] },
    },
    {
      name: 'contracts-standalone',
      comment: 'The wire contracts are shared with participants in any language: they import nothing else of this repository.',
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
