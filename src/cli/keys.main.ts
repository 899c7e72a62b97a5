import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { loadAppConfig } from '../config/app-config.js';
import { AllApiKeyScopes } from '../orchestration/auth/api-key-scope.js';
import { ApiKeyService, type ApiKeyView } from '../orchestration/auth/api-key.service.js';
import { createDataSourceOptions, dataSourceSettings } from '../persistence/data-source-options.js';
import { ensureDatabaseExists } from '../persistence/ensure-database.util.js';
import { ApiKeyRepository } from '../persistence/repositories/api-key.repository.js';
import { initializeDataSource } from '../persistence/run-migrations-exclusively.util.js';
import { parseScopes } from './parse-scopes.util.js';

/**
 * Operator CLI for API keys, on the coordinator's database (`DATABASE_URL`; migrations applied):
 *   npm run keys -- create --name ci --scopes sagas:start,sagas:read   (prints the key once)
 *   npm run keys -- list
 *   npm run keys -- revoke <id>
 * `--json` prints machine-readable output. Exit code 1 on any error, 2 when revoking an unknown key.
 */
async function withKeys<T>(work: (keys: ApiKeyService) => Promise<T>): Promise<T> {
  const config = loadAppConfig();
  await ensureDatabaseExists(config.databaseUrl);
  // Two connections: the migration lock holds one while the migrations use the other.
  const options = createDataSourceOptions({ ...dataSourceSettings(config), poolSize: 2 });
  const dataSource = await initializeDataSource({ ...options, logging: ['error'] });
  try {
    return await work(new ApiKeyService(new ApiKeyRepository(dataSource)));
  } finally {
    await dataSource.destroy();
  }
}

function describeKey(key: ApiKeyView): string {
  const state = key.revokedAt === null ? 'active' : `revoked ${key.revokedAt}`;
  return `${key.id}  ${key.name}  [${key.scopes.join(',')}]  created ${key.createdAt}  ${state}`;
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

const program = new Command('keys')
  .description('Manage the API keys of the saga coordinator (uses DATABASE_URL).')
  .option('--json', 'print JSON')
  .exitOverride();

program
  .command('create')
  .description('Create a key and print it once (only its SHA-256 is stored).')
  .requiredOption('--name <name>', 'who or what uses the key (1..100 characters)')
  .requiredOption('--scopes <list>', `comma-separated: ${AllApiKeyScopes.join(', ')}`)
  .action(async (options: { name: string; scopes: string }) => {
    const name = options.name.trim();
    if (name.length < 1 || name.length > 100) throw new Error('--name must be 1..100 characters.');
    const { key, token } = await withKeys((keys) => keys.create(name, parseScopes(options.scopes)));
    if (program.opts<{ json?: boolean }>().json) {
      print(JSON.stringify({ ...key, key: token }));
      return;
    }
    print(`Created API key ${key.id} (${key.name}) with scopes ${key.scopes.join(', ')}.`);
    print('Store it now; it cannot be shown again:');
    print(token);
  });

program
  .command('list')
  .description('List keys, oldest first (ids, names, scopes, never secrets).')
  .action(async () => {
    const keys = await withKeys((service) => service.list());
    if (program.opts<{ json?: boolean }>().json) {
      print(JSON.stringify(keys));
      return;
    }
    print(keys.length === 0 ? 'No API keys.' : keys.map(describeKey).join('\n'));
  });

program
  .command('revoke')
  .description('Revoke a key by id; it is refused from the next request on.')
  .argument('<id>', 'the key id (the part after sk_)')
  .action(async (id: string) => {
    const revoked = await withKeys((keys) => keys.revoke(id));
    if (program.opts<{ json?: boolean }>().json) print(JSON.stringify({ id, revoked }));
    else print(revoked ? `Revoked API key ${id}.` : `No active API key ${id}.`);
    if (!revoked) process.exitCode = 2;
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exitCode = error.exitCode;
  else {
    process.stderr.write(`keys: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
