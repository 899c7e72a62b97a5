import type { AuditWriter } from '../audit/audit-record.js';
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
  /**
   * Stores the version unless it exists; returns what is stored afterwards (theirs if it existed).
   * `whenInserted` runs in the same transaction after a successful insert (the audit row commits
   * with the registration or not at all).
   */
  abstract insertIfAbsent(
    definition: SagaDefinition,
    contentHash: string,
    whenInserted?: (tx: AuditWriter) => Promise<void>,
  ): Promise<{ inserted: boolean; stored: StoredDefinition }>;

  /** Every version of one definition, oldest first (by default one `find` per version: definitions have few). */
  async listVersions(name: string): Promise<StoredDefinition[]> {
    const latest = await this.find(name);
    if (!latest) return [];
    const versions: StoredDefinition[] = [];
    for (let version = 1; version <= latest.definition.version; version += 1) {
      const stored = version === latest.definition.version ? latest : await this.find(name, version);
      if (stored) versions.push(stored);
    }
    return versions;
  }
}
