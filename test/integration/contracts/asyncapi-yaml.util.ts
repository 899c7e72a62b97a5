import { fileURLToPath } from 'node:url';
import { Document } from 'yaml';

/** The committed document, relative to the repository root. */
export const AsyncApiDocumentPath = fileURLToPath(new URL('../../../docs/asyncapi.yaml', import.meta.url));

/** The command that rewrites docs/asyncapi.yaml from packages/contracts. */
export const RegenerateCommand = 'UPDATE_ASYNCAPI=1 npx vitest run --project integration test/integration/contracts';

/**
 * Renders the document as YAML, deterministically: insertion order, no line folding (diffs
 * stay readable) and a header that says the file is generated.
 */
export function renderAsyncApiYaml(document: unknown): string {
  const yaml = new Document(document, { aliasDuplicateObjects: false });
  yaml.commentBefore =
    ' Generated from packages/contracts by test/integration/contracts/asyncapi-document.test.ts: do not edit.\n' +
    ` Regenerate with: ${RegenerateCommand}`;
  return yaml.toString({ lineWidth: 0 });
}
