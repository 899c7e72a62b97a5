import { readExampleEnvironment } from '../example-environment.util.js';
import { runUntilSignal } from '../run-until-signal.util.js';
import { startInventoryParticipant } from './inventory.participant.js';

runUntilSignal('inventory', () => startInventoryParticipant(readExampleEnvironment()));
