/**
 * Text reports print names, messages and reasons that come from the manifests. A control character there (an ESC
 * sequence, a newline, a carriage return, a bidirectional override) could recolour the terminal, hide a line or forge
 * a "0 findings" summary line, so every such character in that data is shown as an escape (`\n`, `\u001b`).
 */
// C0 and C1 controls, DEL, line and paragraph separators, and the bidirectional embedding/override/isolate marks.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with every control character written as an escape; text without one is returned as is. */
export function escapeControl(text: string): string {
  CONTROL.lastIndex = 0;
  if (!CONTROL.test(text)) return text;
  return text.replace(CONTROL, c => SHORT[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A copy of `value` with every string in it escaped (objects and arrays copied only where something changed). */
export function escapeStrings<T>(value: T): T {
  if (typeof value === 'string') return escapeControl(value) as unknown as T;
  if (Array.isArray(value)) {
    const mapped = value.map(escapeStrings);
    return (mapped.some((v, i) => v !== value[i]) ? mapped : value) as unknown as T;
  }
  if (value !== null && typeof value === 'object') {
    let changed = false;
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const e = escapeStrings(v);
      changed ||= e !== v;
      copy[k] = e;
    }
    return (changed ? copy : value) as T;
  }
  return value;
}
