/** The fields of `o` that are set, so spreading it over defaults never erases a default with `undefined`. */
export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The record with its keys in sorted order, so emitted labels and annotations read the same on every synth. */
export function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/** A stable key of a JSON value, independent of the order its objects' keys were written in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? sortKeys(v) : v));
}
