import { readExampleEnvironment } from '../example-environment.util.js';
import { createExampleLogger } from '../example-logger.util.js';
import { runUntilSignal } from '../run-until-signal.util.js';
import { startPaymentParticipant } from './payment.participant.js';

const env = readExampleEnvironment();
const logger = createExampleLogger('payment', env.logFormat);
runUntilSignal(logger, () => startPaymentParticipant(env, logger));
