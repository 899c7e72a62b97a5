import type { DefinitionProblem } from '../definition-problem.js';
import { DefinitionLimits, pointerOf } from '../definition-problem.js';
import { childNodes, walkFlow, workNodes } from '../flow.util.js';
import type { ChildDefinition, SagaDefinition } from '../saga-definition.js';
import { FlowNodeTypes, StepKinds } from '../saga-definition.js';

/** Registered definitions: the given version, or the latest when `version` is absent; undefined when not registered. */
export type DefinitionLookup = (name: string, version?: number) => SagaDefinition | undefined;

/**
 * Rules that need the other registered definitions: every child starts a registered definition
 * (and version); no child starts its own definition, directly or through the children of the
 * definitions it starts (that would never end); a compensatable child starts a definition that
 * can be undone entirely (no pivot or retriable node); child sagas nest at most
 * `DefinitionLimits.maxChildSagaDepth` levels below this one.
 */
export function childDefinitionProblems(definition: SagaDefinition, lookup: DefinitionLookup): DefinitionProblem[] {
  return walkFlow(definition).flatMap(({ node, path }): DefinitionProblem[] => {
    if (node.type !== FlowNodeTypes.child) return [];
    const at = (...segments: (string | number)[]) => pointerOf(...path, ...segments);
    const ref = node.definition;
    if (ref.name === definition.name) {
      return [
        {
          pointer: at('definition', 'name'),
          message: `Child step "${node.name}" starts its own definition "${ref.name}": a saga that starts itself never ends.`,
        },
      ];
    }
    const target = lookup(ref.name, ref.version);
    if (target === undefined) {
      const latest = ref.version === undefined ? undefined : lookup(ref.name);
      return latest === undefined
        ? [{ pointer: at('definition', 'name'), message: `Child step "${node.name}" starts definition "${ref.name}", which is not registered.` }]
        : [
            {
              pointer: at('definition', 'version'),
              message: `Child step "${node.name}" starts version ${ref.version} of "${ref.name}", which is not registered (the latest is ${latest.version}).`,
            },
          ];
    }
    const cycle = pathBackTo(definition.name, target, lookup);
    if (cycle !== undefined) {
      return [
        {
          pointer: at('definition', 'name'),
          message: `Child step "${node.name}" starts "${ref.name}", which starts "${definition.name}" again (${[definition.name, ...cycle].join(' → ')}): child sagas that start each other never end.`,
        },
      ];
    }
    const chain = [definition.name, ...deepestChildChain(target, lookup)];
    if (chain.length - 1 > DefinitionLimits.maxChildSagaDepth) {
      return [
        {
          pointer: at('definition', 'name'),
          message: `Child step "${node.name}" starts "${ref.name}", which makes child sagas nest ${chain.length - 1} levels deep (${chain.join(' → ')}); at most ${DefinitionLimits.maxChildSagaDepth} levels are allowed.`,
        },
      ];
    }
    const kindProblem = childKindProblem(node, target);
    return kindProblem === undefined ? [] : [{ pointer: at('kind'), message: kindProblem }];
  });
}

/**
 * A compensatable child must be undoable as a whole: its definition may have no pivot or
 * retriable node (checked at registration, and again by the runtime against the version a child
 * actually starts, since an unpinned child takes the latest).
 */
export function childKindProblem(node: ChildDefinition, target: SagaDefinition): string | undefined {
  if (node.kind !== StepKinds.compensatable) return undefined;
  const irreversible = workNodes(target).find((work) => work.kind !== StepKinds.compensatable);
  if (irreversible === undefined) return undefined;
  return `Child step "${node.name}" is compensatable but definition "${target.name}" v${target.version} has ${irreversible.kind} step "${irreversible.name}", which could not be undone: declare the child step the pivot.`;
}

/**
 * The longest chain of definition names from `from` down through child nodes (registered ones:
 * unknown children end a chain). Each definition's chain is found once (at most the definitions
 * the lookup loaded); a name already on the path ends it (cycles are refused before this).
 */
function deepestChildChain(from: SagaDefinition, lookup: DefinitionLookup): string[] {
  const memo = new Map<string, string[]>();
  const visit = (definition: SagaDefinition, path: readonly string[]): string[] => {
    const key = `${definition.name}@${definition.version}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let deepest = [definition.name];
    for (const child of childNodes(definition)) {
      const next = lookup(child.definition.name, child.definition.version);
      if (next === undefined || path.includes(next.name)) continue;
      const below = visit(next, [...path, definition.name]);
      if (below.length + 1 > deepest.length) deepest = [definition.name, ...below];
    }
    memo.set(key, deepest);
    return deepest;
  };
  return visit(from, []);
}

/** The chain of definition names from `from` back to `name` through child nodes, if there is one. */
function pathBackTo(name: string, from: SagaDefinition, lookup: DefinitionLookup): string[] | undefined {
  const seen = new Set<string>();
  const visit = (definition: SagaDefinition, chain: string[]): string[] | undefined => {
    const key = `${definition.name}@${definition.version}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    for (const child of childNodes(definition)) {
      if (child.definition.name === name) return [...chain, name];
      const next = lookup(child.definition.name, child.definition.version);
      const found = next === undefined ? undefined : visit(next, [...chain, next.name]);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return visit(from, [from.name]);
}
