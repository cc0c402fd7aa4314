/**
 * The used/unused accounting of relaxations, one for waivers and acknowledgements alike: each is given once per key
 * (unless its key may repeat), is marked used when what it relaxes is actually requested, and one left unused is
 * refused by the caller, so the annotations that record relaxations never overstate what was relaxed.
 */
export class RelaxationLedger<K, T> {
  private readonly used = new Set<T>();

  /**
   * @param items the relaxations given
   * @param keyOf what each relaxes (a waiver kind, an RBAC risk)
   * @param duplicate called with the second relaxation of a key that may not repeat; it throws the caller's error
   * @param repeatable keys that may be given more than once (a host-path waiver per path)
   */
  public constructor(
    private readonly items: readonly T[],
    private readonly keyOf: (item: T) => K,
    duplicate: (item: T) => never,
    repeatable: (key: K) => boolean = () => false,
  ) {
    const seen = new Set<K>();
    for (const item of items) {
      const key = keyOf(item);
      if (seen.has(key) && !repeatable(key)) duplicate(item);
      seen.add(key);
    }
  }

  /** The relaxations of `key`, marking them used. */
  public take(key: K): T[] {
    const found = this.items.filter(item => this.keyOf(item) === key);
    found.forEach(item => this.used.add(item));
    return found;
  }

  /** The relaxations used so far, in the order given. */
  public usedItems(): T[] {
    return this.items.filter(item => this.used.has(item));
  }

  /** The relaxations that relaxed nothing, in the order given. */
  public unused(): T[] {
    return this.items.filter(item => !this.used.has(item));
  }
}
