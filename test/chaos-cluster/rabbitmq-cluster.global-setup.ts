import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

const script = resolve(import.meta.dirname, '../../scripts/rabbitmq-cluster.sh');

/** AMQP ports of the three nodes (scripts/rabbitmq-cluster.sh): saga-mq-1..3@localhost. */
export const ClusterAmqpPorts = [5681, 5682, 5683] as const;

/**
 * Fault 21 runs on a three-node RabbitMQ cluster of this machine (scripts/rabbitmq-cluster.sh),
 * never on the shared broker. Started here when it is not running and stopped (data deleted)
 * afterwards, also when a test failed; a cluster that was already running is left as it was.
 * The harness administers it through node 3 (rabbitmqctl, management API on 15683), the node the
 * scenario never stops; the services get all three URLs (TEST_RABBITMQ_CLUSTER_PORTS).
 */
export default function setup(): (() => void) | undefined {
  const wasRunning = status();
  if (!wasRunning) execFileSync(script, ['start'], { stdio: 'inherit' });
  // Read by test/support/test-infrastructure.ts in the test workers, which inherit this environment.
  process.env.TEST_RABBITMQ_NODE = 'saga-mq-3@localhost';
  process.env.TEST_RABBITMQ_PORT = String(ClusterAmqpPorts[0]);
  process.env.TEST_RABBITMQ_CLUSTER_PORTS = ClusterAmqpPorts.join(',');
  process.env.TEST_RABBITMQ_MANAGEMENT_URL = 'http://127.0.0.1:15683';
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
