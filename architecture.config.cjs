/**
 * The folder map of the repository: every folder, its role, and (for the service's top-level
 * folders under src/) which other folders it may import and why. One source for two outputs:
 * `.dependency-cruiser.cjs` builds a dependency rule per boundary from it (checked by
 * `npm run lint:deps`), and `npm run docs:architecture` renders docs/architecture.md from it.
 * test/integration/contracts/architecture-doc.test.ts fails when a folder on disk is missing
 * here (or named here and gone) and when the committed document is stale.
 */

/**
 * @typedef {object} SourceFolder
 * @property {string} folder      top-level folder under src/
 * @property {string} role        what lives there (one sentence)
 * @property {string[]} mayImport other src/ folders its code may import (specs may also reach test fixtures)
 * @property {string} why         why the boundary is where it is (the rule's comment)
 * @property {Record<string, string>} [subfolders] role of each folder below it, by path relative to src/<folder>/
 */

/** @type {SourceFolder[]} */
const sourceFolders = [
  {
    folder: 'config',
    role: 'The one typed, validated configuration source (zod schema of the environment), parsed once per program; the only place that reads process.env.',
    mayImport: [],
    why: 'Every other folder reads the configuration, so it depends on none of them: logging options take the trace fields from the composition root instead of importing tracing.',
  },
  {
    folder: 'saga-engine',
    role: 'Pure domain: definitions, builder, validation, decide(definition, state, trigger, context), one named rule per file.',
    mayImport: [],
    why: 'The engine is a pure function (decide, then do): every rule is unit- and property-testable without I/O; the runtime performs what it decides.',
    subfolders: {
      definition: 'the definition model, builder, JSON form and its schema, flow walking, validation',
      'definition/rules': 'one validation rule per file (kinds, children, mappings)',
      errors: "the engine's errors: invalid definitions, triggers the state cannot take, and the operator refusals (one family)",
      handlers: 'one handler per trigger type, called by decide()',
      nodes:
        'one module per node kind (JSON Schema fragment, defaults, shape rules, flow role, lifecycle hooks) and the registry the walks, rules and handlers dispatch through',
      rules: 'one named predicate per saga rule (can-cancel, is-stale-reply, retry-delay …)',
      state: 'saga and step state and their status vocabularies',
      testing: 'the given/expect saga scenario harness and definition fixtures (tests only)',
      transitions: 'the state changes handlers compose (start a step, turn back, compensate …)',
      triggers: 'the closed union of everything that can happen to a saga',
    },
  },
  {
    folder: 'fault-injection',
    role: 'Named crash points for the chaos suite, inert unless SAGA_CRASH_POINT is set.',
    mayImport: ['config'],
    why: 'Crash points are called from the runtime, messaging and the example participants: they depend on nothing but the setting that arms them.',
  },
  {
    folder: 'json-guard',
    role: 'The JSON guards every boundary shares (HTTP bodies and broker messages): raw bytes (UTF-8, nesting depth) and parsed values (NUL, lone surrogates, prototype keys, array length, numbers beyond IEEE range).',
    mayImport: [],
    why: 'Pure functions over bytes and values: the API and messaging both refuse the same input for the same reason, and neither may import the other.',
    subfolders: {
      testing: 'fast-check arbitraries of JSON every guard must pass unchanged (tests only)',
    },
  },
  {
    folder: 'observability',
    role: 'Metrics, tracing and health: the SagaMetrics and SagaTracer ports with no-op defaults, Prometheus and OpenTelemetry behind them, liveness and readiness probes.',
    mayImport: ['config', 'saga-engine'],
    why: 'Every layer reports here, so it reaches none of them: the store and the broker are asked through its own ports (StoreReadings, BrokerProbe), implemented in persistence and messaging; it runs no SQL.',
    subfolders: {
      health: 'liveness and readiness (terminus), the BrokerProbe port',
      metrics: 'the SagaMetrics port, its Prometheus implementation and GET /metrics',
      tracing: 'the SagaTracer port, its OpenTelemetry implementation, the preload register.ts',
    },
  },
  {
    folder: 'runtime',
    role: 'Decide-then-do: SagaRuntime.apply / create (the one entry point), the transaction port, post-commit listeners, timers, child saga starts, the inbound handler.',
    mayImport: ['config', 'saga-engine', 'fault-injection', 'observability'],
    why: 'The runtime sits under the application services: they and messaging call it; it reaches the database and the definitions only through its ports (SagaStore, DefinitionSource), implemented in persistence and orchestration.',
    subfolders: {
      children: 'which definition a child saga node starts, the parent <-> child messages and ids',
      decisions: 'a decision as rows: DecisionWriter (the one place decide meets I/O), outbox and trace mapping',
      inbound: 'replies and parent <-> child messages as triggers (the InboundMessageHandler port and its implementation)',
      ports: 'SagaStore / SagaTransaction, OutboxStore, DefinitionSource',
      'post-commit': 'the listener port, @AfterCommit, the explorer that calls listeners in order, the metrics listener',
      testing: 'the in-memory twins of the store and definition ports (tests only)',
      timers: 'the timer scheduler and the due-timer claim',
    },
  },
  {
    folder: 'orchestration',
    role: 'Application services (start, operate, query, definitions, participants, audit, auth) over the runtime and the persistence ports.',
    mayImport: ['runtime', 'config', 'saga-engine', 'observability'],
    why: 'Application services depend on ports, never on their adapters (persistence, messaging) nor on the HTTP layer: the composition root wires those in.',
    subfolders: {
      audit: "the audit trail: one row per mutating call, written in the action's transaction",
      auth: 'API keys, principals and scopes',
      bulk: 'bulk operator actions: the snapshot of matched sagas, the worker (every replica) acting on one saga per runtime transaction, progress',
      definitions: "the definition catalog (registration, pinned cache), the runtime's DefinitionSource, initial definitions",
      errors: "the application errors (a code each) and the re-export of the engine's operator refusals",
      idempotency: 'canonical JSON and the request / content hashes behind idempotent starts and registrations',
      input: 'JSON Schema validation of saga inputs and definitions (Ajv)',
      limits: 'the per-key in-flight cap',
      mappers: 'stored rows to views',
      outcomes: 'Prefer: wait: waiting requests woken through the settled-saga feed, bounded per process and per key',
      monitoring: 'counts, the change feed and the saga list cursor',
      participants: 'the participant directory (announcements, queue depths, removal)',
      ports:
        'what the services need from persistence and messaging (definition, participant, audit, API key, monitor, webhook, bulk operation stores; queue depth probe; settled-saga feed)',
      redaction: 'payload redaction of the saga and step-log views',
      sagas: 'SagaService: start, read, list, cancel, retry, resolve, signal',
      views: 'what the services answer, and the vocabularies re-exported for the API',
      webhooks: 'webhook subscriptions, the fan-out of lifecycle events into deliveries, retry and target rules, signing secrets',
      workers: 'what the polling workers (bulk, webhook delivery, housekeeping) share: the pause a wake ends',
    },
  },
  {
    folder: 'persistence',
    role: 'PostgreSQL: data source, migrations at start, entities and the repositories that implement the ports; every SQL query lives here.',
    mayImport: ['runtime', 'orchestration', 'observability', 'config', 'saga-engine'],
    why: 'An adapter: it implements the ports of the runtime, orchestration and observability, and is reached only through them (the composition root binds it).',
    subfolders: {
      entities: 'TypeORM entities (explicit column types; migrations, never synchronize)',
      repositories: 'the port implementations, raw SQL on the hot path (pipelined, named statements)',
    },
  },
  {
    folder: 'messaging',
    role: 'RabbitMQ: connections and topology, the outbox relay (a post-commit listener), the inbound consumer, the broker probes.',
    mayImport: ['runtime', 'orchestration', 'observability', 'config', 'fault-injection', 'json-guard'],
    why: 'An adapter: it drives the runtime and the application services with inbound messages and implements their outbound ports; nothing above it imports it.',
    subfolders: {
      amqp: 'the framework-free connection layer: recovering connections, confirm publisher, topology',
      inbound: 'parsing and scoping of inbound messages (malformed ones are dead-lettered with the reason)',
      webhooks: 'the consumer of lifecycle events (queue saga.webhooks on saga.events) that feeds the webhook fan-out',
    },
  },
  {
    folder: 'webhooks',
    role: 'Outbound webhooks: the delivery worker (every replica) that claims due deliveries, signs them (Standard Webhooks) and POSTs them through the guarded HTTP sender.',
    mayImport: ['orchestration', 'config'],
    why: 'An adapter like messaging, for HTTP out: it drives the webhook service (claims, attempts) and nothing imports it but the composition root; the target rules it enforces at send time live in orchestration, where subscriptions are checked too.',
  },
  {
    folder: 'archive',
    role: 'The saga archive: finished sagas and their step logs as gzip-compressed JSON Lines files (the FileSagaArchive behind the SagaArchive port, its line format and its reader).',
    mayImport: ['orchestration', 'config'],
    why: 'An adapter for files, like webhooks for HTTP: it implements the SagaArchive port over the saga service (the same resource the API answers) and is reached only through the port; the CLI reads the files back with its reader.',
  },
  {
    folder: 'housekeeping',
    role: 'Retention: the housekeeping sweep every replica runs (finished sagas past their retention, after the archive took them; sent outbox rows), and the saga archive it calls first.',
    mayImport: ['orchestration', 'observability', 'config'],
    why: 'A worker like webhooks: it drives the housekeeping store and the archive through their ports (orchestration) and reports to the metrics; nothing imports it but the composition root.',
  },
  {
    folder: 'api',
    role: 'The REST API: controllers, schemas, problem+json, the HTTP side of the JSON guards, the auth guard and audit interceptor, security headers, OpenAPI.',
    mayImport: ['orchestration', 'config', 'json-guard'],
    why: "Thin controllers talk to the application services only, never to the runtime, the engine, persistence or messaging: the engine's vocabulary reaches them through orchestration re-exports.",
    subfolders: {
      audit: 'GET /v1/audit',
      auth: 'the access guard, rate limit, audit interceptor and their decorators',
      'bulk-operations': 'POST /v1/bulk-operations (dry run, confirmed creation), their progress, items and cancel',
      definitions: 'the definition endpoints',
      'json-guard': 'the HTTP side of the JSON guards: body parser limits and hooks, content type, the refusal middleware',
      openapi: 'the OpenAPI document, its export and the composite endpoint decorator',
      participants: 'GET /v1/participants, DELETE /v1/participants/{name}',
      problem: 'RFC 9457 problem+json: the problem types and the one exception filter',
      sagas: 'the saga endpoints and the server-sent change stream (its caps, back-pressure and idle end)',
      'security-headers': 'helmet on every response, with the Content-Security-Policy of each path (API, /docs, the dashboard)',
      validation: 'the Standard Schema validation pipe and its issue mapping',
      webhooks: 'the webhook subscription endpoints and their deliveries',
    },
  },
  {
    folder: 'ui',
    role: 'The dashboard: its static app and the route that serves it.',
    mayImport: ['saga-engine'],
    why: "The dashboard speaks to the service over its REST API only; its pure lib/ shares the engine's definition types (erased at build).",
    subfolders: {
      lib: 'pure TypeScript shared with the browser: diagram layout, saga path, step timeline, diff',
      static: 'the page, its Preact components and styles (served as files)',
      'static/components': 'shared components (diagram, confirmation dialog)',
      'static/pages': 'one module per page',
    },
  },
  {
    folder: 'cli',
    role: 'The operator CLIs (npm run keys, npm run archive): a small composition root of its own over the application services and persistence.',
    mayImport: ['config', 'orchestration', 'persistence', 'archive'],
    why: 'A separate program, wired by hand: it may compose services and repositories, but nothing imports it.',
  },
];

/** The composition roots at the top of src/: the only files that see every layer. */
const compositionRoot = {
  'main.ts': 'bootstrap: parses the configuration once, creates the app, HTTP set-up, graceful shutdown',
  'app.module.ts': 'the composition root: wires every module and binds every port to its adapter',
};

/** The folders outside src/, with their role. */
const otherFolders = {
  test: 'tests that need more than one unit (unit specs sit beside their source as *.spec.ts)',
  'test/support': 'fresh database and vhost per test file, process harness, clients, ledgers',
  'test/integration': 'real PostgreSQL and RabbitMQ, one folder per area',
  'test/integration/api': 'the API over in-memory services: bad input, OpenAPI',
  'test/integration/auth': 'API keys, scopes, audit and limits on the real database',
  'test/integration/bench':
    "the bench's hand-written fenced participant keeps the SDK fence's guarantees; the soak's verdicts (lost sagas, growing tables)",
  'test/integration/contracts': 'documents and rules checked against the code: AsyncAPI, config table, dependency rules, architecture map, packaging',
  'test/integration/dashboard': "the dashboard's queries at scale",
  'test/integration/housekeeping': 'retention: what a housekeeping sweep deletes and keeps, concurrent sweeps, the indexes its batches use',
  'test/integration/messaging': 'the outbox relay and the inbound consumer on a real broker',
  'test/integration/orchestration': 'the application services and the runtime on a real database',
  'test/integration/orchestration/support': 'the test app and the definitions these tests share',
  'test/integration/participant-sdk': 'the SDK against a real broker and database',
  'test/integration/persistence': 'migrations, the saga transaction, the outbox repository',
  'test/integration/tracing': 'one saga is one trace across coordinator and participant; the --import bootstrap loads only the four instrumentations',
  'test/e2e': 'real processes driven over HTTP',
  'test/e2e/fixtures': 'coordinators with extra definitions, purpose-built test participants',
  'test/chaos': 'the fault-injection suite (npm run test:chaos)',
  'test/chaos/scenarios': 'one scenario per fault of RELIABILITY.md',
  'test/chaos/support': 'the harness: processes, faults, invariants, broken variants, report',
  'test/chaos-cluster': 'fault 21 on a three-node RabbitMQ cluster of this machine (npm run test:chaos-cluster)',
  'test/replicas': 'the two-replica kill check (npm run check:replicas)',
  'test/replicas/support': 'its load and checks',
  packages: 'what other teams install, built from this repository (npm workspaces; each with exports, types and a README)',
  'packages/contracts':
    '@saga-coordinator/contracts: the wire format (topology, message schemas, ids, limits) shared with participants in any language; depends on zod only',
  'packages/contracts/src': 'its sources (barrel index.ts)',
  'packages/participant':
    '@saga-coordinator/participant: the participant SDK (plain TypeScript core and fence; NestJS module under ./nest; TypeORM and Knex adapters under ./typeorm and ./knex)',
  'packages/participant/sql':
    'the fence table as a migration (001_fence.sql, for psql), shipped in the package; a unit test keeps it equal to the DDL the SDK runs at start',
  'packages/participant/src': 'its sources',
  'packages/participant/src/core':
    'createParticipant, step results, the fence and its repository, the transaction adapter interface and its pg adapter, command schemas (Standard Schema)',
  'packages/participant/src/knex': 'knexTransactions: handlers write through the Knex.Transaction of the fence (knex is an optional peer)',
  'packages/participant/src/nest': 'ParticipantModule, @SagaStep / @SagaCompensation and their explorer',
  'packages/participant/src/typeorm':
    'typeormTransactions: handlers write through a TypeORM EntityManager bound to the fenced transaction (typeorm is an optional peer)',
  'packages/client':
    '@saga-coordinator/client: the typed HTTP client (types generated from the OpenAPI document, calls through openapi-fetch) and the saga CLI',
  'packages/client/src':
    'the client: start, get, list, events, wait for the result, operator actions, definitions, participants; problems as SagaApiProblem',
  'packages/client/src/cli': 'the saga CLI (commander): commands, tables or --json, exit codes by outcome, the progress indicator',
  'packages/client/src/generated': 'openapi.ts generated from the OpenAPI document by npm run client:types (a test fails when it is stale)',
  'packages/conformance':
    '@saga-coordinator/conformance: the conformance kit (npx saga-conformance) that plays the coordinator against a running participant over RabbitMQ and reports each protocol rule',
  'packages/conformance/src': 'its sources: the coordinator double (amqplib), one rule per protocol point, the report and the CLI',
  examples: 'programs built on the packages exactly as an outside user would (npm workspaces)',
  'examples/order': 'the order saga: its definition (order.definition.json, registered through INITIAL_DEFINITIONS_FILE) and three participants',
  'examples/order/src': 'what the participants share (environment, schema migrations, crash point)',
  'examples/order/src/inventory': 'the inventory participant (plain TypeScript)',
  'examples/order/src/payment': 'the payment participant (plain TypeScript, with switchable faults)',
  'examples/order/src/shipping': 'the shipping participant (NestJS decorators)',
  'examples/plain-amqplib': 'a participant in plain amqplib and pg, written from docs/participants.md alone (the guide includes it verbatim)',
  'test/outside': 'the packed packages installed into a project outside the repository (npm run test:outside)',
  'test/outside/fixtures': "the outside projects' sources, copied out by the test",
  'test/outside/fixtures/src': "the outside projects' participants",
  'test/outside/fixtures/src/client': 'a project that installs only the packed client: starts an order saga and waits for its result, typed',
  'test/outside/fixtures/src/nest': 'a NestJS participant writing through TypeORM, with zod command schemas (a project of its own)',
  'test/outside/fixtures/src/plain': 'a plain TypeScript participant on pg (a project without TypeORM, Knex or NestJS)',
  'test/outside/fixtures/src/shared': 'what both share (environment, schema)',
  bench: 'the benchmark (npm run bench)',
  'bench/reference': "a minimal coordinator and hand-written fenced participants: each layer's bound",
  'bench/ceiling': 'a framework-free ceiling on the same database and broker',
  'bench/infra': 'starting and stopping the systems under test',
  'bench/limits': 'the raw limits of PostgreSQL and RabbitMQ here',
  'bench/peer': 'DBOS, the peer compared against',
  'bench/report': 'docs/performance.md',
  'bench/workload': 'the load the systems run',
  'bench/soak': 'npm run soak: sagas with a one-minute retention, table sizes sampled, no-loss and flat-size checks, its reliability section',
  scripts: 'machine set-up and document generators run by npm scripts (prepare-machine, broker users, chaos broker, architecture doc, env check)',
};

module.exports = { sourceFolders, compositionRoot, otherFolders };
