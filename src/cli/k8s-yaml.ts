/**
 * Reads manifest text exactly as kubectl and the API server do, or refuses it.
 *
 * Kubernetes never reads YAML by the YAML 1.2 spec: apimachinery's YAMLOrJSONDecoder sniffs the stream (JSON when
 * the first non-space character is `{`), splits a YAML stream at every line starting with `---`, and hands each
 * document to sigs.k8s.io/yaml, which decodes it with go-yaml v2 (YAML 1.1 scalars: `yes`/`on`/`y` are true,
 * `0644` is 420, `<<` merges) and converts the result to JSON (keys become strings, NaN and Infinity are refused).
 * A checker that reads the same bytes differently passes objects the cluster will run differently
 * (`privileged: yes` read as a string is a privileged pod nobody saw). So this module mirrors those rules:
 * go-yaml v2's resolve table for plain scalars, its merge order and tag handling, sigs.k8s.io/yaml's key conversion.
 * Where the readings could still disagree (an explicit key a later merge overrides, duplicate keys, directives,
 * YAML 1.1-only line breaks, content after `...`), the document is refused with file:line:column and the reason,
 * instead of guessing. The rules are documented in docs/cli-input.md.
 */
import { Alias, isAlias, isMap, isScalar, isSeq, LineCounter, Node, parseAllDocuments, Scalar, YAMLMap } from 'yaml';
import type { Document } from 'yaml';
import { InputError } from './input-error';

/** One document as Kubernetes reads it. */
export interface DecodedDocument {
  /** The JSON value sigs.k8s.io/yaml (or Go's JSON decoder) produces; null for an empty document. */
  readonly value: unknown;
  /** 1-based line of the document: its `---` line, or 1 for the first document. */
  readonly line: number;
  /** 1-based line of each entry of a root mapping's `items` list (for `kind: List`). */
  readonly itemLines?: readonly number[];
}

const YAML_TAG = 'tag:yaml.org,2002:';
// Go's unicode.IsSpace, which apimachinery's JSON sniffing trims with (not JavaScript's \s: no U+FEFF).
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]*/;
// kubectl peeks this many bytes to decide whether a stream is JSON.
const JSON_SNIFF_BYTES = 4096;
const MAX_DEPTH = 1000;

/** Decodes a file's bytes to text the way libyaml does: UTF-8, or UTF-16 with a byte-order mark. */
export function decodeText(data: Buffer | string, file: string): { text: string; bom: boolean } {
  if (typeof data === 'string') {
    const bom = data.charCodeAt(0) === 0xfeff;
    return { text: bom ? data.slice(1) : data, bom };
  }
  if (data.length >= 2 && ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff))) {
    const le = data[0] === 0xff;
    const body = data.subarray(2);
    // Node decodes UTF-16LE natively; big-endian is swapped into little-endian first.
    const bytes = le ? body : Buffer.from(body).swap16();
    if (bytes.length % 2) throw new InputError(`${file}: truncated UTF-16 text (odd number of bytes)`);
    return { text: bytes.toString('utf16le'), bom: true };
  }
  const bom = data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf;
  const body = bom ? data.subarray(3) : data;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body), bom };
  } catch {
    const at = firstInvalidUtf8(body);
    const line = body.subarray(0, at).reduce((n, b) => n + (b === 0x0a ? 1 : 0), 1);
    throw new InputError(`${file}:${line}: not UTF-8 text (byte ${at + (bom ? 3 : 0)}); Kubernetes reads UTF-8, or UTF-16 with a byte-order mark`);
  }
}

function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length;) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    // A continuation byte is 10xxxxxx: 0x80 to 0xbf.
    for (let k = 1; k <= n; k++) if (i + k >= b.length || b[i + k] < 0x80 || b[i + k] >= 0xc0) return i;
    i += n + 1;
  }
  return b.length;
}

/**
 * The documents of a file (or stdin), one at a time, as Kubernetes reads them. Throws InputError (with file:line:col)
 * for anything Kubernetes would refuse or could read differently.
 */
export function* decodeManifests(data: Buffer | string, file: string): Generator<DecodedDocument> {
  const { text, bom } = decodeText(data, file);
  // A byte-order mark is not space to the sniffer, so a JSON file with one is read as YAML, as kubectl does.
  const lead = bom ? '' : GO_SPACE.exec(text.slice(0, JSON_SNIFF_BYTES))![0];
  if (!bom && text.charCodeAt(lead.length) === 0x7b /* { */ && lead.length < JSON_SNIFF_BYTES) {
    // Since Kubernetes 1.33 (kubernetes#130666) a stream that tastes like JSON but does not parse as a JSON stream
    // (`{...}` then `---`, or flow-style YAML) is read as YAML instead; anything else wrong with the JSON stands.
    let docs: DecodedDocument[] | undefined;
    try {
      docs = [...decodeJsonStream(text, file)];
    } catch (e) {
      if (!(e instanceof JsonSyntaxError)) throw e;
      try {
        docs = [...decodeYamlStream(text, file)];
      } catch (yamlError) {
        // Neither reading works: the JSON error is the one that explains a JSON-looking file.
        throw (yamlError as InputError).message.includes('Helm') ? yamlError : e;
      }
    }
    yield* docs;
    return;
  }
  yield* decodeYamlStream(text, file);
}

// ---------------------------------------------------------------------------------------------------------------
// YAML

function* decodeYamlStream(text: string, file: string): Generator<DecodedDocument> {
  checkCharacters(text, file);
  let chunkStart = 0;
  let chunkLine = 1;
  let docLine = 1;
  let line = 1;
  for (let pos = 0; pos <= text.length;) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    if (text.startsWith('---', pos)) {
      // apimachinery's YAMLReader: a line starting with `---` ends the document; only a comment may follow it.
      const rest = text.slice(pos + 3, end).trim();
      if (rest && !rest.startsWith('#')) {
        throw new InputError(`${file}:${line}:4: "${clip(text.slice(pos, end))}": Kubernetes splits documents at every line starting with ---`
          + ' and refuses one with anything but a comment after it ("invalid Yaml document separator"); put the content on the next line');
      }
      yield* decodeYamlDocument(text.slice(chunkStart, pos), file, chunkLine, docLine);
      chunkStart = nl === -1 ? text.length : nl + 1;
      chunkLine = line + 1;
      docLine = line;
    }
    if (nl === -1) break;
    pos = nl + 1;
    line++;
  }
  yield* decodeYamlDocument(text.slice(chunkStart), file, chunkLine, docLine);
}

/** Characters libyaml refuses, and line breaks YAML 1.1 has that the YAML 1.2 parser used here does not. */
function checkCharacters(text: string, file: string): void {
  const bad = /[^\t\n\r\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]|[\x85\u2028\u2029]|\r(?!\n)/u.exec(text);
  if (!bad) return;
  const { line, col } = position(text, bad.index);
  const c = bad[0].codePointAt(0)!;
  const what = `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  throw new InputError(c === 0x85 || c === 0x2028 || c === 0x2029 || c === 0x0d
    ? `${file}:${line}:${col}: ${what} is a line break to Kubernetes' YAML 1.1 parser (it may start a new key or document there); use \\n line breaks`
    : `${file}:${line}:${col}: control character ${what}: Kubernetes' YAML parser refuses it ("control characters are not allowed"); write it as an escape in a double-quoted string`);
}

function position(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, col: offset - start + 1 };
}

const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}...` : s);

const HELM_TEMPLATE = /\{\{-?\s*(?:[.$]|(?:if|else|end|range|with|include|template|define|toYaml|tpl|required|default|printf|quote)\b)/;

function* decodeYamlDocument(chunk: string, file: string, chunkLine: number, docLine: number): Generator<DecodedDocument> {
  if (!/\S/.test(chunk)) return;
  const lineCounter = new LineCounter();
  const where = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return `${file}:${chunkLine + p.line - 1}:${p.col}`;
  };
  const fail = (offset: number, problem: string): never => {
    throw new InputError(`${where(offset)}: ${problem}${HELM_TEMPLATE.test(chunk) ? helmHint(chunk, chunkLine) : ''}`);
  };
  // A directive can only open a document; Kubernetes' splitter cuts it off from the document after its --- line.
  const directive = /^(?:[ \t]*(?:#.*)?\r?\n)*(%)/.exec(chunk);
  if (directive) {
    fail(directive.index + directive[0].length - 1, 'a %YAML or %TAG directive: Kubernetes splits the stream at every --- line, so the directive is cut off'
      + ' from its document (and go-yaml v2 refuses %YAML 1.2); remove it');
  }
  let docs: Document.Parsed[];
  try {
    // failsafe: every scalar stays the string it was written as; scalars are resolved below with go-yaml v2's table.
    docs = Array.from(parseAllDocuments(chunk, {
      version: '1.1', schema: 'failsafe', merge: false, uniqueKeys: false, lineCounter, prettyErrors: false, keepSourceTokens: false,
    }) as Iterable<Document.Parsed>);
  } catch (e) {
    if (e instanceof RangeError) fail(0, 'the document is nested too deeply to read');
    throw e;
  }
  for (const doc of docs) {
    const error = doc.errors[0];
    if (error) fail(error.pos[0], `malformed YAML: ${error.message.split('\n')[0]}`);
  }
  if (docs.length > 1) {
    fail(docs[1].range[0], 'a second document after "..." without a --- line: kubectl reads only the first one; separate documents with ---');
  }
  const doc = docs[0];
  if (!doc || doc.contents === null) return;
  const value = new V2Reader(doc, fail, offset => chunkLine + lineCounter.linePos(offset).line - 1).read(doc.contents as Node, 0);
  const root = doc.contents;
  let itemLines: number[] | undefined;
  if (isMap(root)) {
    const items = root.items.find(p => isScalar(p.key) && p.key.value === 'items')?.value;
    if (isSeq(items)) itemLines = items.items.map(n => chunkLine + lineCounter.linePos((n as Node | null)?.range?.[0] ?? 0).line - 1);
  }
  yield { value, line: docLine, ...(itemLines ? { itemLines } : {}) };
}

function helmHint(chunk: string, chunkLine: number): string {
  const m = HELM_TEMPLATE.exec(chunk)!;
  const line = chunkLine + chunk.slice(0, m.index).split('\n').length - 1;
  return ` (this looks like an unrendered Helm template: "{{" at line ${line}; run \`helm template\` and check its output)`;
}

/** go-yaml v2's view of a scalar: its Go type decides how a map key turns into a JSON key. */
type Resolved =
  | { kind: 'str'; value: string }
  | { kind: 'int' | 'uint' | 'float'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'null'; value: null };

const BOOL_NULL: Record<string, Resolved> = {};
for (const s of ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']) BOOL_NULL[s] = { kind: 'bool', value: true };
for (const s of ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']) BOOL_NULL[s] = { kind: 'bool', value: false };
for (const s of ['', '~', 'null', 'Null', 'NULL']) BOOL_NULL[s] = { kind: 'null', value: null };
for (const s of ['.nan', '.NaN', '.NAN']) BOOL_NULL[s] = { kind: 'float', value: NaN };
for (const s of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) BOOL_NULL[s] = { kind: 'float', value: Infinity };
for (const s of ['-.inf', '-.Inf', '-.INF']) BOOL_NULL[s] = { kind: 'float', value: -Infinity };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;
// go-yaml v2's yamlStyleFloat: note the exponent needs a sign, so `1e3` stays a string.
const YAML_STYLE_FLOAT = /^[-+]?[0-9]*\.?[0-9]+([eE][-+][0-9]+)?$/;
const DIGITS: Record<number, RegExp> = { 2: /^[01]+$/, 8: /^[0-7]+$/, 10: /^[0-9]+$/, 16: /^[0-9a-fA-F]+$/ };

/** strconv.ParseInt(s, 0, 64) / ParseUint syntax: sign, then 0x/0o/0b or a leading 0 for octal. */
function goParseInteger(s: string): bigint | undefined {
  let i = 0;
  const neg = s[0] === '-';
  if (s[0] === '+' || s[0] === '-') i = 1;
  let base = 10;
  if (s[i] === '0' && s.length > i + 1) {
    const p = s[i + 1].toLowerCase();
    if (p === 'x' || p === 'o' || p === 'b') {
      base = p === 'x' ? 16 : p === 'o' ? 8 : 2;
      i += 2;
    } else {
      base = 8;
      i += 1;
    }
  }
  const digits = s.slice(i);
  if (!DIGITS[base].test(digits)) return undefined;
  const magnitude = base === 10 ? BigInt(digits) : BigInt(`0${base === 16 ? 'x' : base === 8 ? 'o' : 'b'}${digits}`);
  return neg ? -magnitude : magnitude;
}

/** go-yaml v2's resolve() for a scalar with no tag (plain) or one of the resolvable tags. */
function resolvePlain(s: string, tag: string | undefined): Resolved {
  const c = s.charCodeAt(0);
  const hint = s === '' ? 'N'
    : c === 0x2b || c === 0x2d ? 'S'
      : c >= 0x30 && c <= 0x39 ? 'D'
        : 'yYnNtTfFoO~'.includes(s[0]) ? 'M'
          : s[0] === '.' ? '.' : '';
  if (!hint) return { kind: 'str', value: s };
  const known = BOOL_NULL[s];
  if (known) return known;
  if (hint === '.') {
    // strconv.ParseFloat on the text: `.5`, `.5e3`.
    if (/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s)) return { kind: 'float', value: Number(s) };
  } else if (hint === 'D' || hint === 'S') {
    if ((tag === undefined || tag === 'timestamp') && isTimestamp(s)) return { kind: 'str', value: s };
    const plain = s.replace(/_/g, '');
    const n = goParseInteger(plain);
    if (n !== undefined && n >= INT64_MIN && n <= INT64_MAX) return { kind: 'int', value: Number(n) };
    if (n !== undefined && n >= 0n && n <= UINT64_MAX && plain[0] !== '+') return { kind: 'uint', value: Number(n) };
    if (YAML_STYLE_FLOAT.test(plain)) {
      const f = Number(plain);
      // strconv.ParseFloat fails with ErrRange when the value overflows.
      if (Number.isFinite(f)) return { kind: 'float', value: f };
    }
  }
  return { kind: 'str', value: s };
}

/** go-yaml v2's parseTimestamp: the formats it accepts (a timestamp read into interface{} stays its text). */
function isTimestamp(s: string): boolean {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:([Tt]|[ \t]+)(\d{1,2}):(\d{1,2}):(\d{1,2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?)?$/.exec(s);
  if (!m) return false;
  const [month, day] = [Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(Number(m[1]), month, 0)).getUTCDate()) return false;
  if (m[4] === undefined) return true;
  // RFC 3339 forms need the zone; the space-separated form has none.
  return (m[4] === ' ' ? m[9] === undefined : m[4].length === 1 && m[9] !== undefined)
    && Number(m[5]) < 24 && Number(m[6]) < 60 && Number(m[7]) < 60;
}

/** strconv.FormatFloat(f, 'g', -1, 32): how sigs.k8s.io/yaml turns a float map key into a JSON key. */
export function goFloat32Key(x: number): string {
  const f = Math.fround(x);
  if (Number.isNaN(f)) return '.nan';
  if (f === Infinity) return '.inf';
  if (f === -Infinity) return '-.inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  let mantissa = '';
  let exp = 0;
  for (let p = 1; p <= 9; p++) {
    const s = Math.abs(f).toExponential(p - 1);
    if (Math.fround(Number(s)) === Math.abs(f)) {
      const [m, e] = s.split('e');
      mantissa = m.replace('.', '');
      exp = Number(e);
      break;
    }
  }
  const sign = f < 0 ? '-' : '';
  if (exp < -4 || exp >= 6) {
    return `${sign}${mantissa[0]}${mantissa.length > 1 ? `.${mantissa.slice(1)}` : ''}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${mantissa}`;
  const int = mantissa.slice(0, exp + 1).padEnd(exp + 1, '0');
  const frac = mantissa.slice(exp + 1);
  return `${sign}${int}${frac ? `.${frac}` : ''}`;
}

/** Sets a key without ever touching the prototype (a `__proto__` key is data). */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

// go-yaml v2's limits against alias bombs ("document contains excessive aliasing").
function allowedAliasRatio(decodes: number): number {
  if (decodes <= 400_000) return 0.99;
  if (decodes >= 4_000_000) return 0.10;
  return 0.99 - 0.89 * ((decodes - 400_000) / 3_600_000);
}

/** Turns one parsed document into the value go-yaml v2 + sigs.k8s.io/yaml produce. */
class V2Reader {
  private readonly cache = new Map<Node, unknown>();
  private readonly sizes = new Map<Node, number>();
  private readonly inProgress = new Set<Node>();
  private decodes = 0;
  private aliasDecodes = 0;

  constructor(
    private readonly doc: Document.Parsed,
    private readonly fail: (offset: number, problem: string) => never,
    private readonly lineOf: (offset: number) => number,
  ) {}

  read(node: Node | null, depth: number): unknown {
    if (node === null || node === undefined) return null;
    if (depth > MAX_DEPTH) this.fail(offsetOf(node), `more than ${MAX_DEPTH} levels of nesting`);
    if (isAlias(node)) return this.alias(node, depth);
    const before = this.decodes++;
    let value: unknown;
    this.inProgress.add(node);
    if (isScalar(node)) value = this.scalarValue(node);
    else if (isMap(node)) value = this.map(node, depth);
    else if (isSeq(node)) value = node.items.map(item => this.read(item as Node | null, depth + 1));
    else this.fail(offsetOf(node), 'unsupported YAML node');
    this.inProgress.delete(node);
    if ((node as { anchor?: string }).anchor) {
      this.cache.set(node, value);
      this.sizes.set(node, this.decodes - before);
    }
    return value;
  }

  private target(alias: Alias): Node {
    const target = alias.resolve(this.doc) as Node | undefined;
    if (!target) this.fail(offsetOf(alias), `unknown anchor "${alias.source}"`);
    if (this.inProgress.has(target!)) this.fail(offsetOf(alias), `anchor "${alias.source}" contains itself`);
    return target!;
  }

  private alias(alias: Alias, depth: number): unknown {
    const target = this.target(alias);
    const value = this.cache.has(target) ? this.cache.get(target) : this.read(target, depth);
    // The expansion costs what go-yaml v2 would spend decoding the aliased node again.
    const size = this.sizes.get(target) ?? 1;
    this.decodes += size;
    this.aliasDecodes += size;
    if (this.aliasDecodes > 100 && this.decodes > 1000 && this.aliasDecodes / this.decodes > allowedAliasRatio(this.decodes)) {
      this.fail(offsetOf(alias), 'the document contains excessive aliasing (Kubernetes refuses it)');
    }
    return value;
  }

  /** A scalar as go-yaml v2 decodes it into interface{}, refused if JSON cannot carry it. */
  private scalarValue(node: Scalar): unknown {
    const r = this.resolveScalar(node);
    if (r.kind === 'float' && !Number.isFinite(r.value)) {
      this.fail(offsetOf(node), `${String(node.source ?? node.value)} is not a JSON number; Kubernetes refuses the document ("json: unsupported value")`);
    }
    return r.value;
  }

  private resolveScalar(node: Scalar): Resolved {
    const text = String(node.value ?? '');
    const tag = node.tag;
    const plain = node.type === Scalar.PLAIN || node.type === undefined;
    // Untagged: only plain scalars are resolved; quoted and block scalars are strings.
    if (!tag) return plain ? resolvePlain(text, undefined) : { kind: 'str', value: text };
    if (!tag.startsWith(YAML_TAG)) return { kind: 'str', value: text };
    const name = tag.slice(YAML_TAG.length);
    if (name === 'str') return { kind: 'str', value: text };
    if (name === 'binary') return { kind: 'str', value: this.binary(node, text) };
    if (!['bool', 'int', 'float', 'null', 'timestamp'].includes(name)) return { kind: 'str', value: text };
    const r = resolvePlain(text, name);
    const got = r.kind === 'uint' ? 'int' : r.kind === 'str' ? (name === 'timestamp' && isTimestamp(text) ? 'timestamp' : 'str') : r.kind;
    if (got === name) return r;
    if (name === 'float' && got === 'int') return { kind: 'float', value: r.value as number };
    return this.fail(offsetOf(node), `cannot decode !!${got} \`${clip(text)}\` as a !!${name}`);
  }

  private binary(node: Scalar, text: string): string {
    const b64 = text.replace(/[\r\n]/g, '');
    if (b64.length % 4 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) this.fail(offsetOf(node), '!!binary value contains invalid base64 data');
    return Buffer.from(b64, 'base64').toString('utf-8');
  }

  private isMergeKey(key: unknown): boolean {
    if (!isScalar(key) || key.value !== '<<') return false;
    return key.tag === `${YAML_TAG}merge` || key.tag === '!' || (!key.tag && (key.type === Scalar.PLAIN || key.type === undefined));
  }

  /** The JSON key sigs.k8s.io/yaml makes of a map key, or a refusal for keys it cannot convert. */
  private key(node: unknown): string {
    const n = isAlias(node) ? this.target(node) : node as Node | null;
    const refuse = (what: string) => this.fail(offsetOf(node as Node), `${what} as a mapping key: Kubernetes refuses it ("unsupported map key")`);
    if (n === null || n === undefined) return refuse('null (nothing)');
    if (!isScalar(n)) return this.fail(offsetOf(node as Node), 'a mapping or sequence used as a mapping key: Kubernetes refuses it ("invalid map key")');
    const text = String(n.value);
    const r = this.resolveScalar(n);
    switch (r.kind) {
      case 'str': return r.value;
      case 'bool': return String(r.value);
      // strconv.Itoa of the int64, exact beyond 2^53.
      case 'int': return String(goParseInteger(text.replace(/_/g, '')) ?? r.value);
      case 'float': return goFloat32Key(r.value);
      case 'null': return refuse(`null (\`${clip(text)}\`)`);
      default: return refuse(`an unsigned 64-bit integer (\`${clip(text)}\`)`);
    }
  }

  /** The maps `<<` merges, in the order go-yaml v2 writes them (a list is applied last to first: earlier entries win). */
  private mergeSources(value: unknown, depth: number): Array<Record<string, unknown>> {
    const asMap = (n: unknown): Record<string, unknown> => {
      const t = isAlias(n) ? this.target(n) : n;
      if (!isMap(t)) return this.fail(offsetOf(n as Node), 'a merge key (<<) needs a mapping or a list of mappings');
      return this.read(n as Node, depth + 1) as Record<string, unknown>;
    };
    const t = isAlias(value) ? this.target(value) : value;
    if (isSeq(t)) {
      if (isAlias(value)) this.fail(offsetOf(value), 'a merge key (<<) needs a mapping or a list of mappings');
      return t.items.map(asMap).reverse();
    }
    return [asMap(value)];
  }

  private map(node: YAMLMap, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const explicit = new Map<string, number>();
    let mergeAt: number | undefined;
    for (const pair of node.items) {
      const at = offsetOf(pair.key as Node) ?? offsetOf(node);
      if (this.isMergeKey(pair.key)) {
        if (mergeAt !== undefined) this.fail(at, 'a second merge key (<<) in one mapping: YAML forbids duplicate keys; list the merged mappings in one <<: [*a, *b]');
        mergeAt = at;
        for (const source of this.mergeSources(pair.value, depth)) {
          for (const k of Object.keys(source)) {
            if (explicit.has(k)) {
              this.fail(explicit.get(k)!, `"${clip(k)}" is set before a merge key (<<) that also sets it: Kubernetes (go-yaml v2) applies the merge over it,`
                + ' while the YAML spec and most editors keep this value; move the key after the << line');
            }
            setOwn(out, k, source[k]);
          }
        }
        continue;
      }
      const k = this.key(pair.key);
      if (explicit.has(k)) {
        this.fail(at, `duplicate key "${clip(k)}" (first at line ${this.lineOf(explicit.get(k)!)}): kubectl refuses duplicate keys, and tools disagree on which value wins`);
      }
      explicit.set(k, at);
      setOwn(out, k, this.read(pair.value as Node | null, depth + 1));
    }
    return out;
  }
}

function offsetOf(node: Node | null | undefined): number {
  return (node as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
}

// ---------------------------------------------------------------------------------------------------------------
// JSON: Go's json.Decoder reading a stream of values, with the API server's refusal of duplicate fields.

function* decodeJsonStream(text: string, file: string): Generator<DecodedDocument> {
  const p = new JsonReader(text, file);
  for (;;) {
    p.skipSpace();
    if (p.pos >= text.length) return;
    const line = p.line();
    const start = p.pos;
    const value = p.value(0);
    yield { value, line, ...(p.itemStarts.has(start) ? { itemLines: p.itemStarts.get(start) } : {}) };
  }
}

/** The stream is not a JSON stream: Kubernetes then reads it as YAML. */
class JsonSyntaxError extends InputError {}

class JsonReader {
  pos = 0;
  /** For each root object, the lines of its `items` entries. */
  readonly itemStarts = new Map<number, number[]>();
  private lineAt = 0;
  private lineNo = 1;

  constructor(private readonly text: string, private readonly file: string) {}

  line(at = this.pos): number {
    if (at < this.lineAt) {
      this.lineAt = 0;
      this.lineNo = 1;
    }
    for (let i = this.text.indexOf('\n', this.lineAt); i !== -1 && i < at; i = this.text.indexOf('\n', i + 1)) this.lineNo++;
    this.lineAt = at;
    return this.lineNo;
  }

  fail(problem: string, at = this.pos, syntax = true): never {
    const line = this.line(at);
    const col = at - (this.text.lastIndexOf('\n', at - 1) + 1) + 1;
    const message = `${this.file}:${line}:${col}: ${syntax ? 'malformed JSON: ' : ''}${problem}`;
    throw syntax ? new JsonSyntaxError(message) : new InputError(message);
  }

  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      this.pos++;
    }
  }

  value(depth: number): unknown {
    if (depth > MAX_DEPTH) this.fail(`more than ${MAX_DEPTH} levels of nesting`, this.pos, false);
    this.skipSpace();
    const t = this.text;
    const c = t[this.pos];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth).values;
    if (c === '"') return this.string();
    if (t.startsWith('true', this.pos)) return this.literal(4, true);
    if (t.startsWith('false', this.pos)) return this.literal(5, false);
    if (t.startsWith('null', this.pos)) return this.literal(4, null);
    const m = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;
    m.lastIndex = this.pos;
    const num = m.exec(t);
    if (num) {
      this.pos += num[0].length;
      return Number(num[0]);
    }
    return this.fail(c === undefined ? 'unexpected end of input' : `unexpected character ${JSON.stringify(c)}`);
  }

  private literal(length: number, value: unknown): unknown {
    this.pos += length;
    return value;
  }

  private object(depth: number): Record<string, unknown> {
    const root = depth === 0;
    const out: Record<string, unknown> = {};
    const start = this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') this.fail('expected a string key');
      const keyAt = this.pos;
      const key = this.string();
      if (Object.prototype.hasOwnProperty.call(out, key)) {
        this.fail(`duplicate field "${clip(key)}" in JSON: the API server refuses duplicate fields, and decoders disagree on which value wins`, keyAt, false);
      }
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail('expected ":"');
      this.pos++;
      if (root && key === 'items') {
        this.skipSpace();
        if (this.text[this.pos] === '[') {
          const { values, starts } = this.array(depth + 1);
          this.itemStarts.set(start, starts.map(s => this.line(s)));
          setOwn(out, key, values);
        } else {
          setOwn(out, key, this.value(depth + 1));
        }
      } else {
        setOwn(out, key, this.value(depth + 1));
      }
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === '}') return out;
      if (c !== ',') this.fail('expected "," or "}"', this.pos - 1);
    }
  }

  private array(depth: number): { values: unknown[]; starts: number[] } {
    const values: unknown[] = [];
    const starts: number[] = [];
    this.pos++;
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return { values, starts };
    }
    for (;;) {
      this.skipSpace();
      starts.push(this.pos);
      values.push(this.value(depth + 1));
      this.skipSpace();
      const c = this.text[this.pos++];
      if (c === ']') return { values, starts };
      if (c !== ',') this.fail('expected "," or "]"', this.pos - 1);
    }
  }

  private string(): string {
    const t = this.text;
    const start = ++this.pos;
    // Fast path: no escapes.
    let i = start;
    for (; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c === 0x22 || c === 0x5c || c < 0x20) break;
    }
    if (t.charCodeAt(i) === 0x22) {
      this.pos = i + 1;
      return fixSurrogates(t.slice(start, i));
    }
    let out = t.slice(start, i);
    for (;;) {
      if (i >= t.length) this.fail('unterminated string', start - 1);
      const c = t.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) this.fail('control character in a string', i);
      if (c === 0x5c) {
        const e = t[i + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t' };
        if (e in simple) {
          out += simple[e];
          i += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(t.slice(i + 2, i + 6))) {
          out += String.fromCharCode(parseInt(t.slice(i + 2, i + 6), 16));
          i += 6;
        } else {
          this.fail(`invalid escape "\\${e ?? ''}"`, i);
        }
      } else {
        out += t[i++];
      }
    }
    this.pos = i + 1;
    return fixSurrogates(out);
  }
}

/** Go's JSON decoder replaces an unpaired surrogate with U+FFFD. */
function fixSurrogates(s: string): string {
  return /[\uD800-\uDFFF]/.test(s) ? s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD') : s;
}
