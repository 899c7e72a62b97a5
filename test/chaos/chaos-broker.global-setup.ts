import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const script = resolve(import.meta.dirname, '../../scripts/chaos-broker.sh');

/**
 * The chaos suite runs on its own RabbitMQ node (scripts/chaos-broker.sh): restarting it (fault
 * 11), raising its memory alarm (fault 13) and closing all its connections never touch the
 * shared broker. Started here when not running (a fresh machine) and stopped again afterwards;
 * a node that was already running is left as it was. Set TEST_RABBITMQ_NODE (with
 * TEST_RABBITMQ_PORT and TEST_RABBITMQ_MANAGEMENT_URL) to use another broker instead.
 */
export default function setup(): (() => void) | undefined {
  if (process.env.TEST_RABBITMQ_NODE) return undefined;
  const wasRunning = status();
  if (!wasRunning) execFileSync(script, ['start'], { stdio: 'inherit' });
  // Read by test/support/test-infrastructure.ts in the test workers, which inherit this environment.
  process.env.TEST_RABBITMQ_NODE = process.env.CHAOS_BROKER_NODE ?? 'chaos@localhost';
  process.env.TEST_RABBITMQ_PORT = process.env.CHAOS_BROKER_AMQP_PORT ?? '5673';
  process.env.TEST_RABBITMQ_MANAGEMENT_URL = `http://127.0.0.1:${process.env.CHAOS_BROKER_MANAGEMENT_PORT ?? '15673'}`;
  return wasRunning ? undefined : () => execFileSync(script, ['stop'], { stdio: 'inherit' });
}

function status(): boolean {
  try {
    execFileSync(script, ['status'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
