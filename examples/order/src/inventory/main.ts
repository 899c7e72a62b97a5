import { readExampleEnvironment } from '../example-environment.util.js';
import { createExampleLogger } from '../example-logger.util.js';
import { runUntilSignal } from '../run-until-signal.util.js';
import { startInventoryParticipant } from './inventory.participant.js';

const env = readExampleEnvironment();
const logger = createExampleLogger('inventory', env.logFormat);
runUntilSignal(logger, () => startInventoryParticipant(env, logger));
