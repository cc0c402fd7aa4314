/**
 * The order the output is applied in: a Namespace must come before the objects that live in it, or `kubectl apply -f`
 * of the synthesized files fails on the first of them.
 */
import { IConstruct } from 'constructs';

/** Refuses members (workloads, Ingresses) of the namespace `ns` (named `name`) that would be emitted before it. */
export function membersEmittedFirst(ns: IConstruct & { readonly name: string }, members: readonly IConstruct[]): string[] {
  const positions = outputPositions(ns.node.root);
  const own = positions.get(ns) ?? -1;
  return members.filter(m => (positions.get(m) ?? -1) < own).map(m =>
    `${m.node.path} is emitted before its namespace "${ns.name}" (${ns.node.path}), so applying the output in order fails. `
    + 'Fix: create the IsolatedNamespace in a chart created before the workload\'s chart, or earlier in the same chart (never add chart dependencies for this)');
}

const positionsOf = new WeakMap<IConstruct, Map<IConstruct, number>>();

/**
 * Each construct's place in the output. Charts are emitted in creation order (absent chart dependencies) and a
 * chart's objects in construct-tree order, so output order is the tree's pre-order. Numbered once per validation
 * pass and shared by every namespace's check, so the checks stay linear (a sibling lookup per member was quadratic);
 * validations run synchronously, so the numbering is dropped in a microtask, before the tree can change again.
 */
function outputPositions(root: IConstruct): Map<IConstruct, number> {
  let positions = positionsOf.get(root);
  if (!positions) {
    positions = new Map(root.node.findAll().map((c, i) => [c, i] as const));
    positionsOf.set(root, positions);
    queueMicrotask(() => positionsOf.delete(root));
  }
  return positions;
}
