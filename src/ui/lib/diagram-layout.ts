/*
 * Runs in the browser as well as in Node: compiled by `nest build` to dist/src/ui/lib and served
 * at /ui/lib/. Pure: no DOM, no imports at run time but its sibling modules (type imports are erased).
 */
import type { BranchDefinition, FlowNode } from '../../saga-engine/definition/saga-definition.js';
import { rendererOf } from './node-renderers.js';

export { formatMs } from './node-renderers.js';

/** Size and spacing of the drawing, in SVG user units. */
export const LayoutMetrics = {
  nodeWidth: 168,
  nodeHeight: 52,
  /** Horizontal gap between consecutive blocks. */
  gapX: 44,
  /** Vertical gap between branches of a parallel group or choice. */
  gapY: 28,
  /** Diameter of the start and end circles and the fork/join/choice markers. */
  markerSize: 22,
  /** Space around the whole drawing (room for the compensation arcs below). */
  padding: 24,
  /** Room under the main row for the compensation path. */
  compensationLane: 56,
} as const;

/** A box or marker of the drawing. `name` is the flow node's name (unique in a definition). */
export interface LayoutNode {
  readonly id: string;
  /** A flow node's name; null for start/end and the fork/join/merge markers. */
  readonly name: string | null;
  /** A marker (`start`, `end`, `fork`, `join`, `choice`, `merge`) or a leaf's shape from its renderer (`step`, `wait`, `delay` …). */
  readonly shape: 'start' | 'end' | 'fork' | 'join' | 'choice' | 'merge' | (string & {});
  /** A dashed box (a node that only waits). */
  readonly dashed: boolean;
  readonly label: string;
  /** Second line: participant and command, the awaited signal or the delay. */
  readonly detail: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** An arrow between two laid-out nodes; `label` names a branch. */
export interface LayoutEdge {
  readonly from: string;
  readonly to: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
  readonly label: string | null;
  /** An arrow into a branch (or across an empty one): the branch's name, to tell which one a saga took. */
  readonly branch: string | null;
}

export interface DiagramLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly LayoutNode[];
  readonly edges: readonly LayoutEdge[];
}

/** A laid-out sub-flow: what it drew, where it is entered and left, and its size. */
interface Block {
  readonly nodes: LayoutNode[];
  readonly edges: LayoutEdge[];
  readonly width: number;
  readonly height: number;
  /** Node ids where arrows come in and go out, and the y of the block's middle line. */
  readonly entry: string;
  readonly exit: string;
  readonly midY: number;
}

const M = LayoutMetrics;

function shift(block: Block, dx: number, dy: number): Block {
  return {
    ...block,
    midY: block.midY + dy,
    nodes: block.nodes.map((node) => ({ ...node, x: node.x + dx, y: node.y + dy })),
    edges: block.edges.map((edge) => ({ ...edge, points: edge.points.map((p) => ({ x: p.x + dx, y: p.y + dy })) })),
  };
}

function marker(id: string, shape: LayoutNode['shape'], label: string, name: string | null = null): Block {
  const node: LayoutNode = { id, name, shape, dashed: false, label, detail: '', x: 0, y: 0, width: M.markerSize, height: M.markerSize };
  return { nodes: [node], edges: [], width: M.markerSize, height: M.markerSize, entry: id, exit: id, midY: M.markerSize / 2 };
}

function leaf(node: FlowNode): Block {
  const renderer = rendererOf(node);
  const laid: LayoutNode = {
    id: node.name,
    name: node.name,
    shape: renderer.shape,
    dashed: renderer.dashed,
    label: node.name,
    detail: renderer.detail(node),
    x: 0,
    y: 0,
    width: M.nodeWidth,
    height: M.nodeHeight,
  };
  return { nodes: [laid], edges: [], width: M.nodeWidth, height: M.nodeHeight, entry: node.name, exit: node.name, midY: M.nodeHeight / 2 };
}

/** The right-middle of `from` to the left-middle of `to`, with an elbow when they are not level. */
function connect(nodes: readonly LayoutNode[], from: string, to: string, label: string | null = null, branch: string | null = null): LayoutEdge {
  const a = nodes.find((node) => node.id === from)!;
  const b = nodes.find((node) => node.id === to)!;
  const start = { x: a.x + a.width, y: a.y + a.height / 2 };
  const end = { x: b.x, y: b.y + b.height / 2 };
  if (start.y === end.y) return { from, to, points: [start, end], label, branch };
  // Leaving a fork: turn at the start; arriving at a join: turn at the end.
  const turnX = a.shape === 'fork' || a.shape === 'choice' ? start.x + M.gapX / 2 : end.x - M.gapX / 2;
  return { from, to, points: [start, { x: turnX, y: start.y }, { x: turnX, y: end.y }, end], label, branch };
}

/** Blocks side by side, centred on one middle line, joined by arrows. */
function row(blocks: readonly Block[]): Block {
  const midY = Math.max(...blocks.map((block) => block.midY));
  const height = Math.max(...blocks.map((block) => midY - block.midY + block.height));
  let x = 0;
  const placed = blocks.map((block) => {
    const moved = shift(block, x, midY - block.midY);
    x += block.width + M.gapX;
    return moved;
  });
  const nodes = placed.flatMap((block) => block.nodes);
  const edges = placed.flatMap((block) => block.edges);
  for (let i = 1; i < placed.length; i++) edges.push(connect(nodes, placed[i - 1]!.exit, placed[i]!.entry));
  return { nodes, edges, width: x - M.gapX, height, entry: placed[0]!.entry, exit: placed.at(-1)!.exit, midY };
}

/** A branch's nodes in a row; null for a branch without nodes. */
function sequence(steps: readonly FlowNode[]): Block | null {
  return steps.length === 0 ? null : row(steps.map(layoutNode));
}

/** Branches stacked top to bottom between an opening and a closing marker. */
function branches(
  name: string,
  open: 'fork' | 'choice',
  close: 'join' | 'merge',
  list: readonly { branch: BranchDefinition; label: string }[],
): Block {
  const opening = marker(`${name}`, open, name, name);
  const closing = marker(`${name}:${close}`, close, '', null);
  const bodies = list.map(({ branch }) => sequence(branch.steps));
  const innerWidth = Math.max(M.markerSize, ...bodies.map((body) => body?.width ?? 0));
  let y = 0;
  const placedBodies = bodies.map((body) => {
    const height = body?.height ?? M.markerSize;
    const placed = body ? shift(body, M.markerSize + M.gapX, y) : null;
    const top = y;
    y += height + M.gapY;
    return { body: placed, top, height };
  });
  const height = y - M.gapY;
  const midY = height / 2;
  const closeX = M.markerSize + M.gapX + innerWidth + M.gapX;
  const nodes = [
    ...shift(opening, 0, midY - M.markerSize / 2).nodes,
    ...placedBodies.flatMap(({ body }) => body?.nodes ?? []),
    ...shift(closing, closeX, midY - M.markerSize / 2).nodes,
  ];
  const edges = placedBodies.flatMap(({ body }) => body?.edges ?? []);
  placedBodies.forEach(({ body, top, height: bodyHeight }, index) => {
    const { label, branch } = { label: list[index]!.label, branch: list[index]!.branch.name };
    if (body) {
      edges.push(connect(nodes, opening.entry, body.entry, label, branch), connect(nodes, body.exit, closing.exit));
      return;
    }
    // An empty branch (a choice's `otherwise` without steps) goes straight across.
    const laneY = top + bodyHeight / 2;
    const a = nodes.find((node) => node.id === opening.entry)!;
    const b = nodes.find((node) => node.id === closing.exit)!;
    const points = [
      { x: a.x + a.width, y: a.y + a.height / 2 },
      { x: a.x + a.width + M.gapX / 2, y: a.y + a.height / 2 },
      { x: a.x + a.width + M.gapX / 2, y: laneY },
      { x: b.x - M.gapX / 2, y: laneY },
      { x: b.x - M.gapX / 2, y: b.y + b.height / 2 },
      { x: b.x, y: b.y + b.height / 2 },
    ];
    edges.push({ from: opening.entry, to: closing.exit, points: laneY === a.y + a.height / 2 ? [points[0]!, points[5]!] : points, label, branch });
  });
  return { nodes, edges, width: closeX + M.markerSize, height, entry: opening.entry, exit: closing.exit, midY };
}

function layoutNode(node: FlowNode): Block {
  switch (node.type) {
    case 'parallel':
      return branches(
        node.name,
        'fork',
        'join',
        node.branches.map((branch) => ({ branch, label: branch.name })),
      );
    case 'choice':
      return branches(node.name, 'choice', 'merge', [
        ...node.choices.map((branch) => ({ branch, label: branch.name })),
        { branch: node.otherwise, label: `${node.otherwise.name} (otherwise)` },
      ]);
    default:
      return leaf(node);
  }
}

/**
 * Lays out a definition's flow left to right: start → nodes → end; a parallel group forks into
 * branches stacked top to bottom and joins again; a choice branches from a diamond and merges.
 * Coordinates are absolute, with `LayoutMetrics.padding` around and room below for the
 * compensation path.
 */
export function layoutDefinition(steps: readonly FlowNode[]): DiagramLayout {
  const whole = row([marker('start', 'start', 'start'), ...steps.map(layoutNode), marker('end', 'end', 'end')]);
  const placed = shift(whole, M.padding, M.padding);
  return {
    width: whole.width + 2 * M.padding,
    height: whole.height + 2 * M.padding + M.compensationLane,
    nodes: placed.nodes,
    edges: placed.edges,
  };
}
