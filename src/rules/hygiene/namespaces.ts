/** What the namespace rules share: looking up a kind of object inside a Namespace of the audit. */
import { Manifest, RuleContext, Violation } from '../rule';

/** A violation when the audit holds no object of `kind` in the Namespace `namespace`. */
export function requireInNamespace(namespace: Manifest, context: RuleContext, kind: string, consequence: string): Violation[] {
  const name = namespace.metadata?.name;
  if (context.index.inNamespace(kind, name).length > 0) return [];
  return [{ message: `namespace "${name}" has no ${kind} in the audit, so ${consequence}`, path: 'metadata.name' }];
}
