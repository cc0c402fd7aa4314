import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import '@microsoft/jest-sarif';
import { BAD_POD_YAML } from './fixtures';
import { run } from '../../src/cli/cli';

const ROOT = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'cdk8s-hardening-cli-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

/** Runs the CLI in-process, capturing output and exit code. */
function cli(args: string[], stdin = '') {
  let stdout = '';
  let stderr = '';
  const code = run(args, { stdout: t => { stdout += t; }, stderr: t => { stderr += t; }, readStdin: () => stdin }, '1.2.3');
  return { code, stdout, stderr };
}

const GOOD = `apiVersion: v1
kind: ConfigMap
metadata: { name: settings, namespace: team }
data: { mode: fast }
`;

describe('cdk8s-hardening check', () => {
  test('exit 1 with findings; JSON is the documented contract', () => {
    const bad = file('bad.yaml', BAD_POD_YAML);
    const { code, stdout } = cli(['check', bad, '--pack', 'pss-restricted', '--format', 'json']);
    expect(code).toBe(1);
    const out = JSON.parse(stdout);
    const f = out.findings.find((x: any) => x.ruleId === 'pss-privileged');
    expect(Object.keys(f).sort()).toEqual(['file', 'line', 'message', 'object', 'paths', 'references', 'ruleId', 'severity', 'suppressed']);
    expect(f).toMatchObject({ severity: 'critical', object: { apiVersion: 'v1', kind: 'Pod', namespace: 'team', name: 'bad' }, file: bad, line: 1, suppressed: false });
    expect(out.summary).toMatchObject({ packs: ['pss-restricted'], objects: 1, failOn: 'low' });
  });

  test('exit 0 when nothing reaches --fail-on', () => {
    const bad = file('bad2.yaml', BAD_POD_YAML.replace('privileged: true', 'privileged: false'));
    expect(cli(['check', bad, '--pack', 'pss-restricted', '--fail-on', 'critical']).code).toBe(0);
    expect(cli(['check', bad, '--pack', 'pss-restricted', '--fail-on', 'low']).code).toBe(1);
    expect(cli(['check', bad, '--pack', 'pss-restricted', '--fail-on', 'none']).code).toBe(0);
  });

  test('reads stdin, multi-document streams, kind: List, empty documents and directories', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n  - ${JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 't' }, spec: { containers: [{ name: 'c', image: 'i:1', securityContext: { privileged: true } }] } })}\n`;
    const stream = `---\n# empty\n---\n${GOOD}---\n${list}`;
    const { code, stdout } = cli(['check', '-', '--pack', 'pss-baseline', '--format', 'json'], stream);
    expect(code).toBe(1);
    const out = JSON.parse(stdout);
    expect(out.summary.objects).toBe(2);
    // A List item points at its own line, not at the List's --- line (8).
    expect(out.findings[0]).toMatchObject({ file: '<stdin>', line: 12, object: { name: 'a' } });
    const sub = mkdtempSync(join(dir, 'tree-'));
    writeFileSync(join(sub, 'a.yaml'), GOOD);
    writeFileSync(join(sub, 'notes.txt'), 'not: yaml: at all: [');
    expect(cli(['check', sub, '--pack', 'pss-restricted']).code).toBe(0);
  });

  test('malformed YAML: exit 2 with file and line, no stack trace', () => {
    const broken = file('broken.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [unclosed\n');
    const { code, stderr, stdout } = cli(['check', broken]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(new RegExp(`${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: malformed YAML`));
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test.each([
    [['check'], /no input/],
    [['check', 'x.yaml', '--format', 'xml'], /--format must be text, json or sarif/],
    [['check', 'x.yaml', '--pack', 'strict'], /unknown pack "strict"/],
    [['check', 'x.yaml', '--fail-on', 'urgent'], /--fail-on must be one of/],
    [['check', 'x.yaml', '--bogus'], /Unknown option '--bogus'/],
    [['check', '/no/such/file.yaml'], /no such file or directory/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [[], /Usage:/],
  ])('usage and input errors exit 2: %j', (args, message) => {
    const { code, stderr } = cli(args as string[]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  test('a document that is not an object is an input error', () => {
    const scalar = file('scalar.yaml', 'just a string\n');
    expect(cli(['check', scalar])).toMatchObject({ code: 2, stderr: expect.stringMatching(/scalar.yaml:1: document 1 is not a Kubernetes object/) });
  });

  test('SARIF output is a valid SARIF 2.1.0 log', () => {
    const bad = file('bad3.yaml', BAD_POD_YAML);
    const { stdout } = cli(['check', bad, '--format', 'sarif', '--pack', 'pss-restricted']);
    const sarif = JSON.parse(stdout);
    expect(sarif).toBeValidSarifLog();
    const run0 = sarif.runs[0];
    expect(run0.tool.driver).toMatchObject({ name: 'cdk8s-hardening', version: '1.2.3' });
    const result = run0.results.find((r: any) => r.ruleId === 'pss-privileged');
    expect(result).toMatchObject({ level: 'error', locations: [{ physicalLocation: { region: { startLine: 1 } } }] });
    expect(run0.tool.driver.rules[result.ruleIndex].id).toBe('pss-privileged');
  });

  test('suppressions file', () => {
    const bad = file('bad4.yaml', BAD_POD_YAML);
    const supp = file('supp.yaml', '- rule: pss-privileged\n  owner: platform-security\n  reason: reviewed driver installer, SEC-42\n  expires: 2099-12-31\n  selector: { name: bad }\n');
    const out = JSON.parse(cli(['check', bad, '--pack', 'pss-baseline', '--format', 'json', '--suppressions', supp]).stdout);
    expect(out.findings).toEqual([expect.objectContaining({ ruleId: 'pss-privileged', suppressed: true, justification: 'reviewed driver installer, SEC-42' })]);
  });
});

describe('cdk8s-hardening rules', () => {
  test('--format json prints every rule with metadata and references', () => {
    const { code, stdout } = cli(['rules', '--format', 'json']);
    expect(code).toBe(0);
    const rules = JSON.parse(stdout).rules;
    expect(rules.length).toBeGreaterThan(20);
    for (const r of rules) {
      // `related` only for the rules that judge an object with related objects of the input.
      expect(Object.keys(r).filter(k => k !== 'related').sort()).toEqual(['fix', 'id', 'kinds', 'rationale', 'references', 'severity', 'title']);
      expect(r.references.length).toBeGreaterThan(0);
    }
    expect(new Set(rules.map((r: any) => r.id)).size).toBe(rules.length);
    expect(rules.find((r: any) => r.id === 'service-selects-pods').related).toMatchObject({ check: 'dangling', kinds: expect.arrayContaining(['Deployment']) });
    expect(rules.find((r: any) => r.id === 'pod-network-policy').related).toEqual({ kinds: ['NetworkPolicy'], check: 'context' });
  });
});

describe('cdk8s-hardening check --complete', () => {
  // A Service selecting pods the input does not hold, next to a Deployment with other labels that no NetworkPolicy selects.
  const SERVICE = `apiVersion: v1
kind: Service
metadata: { name: web, namespace: team }
spec:
  selector: { app: wbe }
  ports: [{ port: 80, targetPort: 8080 }]
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: team }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: app, image: 'nginx:1.27.1' }] }
`;
  const ids = (out: any, ruleId: string) => out.findings.filter((f: any) => f.ruleId === ruleId);

  test('without it, dangling checks are listed as not judged and cross-object findings say they judged a partial view', () => {
    const input = file('partial.yaml', SERVICE);
    const out = JSON.parse(cli(['check', input, '--pack', 'all', '--format', 'json']).stdout);
    expect(ids(out, 'service-selects-pods')).toEqual([]);
    expect(out.summary).toMatchObject({ complete: false, notJudged: expect.arrayContaining([{ ruleId: 'service-selects-pods', reason: expect.stringMatching(/^partial input: .*--complete/), objects: 1 }]) });
    expect(ids(out, 'pod-network-policy')).toEqual([expect.objectContaining({ partialView: true })]);
    const text = cli(['check', input, '--pack', 'all']).stdout;
    expect(text).toMatch(/HIGH {2}pod-network-policy {2}Deployment team\/web.*\n.*\n.*\n {4}judged on partial input: an object not in the input may change this verdict\n/);
    expect(text).toMatch(/\nNot judged \(\d+ rules\): partial input: [^\n]*\n(?: {2}\S+ {2}\d+ objects?\n)* {2}service-selects-pods {2}1 object\n/);
  });

  test('with it, dangling checks run and no finding is marked partial', () => {
    const input = file('complete.yaml', SERVICE);
    const { code, stdout } = cli(['check', input, '--pack', 'all', '--format', 'json', '--complete']);
    expect(code).toBe(1);
    const out = JSON.parse(stdout);
    expect(ids(out, 'service-selects-pods')).toEqual([expect.objectContaining({ message: expect.stringMatching(/matches none of the 1 pod templates/) })]);
    expect(out.summary).toMatchObject({ complete: true, notJudged: [] });
    expect(out.findings.filter((f: any) => 'partialView' in f)).toEqual([]);
    expect(cli(['check', input, '--pack', 'all', '--complete']).stdout).not.toMatch(/Not judged|judged on partial input/);
  });

  test('SARIF: not-judged rules are configuration notifications, partial findings carry partialView', () => {
    const input = file('partial-sarif.yaml', SERVICE);
    const sarif = JSON.parse(cli(['check', input, '--pack', 'all', '--format', 'sarif']).stdout);
    expect(sarif).toBeValidSarifLog();
    const run0 = sarif.runs[0];
    expect(run0.properties).toEqual({ completeInput: false });
    expect(run0.invocations[0].toolConfigurationNotifications).toContainEqual({
      level: 'note', associatedRule: { id: 'service-selects-pods' }, message: { text: expect.stringMatching(/^service-selects-pods not judged \(1 object\): partial input/) },
    });
    expect(run0.results.find((r: any) => r.ruleId === 'pod-network-policy').properties).toEqual({ partialView: true });
    expect(run0.tool.driver.rules.map((r: any) => r.id)).not.toContain('service-selects-pods');
    const complete = JSON.parse(cli(['check', input, '--pack', 'all', '--format', 'sarif', '--complete']).stdout).runs[0];
    expect(complete.properties).toEqual({ completeInput: true });
    expect(complete.invocations[0].toolConfigurationNotifications).toEqual([]);
    expect(complete.results.find((r: any) => r.ruleId === 'service-selects-pods')).toBeDefined();
  });

  test('--help documents it', () => {
    expect(cli(['check', '--help']).stdout).toMatch(/--complete {6}assert that the input holds every object of each namespace/);
  });
});

describe('cdk8s-hardening traffic-map', () => {
  test('renders the flows of the NetworkPolicies it reads', () => {
    const policy = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'api', namespace: 'shop' },
      spec: {
        podSelector: { matchLabels: { app: 'api' } },
        policyTypes: ['Ingress'],
        ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 8080, protocol: 'TCP' }] }],
      },
    };
    const deployment = (name: string) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace: 'shop' },
      spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'i:1' }] } } },
    });
    const stream = [policy, deployment('api'), deployment('web')].map(o => JSON.stringify(o)).join('\n---\n');
    const { code, stdout } = cli(['traffic-map', '-'], stream);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^flowchart LR/);
    expect(stdout).toContain('TCP 8080');
    expect(cli(['traffic-map'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/no input/) });
  });
});

describe('the bin', () => {
  const bin = (args: string[], input?: string) => spawnSync(join(ROOT, 'node_modules', '.bin', 'tsx'), [join(ROOT, 'src/cli/main.ts'), ...args], { input, encoding: 'utf-8', cwd: ROOT });

  test('runs as a command: stdin in, exit code out, version from package.json', () => {
    const r = bin(['check', '-', '--pack', 'pss-restricted'], BAD_POD_YAML);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/CRITICAL {2}pss-privileged {2}Pod team\/bad/);
    const version = JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("./package.json").version)'], { cwd: ROOT, encoding: 'utf-8' }));
    expect(bin(['--version']).stdout.trim()).toBe(version);
  }, 30_000);
});
