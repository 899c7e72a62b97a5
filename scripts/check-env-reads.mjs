#!/usr/bin/env node
/**
 * The environment is read in one place: `process.env` may appear in src/config only (the typed
 * configuration source), so every setting is validated, documented and parsed once. The SDK and
 * the examples are separate programs (with their own settings) and are not checked here.
 * Part of `npm run lint:deps`; test/integration/contracts/dependency-rules.test.ts proves it fires.
 *
 *   node scripts/check-env-reads.mjs [root]   (root defaults to the current directory)
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = process.argv[2] ?? process.cwd();
// Specs may read flags such as UPDATE_GENERATED (they do not run in production).
const allowed = [/^src\/config\//, /^src\/(participant-sdk|examples)\//, /\.spec\.ts$/];

/** Every .ts file under `dir` (ui/static is the browser's, plain JavaScript). */
function* sources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

const violations = [];
for (const file of sources(join(root, 'src'))) {
  const path = relative(root, file).split('\\').join('/');
  if (allowed.some((pattern) => pattern.test(path))) continue;
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (/\bprocess\.env\b/.test(line) && !/^\s*(\/\/|\*)/.test(line)) violations.push(`${path}:${index + 1}`);
    });
}

if (violations.length > 0) {
  for (const where of violations)
    process.stderr.write(`  error process-env-only-in-config: ${where} reads process.env; add the setting to src/config and inject AppConfig\n`);
  process.stderr.write(`\nx ${violations.length} environment read(s) outside src/config\n`);
  process.exit(1);
}
process.stdout.write('✔ process.env is read in src/config only\n');
