/** The fields of `o` that are set, so spreading it over defaults never erases a default with `undefined`. */
export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
