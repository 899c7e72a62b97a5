import { readExampleEnvironment } from '../example-environment.util.js';
import { runUntilSignal } from '../run-until-signal.util.js';
import { startPaymentParticipant } from './payment.participant.js';

runUntilSignal('payment', () => startPaymentParticipant(readExampleEnvironment()));
