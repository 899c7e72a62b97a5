/** Typings of client-types.mjs, for the test that keeps the client package's generated types current. */
export declare const ClientTypesPath: string;
export declare const RegenerateClientTypesCommand: string;
export declare function renderClientTypes(document: object): Promise<string>;
