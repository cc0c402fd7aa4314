/**
 * The reader against the decoder Kubernetes uses (sigs.k8s.io/yaml over go-yaml v2, apimachinery's stream
 * splitting and JSON sniffing). Each row is a document and the value Kubernetes reads from it; the expected values
 * follow go-yaml v2's resolve table (resolve.go) and sigs.k8s.io/yaml's key conversion (convertToJSONableObject).
 */
import { decodeManifests, goFloat32Key } from '../../src/cli/k8s-yaml';

const read = (text: string | Buffer, file = 'm.yaml') => [...decodeManifests(text, file)];
/** The value of `v` in a one-document `v: <scalar>` mapping. */
const scalar = (yamlScalar: string) => (read(`v: ${yamlScalar}\n`)[0].value as { v: unknown }).v;

describe('scalars are read as go-yaml v2 reads them', () => {
  test.each([
    // YAML 1.1 booleans: every spelling in go-yaml v2's table, and only those.
    ...['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'].map(s => [s, true]),
    ...['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'].map(s => [s, false]),
    ['yES', 'yES'], ['tRUE', 'tRUE'], ['oN', 'oN'], ['enabled', 'enabled'],
    // Quoted, block and !!str scalars are strings; a resolvable tag resolves even a quoted scalar.
    ['"yes"', 'yes'], ["'on'", 'on'], ['!!str yes', 'yes'], ['!!bool "yes"', true], ['!!int "0x10"', 16], ['!!float 1', 1],
    // Null.
    ['~', null], ['null', null], ['Null', null], ['NULL', null], ['', null], ['"null"', 'null'], ['!!null ~', null],
    // Integers: YAML 1.1 octal with a leading 0, Go's 0o/0x/0b prefixes, signs, underscores.
    ['0644', 420], ['0o644', 420], ['0O17', 15], ['0x1F', 31], ['0X1f', 31], ['0b1010', 10], ['-0b101', -5], ['+12', 12],
    ['-0x10', -16], ['1_000', 1000], ['0', 0], ['-0', 0], ['012345', 5349], ['08', 8], ['09', 9], ['1_', 1],
    ['9223372036854775807', 2 ** 63], ['18446744073709551615', 2 ** 64],
    // Floats: go-yaml v2 wants a signed exponent; `.5` goes through ParseFloat.
    ['1.5', 1.5], ['-1.5', -1.5], ['1e+3', 1000], ['1E-2', 0.01], ['.5', 0.5], ['-.5', -0.5], ['+.5', 0.5], ['1e3', '1e3'], ['1.', '1.'],
    ['1e+400', '1e+400'],
    // Not read by go-yaml v2: base 60, timestamps (kept as written), other YAML 1.1-isms.
    ['1:30', '1:30'], ['190:20:30', '190:20:30'], ['2001-12-14', '2001-12-14'], ['2001-12-14t21:59:43.10-05:00', '2001-12-14t21:59:43.10-05:00'],
    ['!!timestamp 2001-12-14', '2001-12-14'], ['<<', '<<'], ['=', '='], ['_1', '_1'], ['0x', '0x'], ['.', '.'],
    // Tags go-yaml v2 does not resolve leave the text; !!binary is decoded.
    ['!foo bar', 'bar'], ['! yes', 'yes'], ['!!binary aGVsbG8=', 'hello'], ['!!map foo', 'foo'],
  ] as Array<[string, unknown]>)('%s', (written, expected) => {
    expect(scalar(written)).toEqual(expected);
  });
});

describe('collections, keys and merges', () => {
  test.each([
    ['keys become JSON keys as sigs.k8s.io/yaml converts them', '1: a\nyes: b\n0x10: c\n1.5: d\n1e+06: e\n.inf: f\n~x: g\n', { '1': 'a', 'true': 'b', '16': 'c', '1.5': 'd', '1e+06': 'e', '.inf': 'f', '~x': 'g' }],
    ['a merge key applies the merged mapping', 'base: &b {privileged: true, x: 1}\nsc:\n  <<: *b\n', { base: { privileged: true, x: 1 }, sc: { privileged: true, x: 1 } }],
    ['a key after << overrides it (both readings agree)', 'b: &b {privileged: true}\nsc:\n  <<: *b\n  privileged: false\n', { b: { privileged: true }, sc: { privileged: false } }],
    ['in a merged list, earlier mappings win', 'a: &a {p: 1}\nb: &b {p: 2, q: 2}\nm:\n  <<: [*a, *b]\n', { a: { p: 1 }, b: { p: 2, q: 2 }, m: { p: 1, q: 2 } }],
    ['YAML 1.1 keys too: y and n are booleans', 'y: 1\nn: 2\n', { true: 1, false: 2 }],
    ['!!merge is a merge key too; a quoted "<<" is a plain key', 'm:\n  !!merge <<: {x: 1}\n  "<<": z\n', { m: { 'x': 1, '<<': 'z' } }],
    ['collection tags are ignored (!!set is a map, !!omap a list)', 's: !!set {a, b}\no: !!omap [{a: 1}]\n', { s: { a: null, b: null }, o: [{ a: 1 }] }],
    ['an alias repeats the anchored value', 'a: &x [1, 2]\nb: *x\n', { a: [1, 2], b: [1, 2] }],
    ['__proto__ is data, not a prototype', '__proto__: {polluted: yes}\n', JSON.parse('{"__proto__": {"polluted": true}}')],
  ])('%s', (_name, text, expected) => {
    const value = read(text)[0].value as object;
    expect(value).toEqual(expected);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  test('float keys use Go\'s float32 %g formatting', () => {
    expect([1.5, 0.1, 1e6, 123456, 1234567, 0.0001, 0.00001, -2.5, 1e21, 3].map(goFloat32Key))
      .toEqual(['1.5', '0.1', '1e+06', '123456', '1.234567e+06', '0.0001', '1e-05', '-2.5', '1e+21', '3']);
  });
});

describe('streams are split and sniffed as apimachinery does', () => {
  test('documents at --- lines, with the line of each document; empty documents are skipped', () => {
    const docs = read('a: 1\n--- # a comment\n# only a comment\n---\n\n---\nb: 2\n');
    expect(docs.map(d => [d.value, d.line])).toEqual([[{ a: 1 }, 1], [{ b: 2 }, 6]]);
  });

  test('List items carry their own lines', () => {
    const [doc] = read('apiVersion: v1\nkind: List\nitems:\n  - a: 1\n  - b: 2\n');
    expect(doc.itemLines).toEqual([4, 5]);
  });

  test('a stream starting with { is JSON: exponents without a sign are numbers, several values may follow', () => {
    const docs = read('  {"a": 1e3, "b": "yes"}\n{"items": [{"x": 1},\n {"y": 2}]}', 'm.json');
    expect(docs.map(d => [d.value, d.line])).toEqual([[{ a: 1000, b: 'yes' }, 1], [{ items: [{ x: 1 }, { y: 2 }] }, 2]]);
    expect(docs[1].itemLines).toEqual([2, 3]);
  });

  test('CRLF line ends, a UTF-8 byte-order mark and UTF-16 with one read like plain UTF-8', () => {
    const plain = 'a: yes\nb: 0644\n---\nc: x\n';
    const expected = read(plain).map(d => d.value);
    expect(read(plain.replace(/\n/g, '\r\n')).map(d => d.value)).toEqual(expected);
    expect(read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(plain)])).map(d => d.value)).toEqual(expected);
    expect(read(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(plain, 'utf16le')])).map(d => d.value)).toEqual(expected);
    expect(read(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(plain, 'utf16le').swap16()])).map(d => d.value)).toEqual(expected);
  });

  test('a stream that starts with { but is not a JSON stream is read as YAML (Kubernetes 1.33+)', () => {
    expect(read('{"a": 1}\n---\n{"b": yes}\n').map(d => d.value)).toEqual([{ a: 1 }, { b: true }]);
    expect(read('{a: on, b: 0644}\n').map(d => d.value)).toEqual([{ a: true, b: 420 }]);
  });

  test('a byte-order mark before { makes the stream YAML, as for kubectl', () => {
    expect(read(Buffer.from('\ufeff{"a": 1e3}', 'utf-8'))[0].value).toEqual({ a: '1e3' });
  });

  test('a document ended by ... with only comments after it', () => {
    expect(read('a: 1\n...\n# trailing\n').map(d => d.value)).toEqual([{ a: 1 }]);
  });
});

describe('what Kubernetes refuses or could read differently is refused with file:line:column', () => {
  test.each([
    ['duplicate key', 'a: 1\nb: 2\na: 3\n', /m\.yaml:3:1: duplicate key "a"/],
    ['keys that collide once converted', 'yes: 1\ntrue: 2\n', /m\.yaml:2:1: duplicate key "true"/],
    ['an int key and its string', '1: a\n"1": b\n', /duplicate key "1"/],
    ['a key a later merge overrides', 'b: &b {privileged: true}\nsc:\n  privileged: false\n  <<: *b\n', /m\.yaml:3:3: "privileged" is set before a merge key/],
    ['two merge keys', 'a: &a {x: 1}\nm:\n  <<: *a\n  <<: *a\n', /m\.yaml:4:3: a second merge key/],
    ['merging a scalar', 'm:\n  <<: 1\n', /merge key \(<<\) needs a mapping/],
    ['merging an alias of a list', 'l: &l [{a: 1}]\nm:\n  <<: *l\n', /merge key \(<<\) needs a mapping/],
    ['.inf', 'v: .inf\n', /m\.yaml:1:4: \.inf is not a JSON number/],
    ['.nan', 'v: .NaN\n', /\.NaN is not a JSON number/],
    ['a null key', '~: x\n', /m\.yaml:1:1: null \(`~`\) as a mapping key: Kubernetes refuses it/],
    ['a mapping as a key', '? {a: 1}\n: x\n', /mapping or sequence used as a mapping key/],
    ['an unsigned 64-bit key', '18446744073709551615: x\n', /unsigned 64-bit integer/],
    ['a tag that does not fit', 'v: !!int abc\n', /m\.yaml:1:10: cannot decode !!str `abc` as a !!int/],
    ['!!bool maybe', 'v: !!bool maybe\n', /cannot decode !!str `maybe` as a !!bool/],
    ['!!int 1.5', 'v: !!int 1.5\n', /cannot decode !!float `1.5` as a !!int/],
    ['invalid !!binary', 'v: !!binary a*b\n', /invalid base64/],
    ['content on a --- line', 'a: 1\n--- {b: 2}\n', /m\.yaml:2:4: "--- \{b: 2\}": Kubernetes splits documents/],
    ['---apiVersion glued by a template', 'a: 1\n---apiVersion: v1\n', /m\.yaml:2:4: .*invalid Yaml document separator/],
    ['a PEM line at column 0', 'k: "-----BEGIN KEY-----\n-----END KEY-----"\n', /m\.yaml:2:4/],
    ['%YAML 1.2', '%YAML 1.2\n---\na: 1\n', /directive/],
    ['%YAML 1.1', '%YAML 1.1\n---\na: 1\n', /directive/],
    ['a document after ...', 'a: 1\n...\nb: 2\n', /m\.yaml:3:1: a second document after "\.\.\."/],
    ['a raw ESC', 'v: "a\u001bb"\n', /m\.yaml:1:6: control character U\+001B/],
    ['U+2028', 'v: a\u2028privileged: true\n', /m\.yaml:1:5: U\+2028 is a line break to Kubernetes' YAML 1\.1 parser/],
    ['a lone carriage return', 'a: 1\rb: 2\n', /U\+000D is a line break/],
    ['a tab as indentation', 'a:\n\tb: 1\n', /m\.yaml:2:\d+: malformed YAML/],
    ['an unknown alias', 'a: *nope\n', /malformed YAML|unknown anchor/],
    ['an alias inside its own anchor', 'a: &x [*x]\n', /anchor "x" contains itself/],
    ['excessive aliasing', `a: &a [${'x,'.repeat(9)}x]\nb: &b [${'*a,'.repeat(9)}*a]\nc: &c [${'*b,'.repeat(9)}*b]\nd: &d [${'*c,'.repeat(9)}*c]\ne: &e [${'*d,'.repeat(9)}*d]\nf: [${'*e,'.repeat(9)}*e]\n`, /excessive aliasing/],
    ['unrendered Helm template', 'metadata:\n  name: {{ .Release.Name }}\n', /unrendered Helm template: "\{\{" at line 2; run `helm template`/],
    ['Helm control flow', '{{- if .Values.enabled }}\napiVersion: v1\n{{- end }}\n', /unrendered Helm template/],
  ])('%s', (_name, text, message) => {
    expect(() => read(text)).toThrow(message);
  });

  test.each([
    ['duplicate JSON field', '{"a": 1,\n "a": 2}', /m\.json:2:2: duplicate field "a" in JSON/],
    ['JSON syntax', '{"a": [1, 2}', /m\.json:1:12: malformed JSON/],
    ['JSON bad escape', '{"a": "\\x"}', /invalid escape/],
    ['JSON trailing garbage', '{"a": 1} x', /m\.json:1:10: malformed JSON: unexpected character "x"/],
    ['a JSON-looking Helm template', '{{- if .Values.enabled }}\napiVersion: v1\n{{- end }}\n', /unrendered Helm template/],
  ])('%s', (_name, text, message) => {
    expect(() => read(text, 'm.json')).toThrow(message);
  });

  test('bytes that are not UTF-8, with the line', () => {
    expect(() => read(Buffer.from([0x61, 0x3a, 0x0a, 0x62, 0x3a, 0x20, 0xff, 0x0a]))).toThrow(/m\.yaml:2: not UTF-8 text/);
  });
});
