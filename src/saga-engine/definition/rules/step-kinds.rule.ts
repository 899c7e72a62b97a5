import type { FlowNode, SagaDefinition, StepKind, WorkNode } from '../saga-definition.js';
import { FlowNodeTypes, StepKinds } from '../saga-definition.js';
import type { DefinitionProblem } from '../definition-problem.js';
import { pointerOf } from '../definition-problem.js';
import { branchesOf, descendantsOf } from '../flow.util.js';
import { findNodeKind } from '../../nodes/node-kinds.js';
import { isList } from '../is-list.util.js';

const kinds: readonly string[] = Object.values(StepKinds);

/** Where a path through the flow stands relative to its point of no return. */
interface Phase {
  readonly pivot?: string;
  readonly firstRetriable?: string;
}

/**
 * Kinds are known and in order along every path through the flow: compensatable steps, then
 * at most one pivot, then retriable steps. A choice's branches are separate paths (only one
 * runs); what follows a choice counts as after a pivot if any branch had one. Anything else
 * could leave a saga that cannot be undone. Child sagas count as steps of their declared kind.
 * Parallel groups have rules of their own; a leaf kind that can fail by itself (a wait) may not
 * come after the point of no return (its kind's `afterPointOfNoReturn` says why).
 */
export function stepKindProblems(definition: SagaDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  walkSequence(definition.steps, ['steps'], {}, problems);
  return problems;
}

function walkSequence(nodes: readonly FlowNode[], at: readonly (string | number)[], phase: Phase, problems: DefinitionProblem[]): Phase {
  let current = phase;
  (isList(nodes) ? nodes : []).forEach((node, index) => {
    const path = [...at, index];
    const kind = findNodeKind(node.type);
    if (kind?.role === 'work') current = checkStep(node.name, (node as WorkNode).kind, path, current, problems);
    else if (kind?.afterPointOfNoReturn !== undefined && (current.pivot ?? current.firstRetriable) !== undefined) {
      problems.push({ pointer: pointerOf(...path), message: kind.afterPointOfNoReturn(node, describe(current)) });
    } else if (node.type === FlowNodeTypes.parallel) {
      problems.push(...parallelKindProblems(node.name, node, path));
    }
    const branches = branchesOf(node);
    if (branches.length > 0) {
      const outcomes = branches.map(({ branch, path: branchPath }) =>
        walkSequence(branch?.steps ?? [], [...path, ...branchPath, 'steps'], current, problems),
      );
      current = outcomes.reduce<Phase>(
        (merged, outcome) => ({
          ...((merged.pivot ?? outcome.pivot) ? { pivot: merged.pivot ?? outcome.pivot } : {}),
          ...((merged.firstRetriable ?? outcome.firstRetriable) ? { firstRetriable: merged.firstRetriable ?? outcome.firstRetriable } : {}),
        }),
        current,
      );
    }
  });
  return current;
}

function checkStep(name: string, kind: StepKind, path: readonly (string | number)[], phase: Phase, problems: DefinitionProblem[]): Phase {
  const pointer = pointerOf(...path, 'kind');
  if (!kinds.includes(kind)) {
    problems.push({ pointer, message: `The step kind must be one of ${kinds.join(', ')}, got ${JSON.stringify(kind)}.` });
  } else if (kind === StepKinds.compensatable && (phase.pivot ?? phase.firstRetriable) !== undefined) {
    problems.push({ pointer, message: `Step "${name}" is compensatable but comes after ${describe(phase)}: compensatable steps must come first.` });
  } else if (kind === StepKinds.pivot && phase.pivot !== undefined) {
    problems.push({ pointer, message: `Step "${name}" is a second pivot (the first is "${phase.pivot}"): a saga has at most one pivot.` });
  } else if (kind === StepKinds.pivot && phase.firstRetriable !== undefined) {
    problems.push({
      pointer,
      message: `Step "${name}" is a pivot but comes after retriable step "${phase.firstRetriable}": the pivot must come before retriable steps.`,
    });
  }
  if (kind === StepKinds.pivot) return { ...phase, pivot: phase.pivot ?? name };
  if (kind === StepKinds.retriable) return { ...phase, firstRetriable: phase.firstRetriable ?? name };
  return phase;
}

/**
 * Branches of a parallel group run together, so any of them may fail while the others run:
 * none may hold a pivot, and the group is all compensatable or all retriable (a retriable
 * effect next to a failing compensatable branch could never be undone).
 */
function parallelKindProblems(group: string, node: FlowNode, path: readonly (string | number)[]): DefinitionProblem[] {
  const steps = descendantsOf(node).filter((child): child is WorkNode => findNodeKind(child.type)?.role === 'work');
  const pivot = steps.find((step) => step.kind === StepKinds.pivot);
  if (pivot !== undefined) {
    return [
      {
        pointer: pointerOf(...path),
        message: `Parallel group "${group}" contains pivot step "${pivot.name}": a pivot cannot run beside other work, which may fail after it and could not be undone.`,
      },
    ];
  }
  const retriable = steps.find((step) => step.kind === StepKinds.retriable);
  const compensatable = steps.find((step) => step.kind === StepKinds.compensatable);
  if (retriable !== undefined && compensatable !== undefined) {
    return [
      {
        pointer: pointerOf(...path),
        message: `Parallel group "${group}" mixes compensatable step "${compensatable.name}" and retriable step "${retriable.name}": if a branch failed, the retriable effect could not be undone.`,
      },
    ];
  }
  return [];
}

function describe(phase: Phase): string {
  return phase.pivot !== undefined ? `pivot step "${phase.pivot}"` : `retriable step "${phase.firstRetriable}"`;
}
