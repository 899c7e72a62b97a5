/** Typings of architecture-doc.mjs, for the test that keeps docs/architecture.md current. */
export declare const ArchitectureDocPath: string;
export declare const RegenerateArchitectureDocCommand: string;
export declare function renderArchitectureDoc(): string;
