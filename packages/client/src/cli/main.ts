#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { text } from 'node:stream/consumers';
import { runCli } from './program.js';

/** `saga …`: the CLI of @saga-coordinator/client (see `saga --help`; exit codes in ExitCodes). */
process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (output) => process.stdout.write(output),
  stderr: process.stderr,
  env: process.env,
  readFile: (path) => readFileSync(path, 'utf8'),
  readStdin: () => text(process.stdin),
});
