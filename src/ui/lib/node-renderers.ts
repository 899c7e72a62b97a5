/*
 * Runs in the browser as well as in Node (compiled to dist/src/ui/lib, served at /ui/lib/). Pure:
 * no DOM, no imports at run time but its sibling modules (type imports are erased).
 */
import type { ChildDefinition, DelayDefinition, FlowNode, StepDefinition, WaitDefinition } from '../../saga-engine/definition/saga-definition.js';

/** How the diagram draws a leaf node of one kind (branching kinds are drawn as fork/join or choice/merge markers). */
export interface NodeRenderer<N = FlowNode> {
  /** The box's shape: its CSS class (`node <shape>`) and the word the diagram says for it. */
  readonly shape: string;
  /** A dashed outline: a node that only waits (its work is a timer or a signal). */
  readonly dashed: boolean;
  /** The box's second line. */
  detail(node: N): string;
}

/** `1500` → `1.5 s`, `90000` → `1.5 min`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${+(ms / 1000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${+(ms / 60_000).toFixed(1)} min`;
  return `${+(ms / 3_600_000).toFixed(1)} h`;
}

const step: NodeRenderer<StepDefinition> = { shape: 'step', dashed: false, detail: (node) => `${node.participant} · ${node.command}` };
const wait: NodeRenderer<WaitDefinition> = { shape: 'wait', dashed: true, detail: (node) => `waits for "${node.signal}"` };
const delay: NodeRenderer<DelayDefinition> = { shape: 'delay', dashed: true, detail: (node) => `delay ${formatMs(node.delayMs)}` };
const child: NodeRenderer<ChildDefinition> = {
  shape: 'step',
  dashed: false,
  detail: (node) => `child saga · ${node.definition.name}${node.definition.version === undefined ? '' : ` v${node.definition.version}`}`,
};

/** The leaf kinds' renderers, one line per kind; a type without one is drawn as a plain box named by its type. */
export const NodeRenderers: Readonly<Record<string, NodeRenderer<never>>> = { step, wait, delay, child };

/** The renderer for this node's type. */
export function rendererOf(node: FlowNode): NodeRenderer {
  return NodeRenderers[node.type] ?? { shape: 'step', dashed: false, detail: () => node.type };
}
