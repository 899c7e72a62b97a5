import { pino } from 'pino';
import type { ParticipantLogger } from '@saga-coordinator/participant';
import type { ExampleLogFormat } from './example-environment.util.js';

/**
 * pino-pretty options of `LOG_FORMAT=pretty`: the coordinator's (src/config/logger-params.ts),
 * repeated because an example imports nothing but the published packages.
 * test/e2e/readable-logs.test.ts checks that both processes write the same line shape.
 */
export const PrettyLogOptions = {
  singleLine: true,
  translateTime: 'SYS:HH:MM:ss.l',
  ignore: 'pid,hostname,context,req,res',
  messageFormat: '{if context}{context}: {end}{msg}{if req.method} {req.method} {req.url}{end}{if res.statusCode} {res.statusCode}{end}',
} as const;

/**
 * The logger of an example participant process: pino (the SDK takes it as it is), with the
 * participant's name on every line; JSON lines like the coordinator's, or with `pretty` one
 * readable line each through pino-pretty.
 */
export function createExampleLogger(participant: string, format: ExampleLogFormat): ParticipantLogger {
  const transport = format === 'pretty' ? { transport: { target: 'pino-pretty', options: PrettyLogOptions } } : {};
  return pino({ ...transport }).child({ participant });
}
