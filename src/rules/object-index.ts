import { Manifest } from './rule';

/**
 * The objects of one audit, indexed once so cross-object rules (a pod and the policies that select it,
 * a binding and its role) stay linear in the number of objects instead of scanning everything per object.
 */
export class ObjectIndex {
  private readonly byKind = new Map<string, Manifest[]>();

  constructor(public readonly objects: readonly Manifest[]) {
    for (const o of objects) {
      const kind = o.kind ?? '';
      const list = this.byKind.get(kind);
      if (list) list.push(o);
      else this.byKind.set(kind, [o]);
    }
  }

  /** Every object of a kind. */
  public ofKind(kind: string): readonly Manifest[] {
    return this.byKind.get(kind) ?? [];
  }

  /** Objects of a kind in a namespace (`undefined` namespace means the object names none). */
  public inNamespace(kind: string, namespace: string | undefined): readonly Manifest[] {
    return this.ofKind(kind).filter(o => o.metadata?.namespace === namespace);
  }

  /** The object of a kind with this namespace and name, if the audit holds it. */
  public find(kind: string, namespace: string | undefined, name: string | undefined): Manifest | undefined {
    return this.ofKind(kind).find(o => o.metadata?.namespace === namespace && o.metadata?.name === name);
  }

  /** Whether the audit holds the Namespace object `name`. */
  public hasNamespace(name: string): boolean {
    return this.ofKind('Namespace').some(n => n.metadata?.name === name);
  }
}
