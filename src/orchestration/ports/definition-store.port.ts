import type { SagaDefinition } from '../../saga-engine/definition/saga-definition.js';

/** A registered definition version. */
export interface StoredDefinition {
  readonly definition: SagaDefinition;
  readonly contentHash: string;
  readonly createdAt: string;
}

/** Persistence of saga definitions; a (name, version) is immutable once stored. */
export abstract class DefinitionStore {
  /** One version, or the latest when `version` is absent. */
  abstract find(name: string, version?: number): Promise<StoredDefinition | null>;
  /** The latest version of every definition, by name. */
  abstract listLatest(): Promise<StoredDefinition[]>;
  /** Stores the version unless it exists; returns what is stored afterwards (theirs if it existed). */
  abstract insertIfAbsent(definition: SagaDefinition, contentHash: string): Promise<{ inserted: boolean; stored: StoredDefinition }>;
}
