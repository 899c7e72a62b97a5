import type { BranchDefinition, ChildDefinition, FlowNode, LeafNode, SagaDefinition, StepDefinition, WorkNode } from './saga-definition.js';
import { FlowNodeTypes } from './saga-definition.js';
import { findNodeKind } from '../nodes/node-kinds.js';
import { isList } from './is-list.util.js';

/** A node with where it sits: its JSON path in the definition and its enclosing branch, if any. */
export interface PlacedNode {
  readonly node: FlowNode;
  /** Path segments from the definition root (`['steps', 2, 'branches', 0, 'steps', 1]`). */
  readonly path: readonly (string | number)[];
  /** Nesting depth: 1 for the top-level sequence. */
  readonly depth: number;
  /** The enclosing parallel or choice and branch name; absent at top level. */
  readonly parent?: { readonly node: string; readonly branch: string };
}

/** The branches of a branching node (its kind says where they are), each with its JSON path segments; none for a leaf. */
export function branchesOf(node: FlowNode): { branch: BranchDefinition; path: readonly (string | number)[] }[] {
  return findNodeKind(node.type)?.branches?.(node) ?? [];
}

/** True for a node that does something itself (a step, a wait, a delay, a child: any kind that is not branching). */
export function isLeaf(node: FlowNode): node is LeafNode {
  return findNodeKind(node.type)?.role !== 'branching';
}

/**
 * Definitions are immutable values, cached by the catalog: what is derived from one is
 * remembered by identity (a pure memo: same definition object, same answer).
 */
const walks = new WeakMap<SagaDefinition, PlacedNode[]>();
const predecessorMaps = new WeakMap<SagaDefinition, Map<string, ReadonlySet<string>>>();
const successorMaps = new WeakMap<SagaDefinition, Map<string, ReadonlySet<string>>>();

function remembered<T>(cache: WeakMap<SagaDefinition, T>, definition: SagaDefinition, compute: () => T): T {
  let value = cache.get(definition);
  if (value === undefined) {
    value = compute();
    cache.set(definition, value);
  }
  return value;
}

/** Every node of the flow, depth-first in definition order (a container before its branches). */
export function walkFlow(definition: SagaDefinition): PlacedNode[] {
  return [...remembered(walks, definition, () => computeWalk(definition))];
}

function computeWalk(definition: SagaDefinition): PlacedNode[] {
  const placed: PlacedNode[] = [];
  const visit = (nodes: readonly FlowNode[], path: readonly (string | number)[], depth: number, parent?: PlacedNode['parent']) => {
    if (!isList(nodes)) return;
    nodes.forEach((node, index) => {
      if (node === null || typeof node !== 'object') return;
      const nodePath = [...path, index];
      placed.push({ node, path: nodePath, depth, ...(parent ? { parent } : {}) });
      for (const { branch, path: branchPath } of branchesOf(node)) {
        if (branch === null || typeof branch !== 'object') continue;
        visit(branch.steps, [...nodePath, ...branchPath, 'steps'], depth + 1, { node: node.name, branch: branch.name });
      }
    });
  };
  visit(definition.steps, ['steps'], 1);
  return placed;
}

/** Every participant step of the flow, depth-first in definition order. */
export function participantSteps(definition: SagaDefinition): StepDefinition[] {
  return walkFlow(definition)
    .map(({ node }) => node)
    .filter((node): node is StepDefinition => node.type === FlowNodeTypes.step);
}

/** Every node with an effect and a kind (participant steps and child sagas), depth-first in definition order. */
export function workNodes(definition: SagaDefinition): WorkNode[] {
  return walkFlow(definition)
    .map(({ node }) => node)
    .filter((node): node is WorkNode => findNodeKind(node.type)?.role === 'work');
}

/** Every child-saga node of the flow, depth-first in definition order. */
export function childNodes(definition: SagaDefinition): ChildDefinition[] {
  return walkFlow(definition)
    .map(({ node }) => node)
    .filter((node): node is ChildDefinition => node.type === FlowNodeTypes.child);
}

/** The node with this name, anywhere in the flow. */
export function findNode(definition: SagaDefinition, name: string): FlowNode | undefined {
  return walkFlow(definition).find(({ node }) => node.name === name)?.node;
}

/** The participant step with this name, anywhere in the flow. */
export function findParticipantStep(definition: SagaDefinition, name: string): StepDefinition | undefined {
  const node = findNode(definition, name);
  return node?.type === FlowNodeTypes.step ? node : undefined;
}

/** Every node nested inside `node` (not the node itself). */
export function descendantsOf(node: FlowNode): FlowNode[] {
  return branchesOf(node).flatMap(({ branch }) => (isList(branch.steps) ? branch.steps : []).flatMap((child) => [child, ...descendantsOf(child)]));
}

/**
 * For each node, the nodes that are finished before it can start: the nodes earlier in its own
 * sequence (with all they contain) and, going outwards, those before each enclosing container.
 * Nodes in sibling branches of a parallel group are independent: neither precedes the other.
 */
export function causalPredecessors(definition: SagaDefinition): ReadonlyMap<string, ReadonlySet<string>> {
  return remembered(predecessorMaps, definition, () => computePredecessors(definition));
}

function computePredecessors(definition: SagaDefinition): Map<string, ReadonlySet<string>> {
  const predecessors = new Map<string, ReadonlySet<string>>();
  const visit = (nodes: readonly FlowNode[], before: ReadonlySet<string>): void => {
    let seen = new Set(before);
    for (const node of isList(nodes) ? nodes : []) {
      if (node === null || typeof node !== 'object') continue;
      predecessors.set(node.name, seen);
      for (const { branch } of branchesOf(node)) visit(branch?.steps ?? [], seen);
      seen = new Set([...seen, node.name, ...descendantsOf(node).map((child) => child.name)]);
    }
  };
  visit(definition.steps, new Set());
  return predecessors;
}

/** For each node, the nodes that cannot start before it finished (the inverse of `causalPredecessors`). */
export function causalSuccessors(definition: SagaDefinition): ReadonlyMap<string, ReadonlySet<string>> {
  return remembered(successorMaps, definition, () => computeSuccessors(definition));
}

function computeSuccessors(definition: SagaDefinition): Map<string, ReadonlySet<string>> {
  const successors = new Map<string, Set<string>>();
  for (const [name, before] of causalPredecessors(definition)) {
    if (!successors.has(name)) successors.set(name, new Set());
    for (const earlier of before) {
      const set = successors.get(earlier) ?? new Set<string>();
      set.add(name);
      successors.set(earlier, set);
    }
  }
  return successors;
}
