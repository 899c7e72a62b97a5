import type { FlowNode } from '../definition/saga-definition.js';
import { childNode } from './child.node.js';
import { choiceNode } from './choice.node.js';
import { delayNode } from './delay.node.js';
import type { AnyNode, NodeKind } from './node-kind.js';
import { parallelNode } from './parallel.node.js';
import { stepNode } from './step.node.js';
import { waitNode } from './wait.node.js';

/**
 * The node kinds of the definition language, one line each, in the order the API and the
 * definition schema list them. The engine's walks, rules, JSON form and handlers look kinds up
 * here instead of switching on the node type.
 */
export const BuiltInNodeKinds: readonly NodeKind[] = [stepNode, parallelNode, choiceNode, waitNode, delayNode, childNode];

const kinds = new Map<string, NodeKind>(BuiltInNodeKinds.map((kind) => [kind.type, kind]));

/** Every known kind, built-in first, in registration order. */
export function nodeKinds(): readonly NodeKind[] {
  return [...kinds.values()];
}

/** The kind of a node of this type; undefined for an unknown type (validation reports it). */
export function findNodeKind(type: unknown): NodeKind | undefined {
  return typeof type === 'string' ? kinds.get(type) : undefined;
}

/** The kind of a node of a validated definition (its type is known). */
export function kindOf(node: FlowNode): NodeKind {
  const kind = kinds.get(node.type);
  if (!kind) throw new Error(`Unknown node type ${JSON.stringify(node.type)} (node "${node.name}").`);
  return kind;
}

/**
 * Adds a kind at run time, for tests that exercise the engine with a kind of their own (a
 * shipped kind is a line of `BuiltInNodeKinds`). Returns the function that removes it again.
 */
export function registerNodeKind(kind: NodeKind<AnyNode>): () => void {
  const entry = kind as NodeKind;
  if (kinds.has(entry.type)) throw new Error(`Node kind "${entry.type}" is already registered.`);
  kinds.set(entry.type, entry);
  return () => {
    kinds.delete(entry.type);
  };
}
