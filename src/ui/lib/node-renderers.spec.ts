import { describe, expect, it } from 'vitest';
import type { FlowNode } from '../../saga-engine/definition/saga-definition.js';
import { BuiltInNodeKinds } from '../../saga-engine/nodes/node-kinds.js';
import { layoutDefinition } from './diagram-layout.js';
import { NodeRenderers, rendererOf } from './node-renderers.js';

describe(rendererOf.name, () => {
  it('has a renderer for every leaf kind of the engine', () => {
    const leafTypes = BuiltInNodeKinds.filter((kind) => kind.role !== 'branching').map((kind) => kind.type);
    expect(Object.keys(NodeRenderers).sort()).toEqual([...leafTypes].sort());
  });

  it('draws waits and delays dashed, steps and children solid', () => {
    const layout = layoutDefinition([
      {
        type: 'step',
        name: 'a',
        participant: 'p',
        command: 'c',
        kind: 'retriable',
        timeoutMs: 1,
        retry: {} as never,
        compensationRetry: {} as never,
      },
      { type: 'wait', name: 'b', signal: 'go', timeoutMs: 1000 },
      { type: 'delay', name: 'c', delayMs: 1500 },
      { type: 'child', name: 'd', definition: { name: 'sub', version: 2 }, kind: 'compensatable' },
    ]);
    expect(layout.nodes.filter((node) => node.name !== null).map((node) => [node.name, node.shape, node.dashed, node.detail])).toEqual([
      ['a', 'step', false, 'p · c'],
      ['b', 'wait', true, 'waits for "go"'],
      ['c', 'delay', true, 'delay 1.5 s'],
      ['d', 'step', false, 'child saga · sub v2'],
    ]);
  });

  it('draws a type without a renderer as a plain box named by its type', () => {
    const unknown = { type: 'pause', name: 'p' } as unknown as FlowNode;
    expect([rendererOf(unknown).shape, rendererOf(unknown).dashed, rendererOf(unknown).detail(unknown)]).toEqual(['step', false, 'pause']);
  });
});
