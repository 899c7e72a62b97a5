import 'reflect-metadata';
import { readExampleEnvironment } from '../example-environment.util.js';
import { runUntilSignal } from '../run-until-signal.util.js';
import { startShippingParticipant } from './shipping.participant.js';

runUntilSignal('shipping', () => startShippingParticipant(readExampleEnvironment()));
