/**
 * Writes `JSON.stringify(value, undefined, 2)` in pieces, so a report with hundreds of thousands of findings is
 * never one string (V8 caps a string near 512 MiB: a 50 MB manifest file used to end in "Invalid string length").
 * The output is byte-for-byte what JSON.stringify would produce.
 */

const FLUSH_AT = 65_536;

/** Collects small pieces and hands them on in ~64 KiB writes. */
export class ChunkedWriter {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly sink: (text: string) => void) {}

  write(text: string): void {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_AT) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    this.sink(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

/**
 * Streams `value` as indented JSON: containers down to `depth` levels are written member by member, deeper values
 * with one JSON.stringify each (a finding, a SARIF result).
 */
export function writeJson(value: unknown, out: ChunkedWriter, depth = 5): void {
  emit(value, '', depth, out);
  out.write('\n');
  out.flush();
}

function emit(value: unknown, indent: string, depth: number, out: ChunkedWriter): void {
  if (depth === 0 || value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    const text = JSON.stringify(value, undefined, 2) ?? 'null';
    out.write(indent ? text.replace(/\n/g, `\n${indent}`) : text);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return out.write('[]');
    out.write('[\n');
    value.forEach((item, i) => {
      out.write(inner);
      emit(item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : item, inner, depth - 1, out);
      out.write(i < value.length - 1 ? ',\n' : '\n');
    });
    return out.write(`${indent}]`);
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (entries.length === 0) return out.write('{}');
  out.write('{\n');
  entries.forEach(([k, v], i) => {
    out.write(`${inner}${JSON.stringify(k)}: `);
    emit(v, inner, depth - 1, out);
    out.write(i < entries.length - 1 ? ',\n' : '\n');
  });
  out.write(`${indent}}`);
}
