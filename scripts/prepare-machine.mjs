#!/usr/bin/env node
// What the test suites and the bench need beyond Node: checked before anything is built, set up
// where this process can (as root on Debian: the RabbitMQ management plugin, chromium, faketime),
// otherwise the run stops at once with one line saying what to run.
//
//   node scripts/prepare-machine.mjs test|integration|e2e|chaos|chaos-cluster|replicas|bench
//
// PostgreSQL and RabbitMQ themselves are only checked: they are services the machine runs.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';

const PG_HOST = process.env.TEST_PG_HOST ?? '127.0.0.1';
const PG_PORT = Number(process.env.TEST_PG_PORT ?? 5432);
const AMQP_HOST = process.env.TEST_RABBITMQ_HOST ?? '127.0.0.1';
const AMQP_PORT = Number(process.env.TEST_RABBITMQ_PORT ?? 5672);
const MANAGEMENT_URL = process.env.TEST_RABBITMQ_MANAGEMENT_URL ?? `http://${AMQP_HOST}:15672`;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FAKETIME_LIBS = [
  '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1',
  '/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1',
  '/usr/lib/faketime/libfaketime.so.1',
];

/** What each suite needs, in the order it is checked. */
const NEEDS = {
  test: ['postgres', 'rabbitmq', 'management', 'chromium', 'shellTools'],
  integration: ['postgres', 'rabbitmq', 'management'],
  e2e: ['postgres', 'rabbitmq', 'management', 'chromium', 'shellTools'],
  chaos: ['postgres', 'rabbitmq', 'management', 'faketime'],
  // Its own three RabbitMQ nodes (scripts/rabbitmq-cluster.sh, started by the suite): not the shared broker.
  'chaos-cluster': ['postgres'],
  replicas: ['postgres', 'rabbitmq', 'management'],
  bench: ['postgres', 'rabbitmq', 'management'],
};

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
const say = (line) => console.log(`prepare-machine: ${line}`);

class Unmet extends Error {}

function portAnswers(host, port, timeoutMs = 2_000) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function managementAnswers() {
  try {
    const response = await fetch(`${MANAGEMENT_URL}/api/overview`, {
      headers: { authorization: 'Basic ' + Buffer.from('guest:guest').toString('base64') },
      signal: AbortSignal.timeout(3_000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

async function waitFor(probe, seconds) {
  for (let i = 0; i < seconds; i++) {
    if (await probe()) return true;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  return probe();
}

let aptUpdated = false;
function aptInstall(pkg, why) {
  if (!isRoot || !has('apt-get')) {
    throw new Unmet(`${pkg} is missing (${why}): run \`sudo apt-get install -y ${pkg}\``);
  }
  say(`installing Debian's ${pkg} (${why})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    aptUpdated = true;
  }
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], { stdio: ['ignore', 'ignore', 'inherit'], env });
}

const checks = {
  async postgres() {
    if (await portAnswers(PG_HOST, PG_PORT)) return;
    throw new Unmet(
      `PostgreSQL does not answer on ${PG_HOST}:${PG_PORT}: start it (Debian: \`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\`)`,
    );
  },
  async rabbitmq() {
    if (await portAnswers(AMQP_HOST, AMQP_PORT)) return;
    throw new Unmet(`RabbitMQ does not answer on ${AMQP_HOST}:${AMQP_PORT}: start it (\`rabbitmq-server -detached\`)`);
  },
  // Each test file gets its own vhost, created and dropped through the management API.
  async management() {
    if (await managementAnswers()) return;
    const hint = `RabbitMQ's management API does not answer at ${MANAGEMENT_URL}: run \`rabbitmq-plugins enable rabbitmq_management\``;
    if (!has('rabbitmq-plugins')) throw new Unmet(hint);
    say('enabling the RabbitMQ management plugin (the tests create a vhost per file through its API)');
    const enabled = spawnSync('rabbitmq-plugins', ['-q', 'enable', 'rabbitmq_management'], { stdio: ['ignore', 'ignore', 'pipe'] });
    if (enabled.status !== 0) throw new Unmet(`${hint} (it failed here: ${String(enabled.stderr).trim().split('\n')[0]})`);
    if (!(await waitFor(managementAnswers, 60))) throw new Unmet(`${hint} (enabled, but nothing answered within 60 s)`);
  },
  // The dashboard's browser tests drive Debian's chromium through playwright-core.
  async chromium() {
    if (existsSync(CHROMIUM)) return;
    aptInstall('chromium', `${CHROMIUM}, for the dashboard's browser tests`);
    if (!existsSync(CHROMIUM)) throw new Unmet(`chromium was installed but ${CHROMIUM} is missing: set CHROMIUM_PATH`);
  },
  // test/e2e/documented-commands.test.ts runs the docs' shell samples as written: curl, piped into jq.
  async shellTools() {
    for (const tool of ['curl', 'jq']) {
      if (has(tool)) continue;
      aptInstall(tool, `for the documented shell commands that test/e2e/documented-commands.test.ts runs`);
      if (!has(tool)) throw new Unmet(`${tool} was installed but is not on PATH`);
    }
  },
  // Chaos fault 20 runs replicas under libfaketime.
  async faketime() {
    if (process.env.FAKETIME_LIB ? existsSync(process.env.FAKETIME_LIB) : FAKETIME_LIBS.some((lib) => existsSync(lib))) return;
    aptInstall('faketime', 'libfaketime, for chaos fault 20: clock skew');
  },
};

const suite = process.argv[2];
if (!(suite in NEEDS)) {
  console.error(`usage: node scripts/prepare-machine.mjs ${Object.keys(NEEDS).join('|')}`);
  process.exit(2);
}
try {
  for (const need of NEEDS[suite]) await checks[need]();
} catch (error) {
  if (!(error instanceof Unmet)) throw error;
  console.error(`prepare-machine: ${error.message}`);
  process.exit(1);
}
