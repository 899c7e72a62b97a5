import { Inject, Injectable, Logger, type OnApplicationBootstrap, Optional } from '@nestjs/common';
import type { SagaDefinition } from '../../saga-engine/definition/saga-definition.js';
import { validateDefinition } from '../../saga-engine/definition/validate-definition.js';
import { definitionFromJson } from '../../saga-engine/definition/definition-json.js';
import { childNodes } from '../../saga-engine/definition/flow.util.js';
import { childDefinitionProblems, type DefinitionLookup } from '../../saga-engine/definition/rules/child-definitions.rule.js';
import type { DefinitionProblem } from '../../saga-engine/definition/definition-problem.js';
import { AuditActions } from '../audit/audit-action.js';
import { AuditTrailService } from '../audit/audit-trail.service.js';
import { DefinitionNotFoundError } from '../errors/definition-not-found.error.js';
import { DefinitionVersionConflictError } from '../errors/definition-version-conflict.error.js';
import { DefinitionJsonValidator, inputSchemaProblems } from '../input/definition-json-validator.js';
import { InvalidSagaDefinitionError } from '../errors/invalid-saga-definition.error.js';
import { INITIAL_SAGA_DEFINITIONS, type InitialSagaDefinitions } from './initial-definitions.token.js';
import { SagaInputValidator } from '../input/saga-input-validator.js';
import { toDefinitionView } from '../mappers/definition-view.mapper.js';
import { DefinitionStore, type StoredDefinition } from '../ports/definition-store.port.js';
import { contentHash } from '../idempotency/request-hash.codec.js';
import type { DefinitionView } from '../views/definition.view.js';

/** What `register` did. */
export interface DefinitionRegistration {
  /** False when this (name, version) was stored before. */
  readonly inserted: boolean;
  /** True when the stored version differs from the one offered (the stored one wins: versions are immutable). */
  readonly conflict: boolean;
  readonly stored: StoredDefinition;
}

/**
 * Application service behind the definition endpoints, and the runtime's source of pinned
 * definitions. A (name, version) never changes once stored, so it is cached in memory for
 * good; "latest version" lookups always ask the store (another replica may have registered one).
 */
@Injectable()
export class DefinitionCatalogService implements OnApplicationBootstrap {
  private readonly logger = new Logger(DefinitionCatalogService.name);
  private readonly pinnedCache = new Map<string, StoredDefinition>();
  private readonly storedChecks = new Map<string, readonly DefinitionProblem[]>();

  constructor(
    private readonly store: DefinitionStore,
    private readonly inputValidator: SagaInputValidator,
    private readonly jsonValidator: DefinitionJsonValidator,
    private readonly audit: AuditTrailService,
    @Optional() @Inject(INITIAL_SAGA_DEFINITIONS) private readonly initialDefinitions: InitialSagaDefinitions = [],
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const definition of this.initialDefinitions) {
      const { inserted, conflict } = await this.register(definition);
      if (conflict) {
        this.logger.error(
          `Saga definition "${definition.name}" v${definition.version} is stored with different content; keeping the stored one (versions are immutable: give the change a new version).`,
        );
      } else if (inserted) {
        this.logger.log(`Registered saga definition "${definition.name}" v${definition.version}`);
      }
    }
  }

  /** The latest version of every definition, by name. */
  async list(): Promise<DefinitionView[]> {
    return (await this.store.listLatest()).map(toDefinitionView);
  }

  /** The latest version of one definition. @throws DefinitionNotFoundError */
  async get(name: string): Promise<DefinitionView> {
    return toDefinitionView(await this.resolveStored(name));
  }

  /** One version, or the latest when `version` is absent. @throws DefinitionNotFoundError */
  async resolve(name: string, version?: number): Promise<SagaDefinition> {
    return (await this.resolveStored(name, version)).definition;
  }

  /**
   * A stored version's problems under today's rules and limits: checked again before a saga (or
   * child saga) of it starts, since it may have been stored before a limit existed. Cached per
   * (name, version): stored versions are immutable.
   */
  storedProblems(definition: SagaDefinition): readonly DefinitionProblem[] {
    const key = cacheKey(definition.name, definition.version);
    let problems = this.storedChecks.get(key);
    if (problems === undefined) {
      problems = limitProblems(definition);
      if (this.storedChecks.size >= MAX_CACHED_CHECKS) this.storedChecks.clear();
      this.storedChecks.set(key, problems);
    }
    return problems;
  }

  /** The exact version a saga is pinned to (cached). @throws DefinitionNotFoundError */
  async pinned(name: string, version: number): Promise<SagaDefinition> {
    return (await this.resolveStored(name, version)).definition;
  }

  /**
   * Stores a definition version unless that (name, version) exists. It must pass the engine's
   * validation and its input schema must compile (Ajv strict mode), so a saga can never be
   * started against a definition that could not be undone or a broken schema.
   * @throws InvalidSagaDefinitionError
   */
  async register(definition: SagaDefinition): Promise<DefinitionRegistration> {
    const own = limitProblems(definition);
    const problems = own.length > 0 ? own : childDefinitionProblems(definition, await this.lookupForChildren(definition));
    if (problems.length > 0) throw new InvalidSagaDefinitionError(definition.name, problems);
    this.inputValidator.validatorFor(definition);
    const hash = contentHash(definition);
    const { inserted, stored } = await this.store.insertIfAbsent(definition, hash, (tx) =>
      this.audit.recordInTransaction(tx, AuditActions.DefinitionRegister, definition.name),
    );
    this.remember(stored);
    return { inserted, conflict: stored.contentHash !== hash, stored };
  }

  /**
   * Registers a definition in JSON form (docs/definition.schema.json). Without `version`: a body
   * identical to a registered version (whatever its version) returns that version (idempotent);
   * otherwise it becomes latest + 1. With `version`: exactly that version, idempotent for the same
   * content and refused for other content (versions are immutable).
   * @throws InvalidSagaDefinitionError, DefinitionVersionConflictError, StoreUnavailableError
   */
  async registerJson(json: Readonly<Record<string, unknown>>): Promise<DefinitionRegistration> {
    const problems = await this.jsonProblems(json);
    const name = String(json['name']);
    if (problems.length > 0) throw new InvalidSagaDefinitionError(name, problems);
    const explicit = typeof json['version'] === 'number' ? json['version'] : undefined;
    if (explicit !== undefined) {
      const registration = await this.register(definitionFromJson(json, explicit));
      if (registration.conflict) throw new DefinitionVersionConflictError(name, explicit);
      return registration;
    }
    const body = definitionFromJson(json, 1);
    // Another replica may take the version we computed: then look again (bounded).
    for (let round = 0; round < 5; round += 1) {
      const versions = await this.store.listVersions(name);
      const same = versions.find((stored) => sameContent(stored.definition, body));
      if (same) return { inserted: false, conflict: false, stored: same };
      const next = (versions.at(-1)?.definition.version ?? 0) + 1;
      const registration = await this.register({ ...body, version: next });
      if (!registration.conflict) return registration;
    }
    throw new DefinitionVersionConflictError(name, 0);
  }

  /**
   * Every problem of a definition in JSON form (structure, then the engine's rules, then its
   * input schema, then its child sagas against the registered definitions); nothing is stored.
   */
  async jsonProblems(json: unknown): Promise<DefinitionProblem[]> {
    const structural = this.jsonValidator.problems(json);
    if (structural.length > 0) return structural;
    const record = json as Record<string, unknown>;
    const definition = definitionFromJson(record, typeof record['version'] === 'number' ? record['version'] : 1);
    const own = limitProblems(definition);
    if (own.length > 0) return own;
    return childDefinitionProblems(definition, await this.lookupForChildren(definition));
  }

  /**
   * The registered definitions `definition`'s children can reach (their children too, for the
   * cycle rule), loaded once into a synchronous lookup for the engine's pure rule. Bounded: a
   * chain longer than `MAX_CHILD_DEFINITIONS` names stops loading (the rest count as unknown).
   */
  private async lookupForChildren(definition: SagaDefinition): Promise<DefinitionLookup> {
    const versions = new Map<string, SagaDefinition[]>();
    const queue = childNodes(definition).map((child) => child.definition.name);
    while (queue.length > 0 && versions.size < MAX_CHILD_DEFINITIONS) {
      const name = queue.shift()!;
      if (versions.has(name) || name === definition.name) continue;
      const stored = (await this.store.listVersions(name)).map((version) => version.definition);
      versions.set(name, stored);
      for (const version of stored) queue.push(...childNodes(version).map((child) => child.definition.name));
    }
    return (name, version) => {
      const known = versions.get(name) ?? [];
      return version === undefined ? known.at(-1) : known.find((candidate) => candidate.version === version);
    };
  }

  /** Every version of one definition, oldest first. @throws DefinitionNotFoundError */
  async versions(name: string): Promise<DefinitionView[]> {
    const versions = await this.store.listVersions(name);
    if (versions.length === 0) throw new DefinitionNotFoundError(name);
    return versions.map(toDefinitionView);
  }

  /** One version as the API shows it. @throws DefinitionNotFoundError */
  async getVersion(name: string, version: number): Promise<DefinitionView> {
    return toDefinitionView(await this.resolveStored(name, version));
  }

  private async resolveStored(name: string, version?: number): Promise<StoredDefinition> {
    if (version !== undefined) {
      const cached = this.pinnedCache.get(cacheKey(name, version));
      if (cached) return cached;
    }
    const stored = await this.store.find(name, version);
    if (!stored) throw new DefinitionNotFoundError(name, version);
    this.remember(stored);
    return stored;
  }

  private remember(stored: StoredDefinition): void {
    this.pinnedCache.set(cacheKey(stored.definition.name, stored.definition.version), stored);
  }
}

/** Stored versions whose check is remembered (a bound, though versions are few). */
const MAX_CACHED_CHECKS = 1000;

/**
 * A definition's own problems under today's rules and limits (size, node count, nesting, mapping
 * size, input schema and its patterns), without its registered children: the same at
 * registration and before a start.
 */
function limitProblems(definition: SagaDefinition): DefinitionProblem[] {
  const own = validateDefinition(definition);
  return own.length > 0 ? own : inputSchemaProblems(definition.inputSchema);
}

/** Definitions loaded at most to check one registration's children (and theirs). */
const MAX_CHILD_DEFINITIONS = 50;

/** Same definition apart from its version number. */
function sameContent(a: SagaDefinition, b: SagaDefinition): boolean {
  return contentHash({ ...a, version: 0 }) === contentHash({ ...b, version: 0 });
}

function cacheKey(name: string, version: number): string {
  return `${name}@${version}`;
}
