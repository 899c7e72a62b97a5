import 'reflect-metadata';
import { readExampleEnvironment } from '../example-environment.util.js';
import { createExampleLogger } from '../example-logger.util.js';
import { runUntilSignal } from '../run-until-signal.util.js';
import { startShippingParticipant } from './shipping.participant.js';

const env = readExampleEnvironment();
const logger = createExampleLogger('shipping', env.logFormat);
runUntilSignal(logger, () => startShippingParticipant(env, logger));
