import type { DecisionDraft } from '../decision-draft.js';
import { onChildTimedOut } from '../handlers/child-saga.handler.js';
import { advanceForward, progressSequence } from '../transitions/advance-forward.transition.js';
import { startChildSaga } from '../transitions/child-saga-start.transition.js';
import { chooseBranch } from '../transitions/choose-branch.transition.js';
import { handleCompensationProblem, startCompensationAttempt } from '../transitions/compensation.transition.js';
import { handleStepProblem } from '../transitions/handle-step-problem.transition.js';
import { startStepAttempt } from '../transitions/start-step-attempt.transition.js';
import { turnBack } from '../transitions/turn-back.transition.js';
import type { NodeEngine } from './node-kind.js';

/**
 * The engine's shared transitions bound to one decision (`decide` gives it to every draft).
 * Unlike the node modules, this one sits above the transitions: it is the seam that lets the
 * node modules (and the registry the walks and rules read) stay below them.
 */
export function nodeEngineFor(draft: DecisionDraft): NodeEngine {
  return {
    advance: () => advanceForward(draft),
    progressSequence: (nodes) => progressSequence(draft, nodes),
    turnBack: (failure) => turnBack(draft, failure),
    startStepAttempt: (step, attempt) => startStepAttempt(draft, step, attempt),
    handleStepProblem: (name, error) => handleStepProblem(draft, name, error),
    startCompensationAttempt: (name, attempt) => startCompensationAttempt(draft, name, attempt),
    handleCompensationProblem: (name, error) => handleCompensationProblem(draft, name, error),
    startChildSaga: (node) => startChildSaga(draft, node),
    onChildTimedOut: (name, timeoutMs) => onChildTimedOut(draft, name, timeoutMs),
    chooseBranch: (node) => chooseBranch(draft, node),
  };
}
