import { describe, expect, it } from 'vitest';
import { DefinitionJsonSchema } from '../definition/definition-json-schema.js';
import { FlowNodeTypes } from '../definition/saga-definition.js';
import { TimerKinds } from '../decision.js';
import { StepLogTypes } from '../step-log-type.js';
import { BuiltInNodeKinds, findNodeKind, nodeKinds } from './node-kinds.js';

describe('node kinds registry', () => {
  it('lists every node type of the definition model once, in its order', () => {
    expect(BuiltInNodeKinds.map((kind) => kind.type)).toEqual(Object.values(FlowNodeTypes));
    expect(nodeKinds()).toEqual(BuiltInNodeKinds);
  });

  it('finds a kind by type and nothing for an unknown type', () => {
    expect(findNodeKind('delay')?.role).toBe('leaf');
    expect(findNodeKind('parallel')?.role).toBe('branching');
    expect(findNodeKind('child')?.role).toBe('work');
    expect(findNodeKind('nope')).toBeUndefined();
    expect(findNodeKind(undefined)).toBeUndefined();
  });

  it('gives each branching kind a way to its branches and a progress hook, and each other kind a start hook', () => {
    for (const kind of BuiltInNodeKinds) {
      if (kind.role === 'branching') expect([kind.type, typeof kind.branches, typeof kind.progress]).toEqual([kind.type, 'function', 'function']);
      else expect([kind.type, typeof kind.start]).toEqual([kind.type, 'function']);
    }
  });

  it('has every timer kind but the saga deadline armed by exactly one node kind', () => {
    const claimed = BuiltInNodeKinds.flatMap((kind) => kind.timerKinds ?? []);
    expect(new Set(claimed).size).toBe(claimed.length);
    expect([...claimed].sort()).toEqual(
      Object.values(TimerKinds)
        .filter((kind) => kind !== TimerKinds.sagaDeadline)
        .sort(),
    );
  });

  it('has each node-specific step-log type claimed by one kind only, and listed in StepLogTypes', () => {
    const claimed = BuiltInNodeKinds.flatMap((kind) => kind.logTypes ?? []);
    expect(new Set(claimed).size).toBe(claimed.length);
    for (const type of claimed) expect(Object.values(StepLogTypes)).toContain(type);
  });

  it("puts each kind's JSON Schema fragment in the definition language", () => {
    for (const kind of BuiltInNodeKinds)
      expect(DefinitionJsonSchema.$defs[kind.type as keyof typeof DefinitionJsonSchema.$defs]).toBe(kind.jsonSchema);
    expect(DefinitionJsonSchema.$defs.node.properties.type.enum).toEqual(BuiltInNodeKinds.map((kind) => kind.type));
  });
});
