/**
 * The CLI never passes what it did not read: each document below is read the way Kubernetes reads it and the exit
 * code follows from that reading; what Kubernetes refuses (or could read differently) exits 2 with file and line,
 * never an internal error; legitimate inputs still pass.
 */
import { spawnSync } from 'child_process';
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { run } from '../../src/cli/cli';

const ROOT = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'cdk8s-hardening-input-'));
let n = 0;
const file = (text: string | Buffer, name = `m${++n}.yaml`) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

function cli(args: string[], stdin: string | Buffer = '') {
  let stdout = '';
  let stderr = '';
  const code = run(args, { stdout: t => { stdout += t; }, stderr: t => { stderr += t; }, readStdin: () => stdin }, '1.2.3');
  return { code, stdout, stderr };
}

/** A pod whose container security context is `securityContext` (YAML, indented for the container). */
const pod = (securityContext: string, extra = '') => `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: team
spec:${extra}
  containers:
    - name: c
      image: registry.example.com/app@sha256:${'a'.repeat(64)}
      securityContext:
${securityContext.split('\n').map(l => `        ${l}`).join('\n')}
`;

const findings = (args: string[], stdin = '') => {
  const r = cli([...args, '--format', 'json'], stdin);
  const ids = r.code === 2 ? [] : JSON.parse(r.stdout).findings.filter((f: any) => !f.suppressed).map((f: any) => f.ruleId);
  return { code: r.code, stderr: r.stderr, ids };
};

describe('YAML is read as Kubernetes reads it, and the verdict follows', () => {
  test.each([
    ['privileged: yes is true', 'privileged: yes', ['pss-privileged']],
    ['privileged: on is true', 'privileged: on', ['pss-privileged']],
    ['privileged: Y is true', 'privileged: Y', ['pss-privileged']],
    ['a merge key makes it privileged', '<<: {privileged: true}', ['pss-privileged']],
    ['privileged: !!bool "yes" is true', 'privileged: !!bool "yes"', ['pss-privileged']],
    ['allowPrivilegeEscalation: on', 'allowPrivilegeEscalation: on\nprivileged: false', []],
  ])('%s', (_name, sc, expected) => {
    const { code, ids } = findings(['check', '-', '--pack', 'pss-baseline'], pod(sc));
    expect(ids).toEqual(expected);
    expect(code).toBe(expected.length ? 1 : 0);
  });

  test.each([
    ['hostNetwork: on', '\n  hostNetwork: on'],
    ['hostPID: y', '\n  hostPID: y'],
    ['hostIPC: YES', '\n  hostIPC: YES'],
  ])('%s shares a host namespace', (_name, extra) => {
    const { code, ids } = findings(['check', '-', '--pack', 'pss-baseline'], pod('privileged: false', extra));
    expect(ids).toContain('pss-host-namespaces');
    expect(code).toBe(1);
  });

  test.each([
    ['quoted "yes" stays a string (the API server refuses it for a boolean; no finding)', 'privileged: "yes"'],
    ['privileged: no', 'privileged: no'],
    ['privileged: off', 'privileged: off'],
    ['a key after the merge wins', '<<: {privileged: true}\nprivileged: false'],
  ])('legitimate: %s', (_name, sc) => {
    expect(findings(['check', '-', '--pack', 'pss-baseline'], pod(sc))).toMatchObject({ code: 0, ids: [] });
  });

  test.each([
    ['a key the merge overrides', 'privileged: false\n<<: {privileged: true}', /:11:\d+: "privileged" is set before a merge key/],
    ['a duplicate key', 'privileged: false\nprivileged: true', /:12:\d+: duplicate key "privileged" \(first at line 11\)/],
    ['a line break only YAML 1.1 sees', 'privileged: false\u2028privileged: true', /U\+2028 is a line break/],
  ])('refused, exit 2: %s', (_name, sc, message) => {
    const r = cli(['check', '-', '--pack', 'pss-baseline'], pod(sc));
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/internal error/);
  });

  test('JSON input with a duplicate field is refused; one without is read', () => {
    const good = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'team' }, data: { a: 'b' } });
    expect(cli(['check', file(good, 'ok.json'), '--pack', 'pss-baseline']).code).toBe(0);
    const dup = good.replace('"data"', '"metadata": {"name": "other"}, "data"');
    expect(cli(['check', file(dup, 'dup.json')])).toMatchObject({ code: 2, stderr: expect.stringMatching(/dup\.json:1:\d+: duplicate field "metadata"/) });
  });
});

const CONFIG_MAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: team\ndata:\n  a: b\n';

describe('input problems exit 2 with file and position, never an internal error', () => {
  const role = (rules: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: r\n  namespace: team\nrules: ${rules}\n`;
  const binding = (subjects: string) => 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: b\n  namespace: team\n'
    + `roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}\nsubjects: ${subjects}\n`;
  test.each([
    ['a List with a null item', 'apiVersion: v1\nkind: List\nitems:\n  - null\n', /:4: List item 1 is not a Kubernetes object .* but null/],
    ['a List with a numeric item', 'apiVersion: v1\nkind: List\nitems:\n  - 3\n', /:4: List item 1 is not a Kubernetes object .* but the number 3/],
    ['a List whose items is a mapping', 'apiVersion: v1\nkind: List\nitems: {a: 1}\n', /:1: List "items" must be a list/],
    ['Role rules: [null]', role('[null]'), /:1: Role team\/r: rules\[0\] must be a mapping, not null; the API server refuses this object/],
    ['Role verbs: "get"', role('[{apiGroups: [""], resources: [pods], verbs: get}]'), /rules\[0\]\.verbs must be a list of strings/],
    ['subjects: "x"', binding('"x"'), /RoleBinding team\/b: subjects must be a list, not the string "x"/],
    ['a numeric annotation', CONFIG_MAP.replace('  namespace: team\n', '  namespace: team\n  annotations:\n    replicas: 3\n'), /metadata\.annotations\.replicas must be a string, not the number 3 \(quote it: "3"\)/],
    ['a boolean label (yes)', CONFIG_MAP.replace('  namespace: team\n', '  namespace: team\n  labels:\n    enabled: yes\n'), /metadata\.labels\.enabled must be a string, not the boolean true/],
    ['a numeric name', CONFIG_MAP.replace('name: c', 'name: 0644'), /metadata\.name must be a string, not the number 420/],
    ['containers: a mapping', pod('privileged: false').replace('  containers:\n', '  containers: {}\n  x:\n'), /spec\.containers must be a list/],
    ['env value a number', pod('privileged: false').replace('      securityContext:', '      env: [{name: A, value: 1}]\n      securityContext:'), /spec\.containers\[0\]\.env\[0\]\.value must be a string/],
    ['a Helm values file', 'replicaCount: 1\nimage:\n  repository: nginx\n', /document 1 is not a Kubernetes object: no apiVersion, no kind .*Helm values file/],
    ['an unrendered Helm template', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n', /unrendered Helm template: "\{\{" at line 4; run `helm template`/],
    ['a top-level list', '- a\n- b\n', /document 1 is not a Kubernetes object .* but a list/],
    ['kind is a number', 'apiVersion: v1\nkind: 1\n', /kind is not a string/],
  ])('%s', (_name, text, message) => {
    const path = file(text);
    const r = cli(['check', path]);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain(path);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
  });

  test.each([
    ['a null annotation value reads as ""', CONFIG_MAP.replace('  namespace: team\n', '  namespace: team\n  annotations:\n    note: ~\n')],
    ['null lists are absent lists', role('~')],
    ['quoted numbers in annotations', CONFIG_MAP.replace('  namespace: team\n', '  namespace: team\n  annotations:\n    replicas: "3"\n')],
    ['a Helm-rendered stream with # Source comments', `---\n# Source: chart/templates/cm.yaml\n${CONFIG_MAP}---\n# Source: chart/templates/empty.yaml\n`],
    ['CRLF line ends', CONFIG_MAP.replace(/\n/g, '\r\n')],
    ['a ConfigMap value with {{ }} (Prometheus, Argo templates)', CONFIG_MAP.replace('a: b', 'a: "{{ $labels.instance }} is down"')],
  ])('legitimate: %s', (_name, text) => {
    expect(cli(['check', file(text), '--pack', 'pss-baseline'])).toMatchObject({ code: 0, stderr: '' });
  });
});

describe('empty input is not a pass', () => {
  test.each([
    ['an empty file', () => [file('')]],
    ['only comments and empty documents', () => [file('# nothing\n---\n---\n')]],
    ['an empty directory', () => [mkdtempSync(join(dir, 'empty-'))]],
    ['empty stdin', () => ['-']],
  ])('%s exits 2 unless --allow-empty', (_name, args) => {
    const r = cli(['check', ...args()]);
    expect(r).toMatchObject({ code: 2, stderr: expect.stringMatching(/no Kubernetes object in .*nothing was checked.*--allow-empty/) });
    expect(cli(['check', ...args(), '--allow-empty']).code).toBe(0);
  });

  test('traffic-map refuses empty input too', () => {
    expect(cli(['traffic-map', '-']).code).toBe(2);
    expect(cli(['traffic-map', '-', '--allow-empty']).code).toBe(0);
  });
});

describe('files and directories', () => {
  test('a symlinked subdirectory is read; a symlink loop and a second link to a file are skipped with a note', () => {
    const root = mkdtempSync(join(dir, 'tree-'));
    const real = mkdtempSync(join(dir, 'real-'));
    writeFileSync(join(real, 'pod.yaml'), pod('privileged: true'));
    symlinkSync(real, join(root, 'templates'));
    symlinkSync(root, join(real, 'loop'));
    symlinkSync(join(real, 'pod.yaml'), join(root, 'again.yaml'));
    const r = cli(['check', root, '--pack', 'pss-baseline', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).summary.objects).toBe(1);
    expect(r.stderr).toMatch(/loop: skipped, a symbolic link back into/);
  });

  test('a FIFO inside a directory is skipped with a note, never opened', () => {
    const root = mkdtempSync(join(dir, 'fifo-'));
    writeFileSync(join(root, 'cm.yaml'), CONFIG_MAP);
    expect(spawnSync('mkfifo', [join(root, 'pipe.yaml')]).status).toBe(0);
    const r = cli(['check', root, '--pack', 'pss-baseline']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/pipe\.yaml: skipped, not a regular file/);
  });

  test('a dangling symlink named *.yaml is an input error', () => {
    const root = mkdtempSync(join(dir, 'dangling-'));
    symlinkSync(join(root, 'nowhere.yaml'), join(root, 'gone.yaml'));
    expect(cli(['check', root])).toMatchObject({ code: 2, stderr: expect.stringMatching(/gone\.yaml: symbolic link to nothing readable/) });
  });

  (process.getuid?.() === 0 ? test.skip : test)('an unreadable file is an input error (EACCES)', () => {
    const path = file(CONFIG_MAP);
    chmodSync(path, 0o000);
    expect(cli(['check', path])).toMatchObject({ code: 2, stderr: expect.stringMatching(/permission denied/) });
  });

  test('a directory named like a manifest is read as a directory', () => {
    const root = mkdtempSync(join(dir, 'named-'));
    mkdirSync(join(root, 'x.yaml'));
    writeFileSync(join(root, 'x.yaml', 'cm.yaml'), CONFIG_MAP);
    expect(cli(['check', root, '--pack', 'pss-baseline']).code).toBe(0);
  });
});

describe('the command line', () => {
  test.each([['check'], ['rules'], ['traffic-map']])('%s --help prints the usage and exits 0', command => {
    const r = cli([command, '--help']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^Usage:/);
    expect(cli([command, '-h']).code).toBe(0);
  });

  test('control characters in names and messages are escaped in the text report', () => {
    const forged = pod('privileged: true').replace('name: p\n', 'name: "p\\e[2K\\r0 findings\\nOK  ok"\n');
    const r = cli(['check', '-', '--pack', 'pss-baseline'], forged);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(r.stdout).toContain('p\\u001b[2K\\r0 findings\\nOK  ok');
    expect(r.stdout.split('\n').filter(l => l.startsWith('OK'))).toEqual([]);
  });

  test('JSON output is written in pieces and is exactly JSON.stringify of the report', () => {
    const stream = Array.from({ length: 300 }, (_, i) => pod('privileged: true').replace('name: p', `name: p${i}`)).join('---\n');
    const chunks: string[] = [];
    const code = run(['check', '-', '--pack', 'pss-baseline', '--format', 'json'], { stdout: t => { chunks.push(t); }, stderr: () => undefined, readStdin: () => stream }, '1.2.3');
    expect(code).toBe(1);
    expect(chunks.length).toBeGreaterThan(1);
    const text = chunks.join('');
    expect(text).toBe(`${JSON.stringify(JSON.parse(text), undefined, 2)}\n`);
    expect(JSON.parse(text).findings).toHaveLength(300);
  });

  test('output piped into head ends quietly: no stack trace, the audit\'s exit code', () => {
    const big = file(Array.from({ length: 2000 }, (_, i) => pod('privileged: true').replace('name: p', `name: p${i}`)).join('---\n'));
    const tsx = join(ROOT, 'node_modules', '.bin', 'tsx');
    const r = spawnSync('sh', ['-c', `${tsx} ${join(ROOT, 'src/cli/main.ts')} check ${big} --pack pss-baseline --format json | head -c 100 >/dev/null`],
      { cwd: ROOT, encoding: 'utf-8' });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  }, 120_000);
});
