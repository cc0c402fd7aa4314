import { matchesSelector, PlainLabelSelector } from '../manifest/label-selector';
import { Manifest } from '../manifest/manifest';
import { podTemplateOf } from '../manifest/pod-spec';

/** Something that selects pods, found by its selector. */
interface SelectorEntry {
  readonly object: Manifest;
  readonly selector: PlainLabelSelector;
}

/** Selectors of one namespace, bucketed by one of their matchLabels so a pod only meets the selectors that can match it. */
interface SelectorBuckets {
  /** Selectors with no matchLabels (empty or expressions only): every pod must be checked against them. */
  readonly always: SelectorEntry[];
  /** Selectors by their first matchLabels pair, `key=value`. */
  readonly byLabel: Map<string, SelectorEntry[]>;
}

/** A pod template in an object, with its namespace and labels. */
export interface IndexedPod {
  readonly object: Manifest;
  readonly labels: Record<string, string>;
}

/**
 * The objects of one audit, indexed once so cross-object rules (a pod and the policies that select it,
 * a Service and its pods, a binding and its role) stay near-linear in the number of objects instead of
 * comparing every object with every other.
 */
export class ObjectIndex {
  private readonly byKind = new Map<string, Manifest[]>();
  private readonly byKindNamespace = new Map<string, Manifest[]>();
  private readonly byKindNamespaceName = new Map<string, Manifest>();
  private readonly selectorCache = new Map<string, Map<string | undefined, SelectorBuckets>>();
  private podsByNamespace?: Map<string | undefined, { all: IndexedPod[]; byLabel: Map<string, IndexedPod[]> }>;

  constructor(public readonly objects: readonly Manifest[]) {
    for (const o of objects) {
      push(this.byKind, o.kind ?? '', o);
      const key = `${o.kind ?? ''}\u0000${o.metadata?.namespace ?? ''}`;
      push(this.byKindNamespace, key, o);
      // The first object wins a name, as the API server would refuse the second.
      const named = `${key}\u0000${o.metadata?.name ?? ''}`;
      if (!this.byKindNamespaceName.has(named)) this.byKindNamespaceName.set(named, o);
    }
  }

  /** Every object of a kind. */
  public ofKind(kind: string): readonly Manifest[] {
    return this.byKind.get(kind) ?? [];
  }

  /** Objects of a kind in a namespace (`undefined` namespace means the object names none). */
  public inNamespace(kind: string, namespace: string | undefined): readonly Manifest[] {
    return this.byKindNamespace.get(`${kind}\u0000${namespace ?? ''}`) ?? [];
  }

  /** The object of a kind with this namespace and name, if the audit holds it. */
  public find(kind: string, namespace: string | undefined, name: string | undefined): Manifest | undefined {
    return this.byKindNamespaceName.get(`${kind}\u0000${namespace ?? ''}\u0000${name ?? ''}`);
  }

  /** Whether the audit holds the Namespace object `name`. */
  public hasNamespace(name: string): boolean {
    return this.ofKind('Namespace').some(n => n.metadata?.name === name);
  }

  /**
   * Objects of `kind` in `namespace` whose selector (read by `selectorOf`) selects a pod with `labels`.
   * `cacheKey` names the selector reader, so each kind/reader pair is bucketed once per audit.
   */
  public selecting(kind: string, cacheKey: string, selectorOf: (o: Manifest) => PlainLabelSelector | undefined,
    namespace: string | undefined, labels: Record<string, string> | undefined): Manifest[] {
    const key = `${kind}\u0000${cacheKey}`;
    let byNamespace = this.selectorCache.get(key);
    if (!byNamespace) {
      byNamespace = new Map();
      for (const object of this.ofKind(kind)) {
        const selector = selectorOf(object);
        if (!selector) continue;
        const ns = object.metadata?.namespace;
        let buckets = byNamespace.get(ns);
        if (!buckets) byNamespace.set(ns, buckets = { always: [], byLabel: new Map() });
        const first = Object.entries(selector.matchLabels ?? {})[0];
        if (first) push(buckets.byLabel, `${first[0]}=${first[1]}`, { object, selector });
        else buckets.always.push({ object, selector });
      }
      this.selectorCache.set(key, byNamespace);
    }
    const buckets = byNamespace.get(namespace);
    if (!buckets) return [];
    const l = labels ?? {};
    const candidates = [...buckets.always, ...Object.entries(l).flatMap(([k, v]) => buckets.byLabel.get(`${k}=${v}`) ?? [])];
    return candidates.filter(e => matchesSelector(e.selector, l)).map(e => e.object);
  }

  /** Every pod template (of any pod-bearing object) in `namespace`. */
  public podsIn(namespace: string | undefined): readonly IndexedPod[] {
    return this.pods().get(namespace)?.all ?? [];
  }

  /** Pod templates (of any pod-bearing object) in `namespace` that `selector` selects. */
  public podsSelectedBy(namespace: string | undefined, selector: PlainLabelSelector): IndexedPod[] {
    const entry = this.pods().get(namespace);
    if (!entry) return [];
    const first = Object.entries(selector.matchLabels ?? {})[0];
    const candidates = first ? entry.byLabel.get(`${first[0]}=${first[1]}`) ?? [] : entry.all;
    return candidates.filter(p => matchesSelector(selector, p.labels));
  }

  private pods(): Map<string | undefined, { all: IndexedPod[]; byLabel: Map<string, IndexedPod[]> }> {
    if (!this.podsByNamespace) {
      this.podsByNamespace = new Map();
      for (const object of this.objects) {
        const pod = podTemplateOf(object);
        if (!pod) continue;
        const ns = object.metadata?.namespace;
        let entry = this.podsByNamespace.get(ns);
        if (!entry) this.podsByNamespace.set(ns, entry = { all: [], byLabel: new Map() });
        const indexed = { object, labels: pod.metadata.labels ?? {} };
        entry.all.push(indexed);
        for (const [k, v] of Object.entries(indexed.labels)) push(entry.byLabel, `${k}=${v}`, indexed);
      }
    }
    return this.podsByNamespace;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
