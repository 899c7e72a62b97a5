import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { orderSagaDefinition } from '../../saga-engine/testing/order-saga.fixture.js';
import type { FlowNode } from '../../saga-engine/definition/saga-definition.js';
import { DefaultCompensationRetryPolicy, DefaultRetryPolicy } from '../../saga-engine/definition/saga-definition.js';
import { formatMs, LayoutMetrics, layoutDefinition, type LayoutNode } from './diagram-layout.js';

const step = (name: string): FlowNode => ({
  type: 'step',
  name,
  participant: 'p',
  command: name,
  compensation: `undo-${name}`,
  kind: 'compensatable',
  timeoutMs: 1000,
  retry: DefaultRetryPolicy,
  compensationRetry: DefaultCompensationRetryPolicy,
});

/** Random flows: steps, waits, delays, parallel groups and choices nested up to depth 3, names unique. */
const flow = (): fc.Arbitrary<FlowNode[]> => {
  let counter = 0;
  const name = () => `n${counter++}`;
  const node: fc.Arbitrary<FlowNode> = fc.letrec<{ node: FlowNode; nodes: FlowNode[] }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constant(null).map(() => step(name())),
      fc.constant(null).map((): FlowNode => ({ type: 'wait', name: name(), signal: 'go', timeoutMs: 1000 })),
      fc.constant(null).map((): FlowNode => ({ type: 'delay', name: name(), delayMs: 1500 })),
      fc.array(tie('nodes'), { minLength: 1, maxLength: 3 }).map((branches): FlowNode => ({
        type: 'parallel',
        name: name(),
        branches: branches.map((steps, i) => ({ name: `b${i}`, steps })),
      })),
      fc.tuple(fc.array(tie('nodes'), { minLength: 1, maxLength: 2 }), tie('nodes')).map(([choices, otherwise]): FlowNode => ({
        type: 'choice',
        name: name(),
        choices: choices.map((steps, i) => ({ name: `c${i}`, when: true, steps })),
        otherwise: { name: 'otherwise', steps: otherwise.slice(0, 1) },
      })),
    ),
    nodes: fc.array(tie('node'), { minLength: 1, maxLength: 3 }),
  })).node;
  return fc.array(node, { minLength: 1, maxLength: 4 });
};

function names(nodes: readonly FlowNode[]): string[] {
  return nodes.flatMap((node) => [
    node.name,
    ...(node.type === 'parallel' ? node.branches.flatMap((branch) => names(branch.steps)) : []),
    ...(node.type === 'choice' ? [...node.choices, node.otherwise].flatMap((branch) => names(branch.steps)) : []),
  ]);
}

const overlaps = (a: LayoutNode, b: LayoutNode) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe(layoutDefinition.name, () => {
  it('draws the order saga as start, three steps in a row, end', () => {
    const layout = layoutDefinition(orderSagaDefinition.steps);
    expect(layout.nodes.map((node) => node.id)).toEqual(['start', 'reserve-inventory', 'charge-payment', 'create-shipment', 'end']);
    const ys = new Set(layout.nodes.map((node) => node.y + node.height / 2));
    expect(ys.size).toBe(1);
    expect(layout.edges.map((edge) => `${edge.from}>${edge.to}`)).toEqual([
      'start>reserve-inventory',
      'reserve-inventory>charge-payment',
      'charge-payment>create-shipment',
      'create-shipment>end',
    ]);
    expect(layout.nodes[1]!.detail).toBe('inventory · reserve-inventory');
  });

  it('draws a child saga node as a step that names the definition it starts', () => {
    const layout = layoutDefinition([
      { type: 'child', name: 'bill', definition: { name: 'billing' }, kind: 'compensatable' },
      { type: 'child', name: 'ship', definition: { name: 'shipping', version: 2 }, kind: 'pivot' },
    ]);
    expect(layout.nodes.filter((node) => node.name !== null).map((node) => [node.id, node.shape, node.detail])).toEqual([
      ['bill', 'step', 'child saga · billing'],
      ['ship', 'step', 'child saga · shipping v2'],
    ]);
  });

  it('forks a parallel group into stacked branches and joins them', () => {
    const layout = layoutDefinition([
      {
        type: 'parallel',
        name: 'both',
        branches: [
          { name: 'left', steps: [step('a')] },
          { name: 'right', steps: [step('b')] },
        ],
      },
    ]);
    const a = layout.nodes.find((node) => node.id === 'a')!;
    const b = layout.nodes.find((node) => node.id === 'b')!;
    expect(a.x).toBe(b.x);
    expect(b.y).toBeGreaterThanOrEqual(a.y + a.height + LayoutMetrics.gapY);
    expect(layout.edges.filter((edge) => edge.from === 'both').map((edge) => [edge.to, edge.label])).toEqual([
      ['a', 'left'],
      ['b', 'right'],
    ]);
    expect(layout.edges.filter((edge) => edge.to === 'both:join').map((edge) => edge.from)).toEqual(['a', 'b']);
  });

  it("names each choice branch's entry arrow, an empty otherwise included", () => {
    const layout = layoutDefinition([
      { type: 'choice', name: 'pick', choices: [{ name: 'fast', when: true, steps: [step('a')] }], otherwise: { name: 'slow', steps: [] } },
    ]);
    expect(layout.edges.filter((edge) => edge.from === 'pick').map((edge) => [edge.to, edge.branch, edge.label])).toEqual([
      ['a', 'fast', 'fast'],
      ['pick:merge', 'slow', 'slow (otherwise)'],
    ]);
  });

  test.prop([flow()])(
    'draws every node once, inside the canvas, without overlaps, every arrow going right',
    (steps) => {
      const layout = layoutDefinition(steps);
      const drawn = layout.nodes.filter((node) => node.name !== null && node.shape !== 'join' && node.shape !== 'merge').map((node) => node.name);
      expect(drawn.sort()).toEqual(names(steps).sort());
      for (const node of layout.nodes) {
        expect(node.x).toBeGreaterThanOrEqual(0);
        expect(node.y).toBeGreaterThanOrEqual(0);
        expect(node.x + node.width).toBeLessThanOrEqual(layout.width);
        expect(node.y + node.height).toBeLessThanOrEqual(layout.height);
      }
      for (let i = 0; i < layout.nodes.length; i++) {
        for (let j = i + 1; j < layout.nodes.length; j++)
          expect(overlaps(layout.nodes[i]!, layout.nodes[j]!), `${layout.nodes[i]!.id} / ${layout.nodes[j]!.id}`).toBe(false);
      }
      const byId = new Map(layout.nodes.map((node) => [node.id, node]));
      for (const edge of layout.edges) {
        expect(byId.get(edge.to)!.x, `${edge.from}>${edge.to}`).toBeGreaterThan(byId.get(edge.from)!.x);
        const xs = edge.points.map((point) => point.x);
        expect(xs).toEqual([...xs].sort((a, b) => a - b));
      }
      // A hundred layouts take about 1.5 s here; the default 5 s ran out under a load average of 15.
    },
    30_000,
  );
});

describe(formatMs.name, () => {
  it.each([
    [250, '250 ms'],
    [1500, '1.5 s'],
    [90_000, '1.5 min'],
    [7_200_000, '2 h'],
  ])('%d → %s', (ms, text) => expect(formatMs(ms)).toBe(text));
});
