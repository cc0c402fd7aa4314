import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ApiObject, App, Chart, JsonPatch, Size, Testing } from 'cdk8s';
// The package entry provides the app gates the constructs require (src/core/app-gates.ts).
import '../../src';
import { BAD_POD } from './fixtures';
import { HardeningAudit } from '../../src/audit/hardening-audit';
import { run } from '../../src/cli/cli';
import { Cpu } from '../../src/core/cpu';
import { EnvValue } from '../../src/core/env-value';
import { HardeningError } from '../../src/core/errors';
import { Waiver, WaiverKind } from '../../src/core/waiver';
import { justificationProblem, normalizeJustification } from '../../src/detectors/justification';
import { CONTAINER_WAIVER_KINDS } from '../../src/manifest/exemption-keys';
import { Acknowledgement } from '../../src/rbac/acknowledgement';
import { RbacRisk } from '../../src/rbac/rbac-risk';
import { ALL_RULES, findRule, waivedRuleIds } from '../../src/rules/catalog';
import { runAudit } from '../../src/rules/engine';
import { parseExemptions } from '../../src/rules/exemptions-file';
import { ObjectIndex } from '../../src/rules/object-index';
import { PSS_LATEST_MINOR } from '../../src/rules/pss';
import { formatSarif } from '../../src/rules/report/sarif';
import { formatText } from '../../src/rules/report/text';
import { SealingScope } from '../../src/secrets/sealed-secret';
import { SecretReference } from '../../src/secrets/secret-source';
import { HardenedDeployment } from '../../src/workloads/hardened-deployment';

const ZWSP = '\u200B';
const RESOURCES = {
  cpu: { request: Cpu.millis(100), limit: Cpu.millis(200) },
  memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) },
};
const HANGUL_FILLER = '\u3164';
const NBSP = '\u00A0';

/** The one justification rule, as every entry point applies it. */
describe('the justification rule', () => {
  test.each([
    ['empty', ''],
    ['one character', 'x'],
    ['nine letters', 'temporary'],
    ['ten zero-width spaces', ZWSP.repeat(10)],
    ['ten Hangul fillers', HANGUL_FILLER.repeat(10)],
    ['ten no-break spaces', NBSP.repeat(10)],
    ['ideographic spaces', '\u3000'.repeat(12)],
    ['Braille blanks', '\u2800'.repeat(12)],
    ['short text padded with invisible characters', `ok${ZWSP.repeat(20)}`],
    ['short text padded with newlines and tabs', 'ok\n\n\t\t\n\n\t\t\n'],
    ['one key repeated', 'xxxxxxxxxxxx'],
    ['dots', '............'],
    ['a number', 1234567890123],
    ['undefined', undefined],
    ['null', null],
  ])('refused: %s', (_name, text) => {
    expect(justificationProblem(text)).toBeDefined();
  });

  test.each([
    ['English', 'vendor image writes to /var/run as root; ticket SEC-12'],
    ['Chinese', '供应商镜像需要以根用户写入运行目录'],
    ['Korean', '공급업체 이미지가 루트 권한을 요구함'],
    ['German with umlauts', 'Altanwendung benötigt Schreibzugriff'],
    ['with a ticket number only', 'see ticket OPS-4711'],
    ['multi-line', 'needed for the VPN sidecar\nreviewed by platform-security'],
  ])('accepted: %s', (_name, text) => {
    expect(justificationProblem(text)).toBeUndefined();
  });

  test('it is recorded as one line, without invisible characters', () => {
    expect(normalizeJustification(`  needed${ZWSP} for the VPN\n sidecar${NBSP}${NBSP}here  `)).toBe('needed for the VPN sidecar here');
  });

  const bad = ZWSP.repeat(10);
  test.each([
    ['Waiver', () => Waiver.runAsRoot(bad)],
    ['Waiver with a number (untyped JavaScript)', () => Waiver.privileged(1234567890123 as unknown as string)],
    ['Waiver with undefined (untyped JavaScript)', () => Waiver.hostNetwork(undefined as unknown as string)],
    ['Acknowledgement', () => Acknowledgement.of(RbacRisk.PODS_EXEC, bad)],
    ['EnvValue.fromSecretKey', () => EnvValue.fromSecretKey(SecretReference.fromName('db'), 'password', bad)],
    ['SealingScope.clusterWide', () => SealingScope.clusterWide(`${NBSP}`.repeat(12))],
  ])('%s refuses it with the library\'s own error', (_name, fn) => {
    let error: unknown;
    try {
      fn();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(HardeningError);
    expect((error as HardeningError).code).toBe('justification-missing');
    expect((error as Error).message).toMatch(/justification.*Fix: /s);
  });

  test('HardeningAudit.suppress refuses it, naming the construct path', () => {
    const chart = new Chart(Testing.app(), 'shop');
    new ApiObject(chart, 'pod', { ...BAD_POD });
    expect(() => HardeningAudit.suppress(chart, 'pss-privileged', HANGUL_FILLER.repeat(12))).toThrow(/\[shop\] reason: a justification needs at least 10/);
  });
});

const pod = (annotations: Record<string, string>, containers = BAD_POD.spec.containers) =>
  ({ ...BAD_POD, metadata: { ...BAD_POD.metadata, annotations }, spec: { containers } });
const privileged = (name: string) => ({ name, image: 'nginx:1.27.1', securityContext: { privileged: true } });
const verdict = (objects: any[], options: Partial<Parameters<typeof runAudit>[1]> = {}, ruleId = 'pss-privileged') =>
  runAudit(objects.map(object => ({ object })), { packs: ['pss-restricted'], ...options }).findings
    .filter(f => f.ruleId === ruleId).map(f => [f.object.name, f.suppressed, f.paths.join(',')]);

describe('exemption annotations are judged by the same rule', () => {
  test.each([
    ['a one-character waiver', { 'app.waiver.cdk8s-hardening.dev/privileged': 'x' }],
    ['a one-character suppression', { 'suppress.cdk8s-hardening.dev/pss-privileged': 'x' }],
    ['a zero-width suppression', { 'suppress.cdk8s-hardening.dev/pss-privileged': ZWSP.repeat(12) }],
    ['a container waiver without its container in the key', { 'waiver.cdk8s-hardening.dev/privileged': 'container app: vendor GPU driver, SEC-9' }],
  ])('%s exempts nothing and is reported', (_name, annotations) => {
    const result = runAudit([{ object: pod(annotations) }], { packs: ['pss-restricted'] });
    expect(result.findings.find(f => f.ruleId === 'pss-privileged')).toMatchObject({ suppressed: false });
    expect(result.summary.unmatchedSuppressions.map(p => p.problem)).toContainEqual(expect.stringMatching(/^not applied: /));
  });

  test('a justified container waiver exempts its container only', () => {
    const object = pod({ 'app.waiver.cdk8s-hardening.dev/privileged': 'GPU driver installer; reviewed in SEC-42' }, [privileged('app'), privileged('helper')]);
    expect(verdict([object])).toEqual([
      ['bad', false, 'spec.containers[1].securityContext.privileged'],
      ['bad', true, 'spec.containers[0].securityContext.privileged'],
    ]);
  });

  test('scope is never read from the reason: "container helper: …" in the text does not reach the sidecar', () => {
    const object = pod({ 'app.waiver.cdk8s-hardening.dev/privileged': 'GPU driver installer\ncontainer helper: also privileged, SEC-42' },
      [privileged('app'), privileged('helper')]);
    expect(verdict([object]).find(([, suppressed]) => !suppressed)).toEqual(['bad', false, 'spec.containers[1].securityContext.privileged']);
  });

  test('pod rules name the container each violation is in, so the engine reads a container waiver\'s scope from data', () => {
    const object = pod({}, [privileged('app'), privileged('helper')]);
    const rule = findRule('pss-privileged')!;
    const violations = rule.check(object, { pssMinor: PSS_LATEST_MINOR, index: new ObjectIndex([object]), complete: false });
    expect(violations.map(v => [v.path, v.container])).toEqual([
      ['spec.containers[0].securityContext.privileged', 'app'],
      ['spec.containers[1].securityContext.privileged', 'helper'],
    ]);
  });

  test('every waiver kind a construct writes is declared by the rules it covers, and the table is read from them', () => {
    const kebab = (kind: string) => kind.toLowerCase().replace(/_/g, '-');
    for (const kind of Object.values(WaiverKind)) {
      expect(ALL_RULES.filter(r => (r.waivedBy as readonly string[] | undefined)?.includes(kebab(kind))).length).toBeGreaterThan(0);
    }
    expect(waivedRuleIds('privileged')).toEqual(['pss-privileged', 'pss-allow-privilege-escalation']);
    expect(waivedRuleIds(RbacRisk.PODS_EXEC)).toEqual([RbacRisk.PODS_EXEC]);
    expect(waivedRuleIds('rbac-cluster-scope')).toEqual([]);
    for (const kind of CONTAINER_WAIVER_KINDS) expect(waivedRuleIds(kind).length).toBeGreaterThan(0);
  });

  test('a plaintext Secret cannot be accepted by an annotation', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'team', annotations: { 'suppress.cdk8s-hardening.dev/secret-plaintext': 'a feature flag, not a credential at all' } }, stringData: { password: 'x' } };
    const result = runAudit([{ object: secret }], { packs: ['hardened'] });
    expect(result.findings.find(f => f.ruleId === 'secret-plaintext')).toMatchObject({ suppressed: false });
    expect(result.summary.unmatchedSuppressions[0].problem).toMatch(/cannot be exempted by an annotation/);
  });

  test('with annotation exemptions disallowed, only the exemptions file counts', () => {
    const object = pod({ 'app.waiver.cdk8s-hardening.dev/privileged': 'GPU driver installer; reviewed in SEC-42' });
    expect(verdict([object], { allowAnnotationExemptions: false })).toEqual([['bad', false, 'spec.containers[0].securityContext.privileged']]);
    const [spec] = parseExemptions(EXEMPTIONS, 'platform/exemptions.yaml');
    expect(verdict([object], { allowAnnotationExemptions: false, suppressions: [spec], today: '2027-01-01' })).toEqual([['bad', true, 'spec.containers[0].securityContext.privileged']]);
  });
});

const EXEMPTIONS = `exemptions:
  - rule: pss-privileged
    owner: platform-security
    reason: GPU driver installer; reviewed in SEC-42
    expires: 2027-03-31
    selector: { kind: Pod, namespace: team, name: bad }
`;

describe('the exemptions file', () => {
  test('an entry accepts the findings its selector matches, and every report says where from', () => {
    const other = { ...BAD_POD, metadata: { ...BAD_POD.metadata, name: 'other' } };
    const suppressions = parseExemptions(EXEMPTIONS, 'platform/exemptions.yaml');
    const result = runAudit([{ object: BAD_POD }, { object: other }], { packs: ['pss-restricted'], suppressions, today: '2027-01-01' });
    const accepted = result.findings.filter(f => f.suppressed);
    expect(accepted.map(f => [f.ruleId, f.object.name])).toEqual([['pss-privileged', 'bad']]);
    expect(accepted[0].exemptions).toEqual([{ source: 'file', reason: 'GPU driver installer; reviewed in SEC-42', origin: 'platform/exemptions.yaml#1', owner: 'platform-security', expires: '2027-03-31' }]);
    expect(formatText(result, false)).toContain('pss-privileged  Pod team/bad  <- exemptions file platform/exemptions.yaml#1, owner platform-security, expires 2027-03-31: GPU driver installer; reviewed in SEC-42');
    const sarif = formatSarif(result, '0.0.0') as any;
    const suppressed = sarif.runs[0].results.find((r: any) => r.suppressions);
    expect(suppressed.suppressions).toEqual([expect.objectContaining({ kind: 'external', status: 'accepted', justification: 'GPU driver installer; reviewed in SEC-42' })]);
  });

  test('labels narrow an entry', () => {
    const [spec] = parseExemptions(`exemptions:
  - rule: pss-privileged
    owner: platform-security
    reason: GPU nodes only; reviewed in SEC-42
    expires: 2099-01-01
    selector: { labels: { gpu: "true" } }
`, 'f.yaml');
    const labelled = { ...BAD_POD, metadata: { ...BAD_POD.metadata, name: 'gpu', labels: { gpu: 'true' } } };
    expect(verdict([BAD_POD, labelled], { suppressions: [spec] }).map(([name, suppressed]) => [name, suppressed])).toEqual([['bad', false], ['gpu', true]]);
  });

  test.each([
    ['an expired entry', EXEMPTIONS, /expired on 2027-03-31/],
    ['no owner', EXEMPTIONS.replace('    owner: platform-security\n', ''), /owner is required/],
    ['no expiry', EXEMPTIONS.replace('    expires: 2027-03-31\n', ''), /expires is required/],
    ['a malformed expiry', EXEMPTIONS.replace('2027-03-31', 'next spring'), /expires must be a date/],
    ['a reason of invisible characters', EXEMPTIONS.replace('GPU driver installer; reviewed in SEC-42', `"${ZWSP.repeat(12)}"`), /reason: a justification needs/],
    ['an unknown field (a typo would widen it)', EXEMPTIONS.replace('    selector:', '    namespce: team\n    selector:'), /unknown field namespce/],
    ['an unknown selector field', EXEMPTIONS.replace('kind: Pod', 'knd: Pod'), /unknown selector field knd/],
    ['an unknown rule', EXEMPTIONS.replace('rule: pss-privileged', 'rule: pss-privilegd'), /no rule has the id "pss-privilegd"/],
    ['not a list', 'exemptions: {}', /expected `exemptions:`/],
  ])('refused: %s', (_name, text, problem) => {
    const run2 = () => runAudit([{ object: BAD_POD }], { packs: ['pss-restricted'], suppressions: parseExemptions(text, 'f.yaml'), today: '2027-04-01' });
    expect(run2).toThrow(problem);
  });

  test('the CLI reads it, fails on an expired entry, and can ignore inline annotations', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exemptions-'));
    const manifest = join(dir, 'pod.json');
    const waived = pod({ 'app.waiver.cdk8s-hardening.dev/privileged': 'GPU driver installer; reviewed in SEC-42' });
    writeFileSync(manifest, JSON.stringify(waived));
    const file = join(dir, 'exemptions.yaml');
    writeFileSync(file, EXEMPTIONS.replace('2027-03-31', '2099-12-31'));
    const cli = (...args: string[]) => {
      let out = '';
      let err = '';
      const code = run(['check', manifest, '--pack', 'pss-restricted', '--fail-on', 'critical', '--format', 'json', ...args],
        { stdout: t => out += t, stderr: t => err += t, readStdin: () => '' }, '0.0.0');
      return { code, out, err };
    };
    expect(cli().code).toBe(0);
    const strict = cli('--disallow-annotation-exemptions');
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.out).summary.unmatchedSuppressions[0].problem).toMatch(/annotation exemptions are disallowed/);
    expect(cli('--disallow-annotation-exemptions', '--exemptions', file).code).toBe(0);
    writeFileSync(file, EXEMPTIONS.replace('2027-03-31', '2020-01-31'));
    const expired = cli('--exemptions', file);
    expect(expired.code).toBe(2);
    expect(expired.err).toMatch(/exemptions\.yaml#1 for "pss-privileged": it expired on 2020-01-31/);
  });
});

describe('the gates judge the output as it will be written', () => {
  const secretList = (chart: Chart) => new ApiObject(chart, 'bundle', {
    apiVersion: 'v1',
    kind: 'List',
    items: [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, stringData: { password: 'hunter2' } }],
  } as any);

  test('a Secret inside a kind: List fails synth', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop');
    secretList(chart);
    new HardenedDeployment(chart, 'api', { image: 'registry.example.com/api:1.0.0', port: 8080, resources: RESOURCES });
    expect(() => app.synth()).toThrow(/\[shop\/bundle\/items\[0\]\] secret-plaintext: Secret db/);
  });

  test('a ConfigMap patched into a Secret fails synth and is audited as a Secret', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop');
    const cm = new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'db' } });
    cm.addJsonPatch(JsonPatch.replace('/kind', 'Secret'), JsonPatch.add('/stringData', { password: 'hunter2' }));
    expect(HardeningAudit.of(chart).findings.map(f => [f.ruleId, f.object.kind])).toContainEqual(['secret-plaintext', 'Secret']);
    new HardenedDeployment(chart, 'api', { image: 'registry.example.com/api:1.0.0', port: 8080, resources: RESOURCES });
    expect(() => app.synth()).toThrow(/\[shop\/cm\] secret-plaintext: Secret db/);
  });

  test('HardeningAudit.suppress cannot accept a plaintext Secret; the platform team\'s file can', () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'synth-')) });
    const chart = new Chart(app, 'shop');
    const secret = new ApiObject(chart, 'legacy', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'legacy' }, stringData: { flag: 'on' } } as any);
    expect(() => HardeningAudit.suppress(secret, 'secret-plaintext', 'a feature flag, not a credential at all')).toThrow(/cannot be suppressed by an annotation/);
    const dir = mkdtempSync(join(tmpdir(), 'exemptions-'));
    const file = join(dir, 'exemptions.yaml');
    writeFileSync(file, `exemptions:
  - rule: secret-plaintext
    owner: platform-security
    reason: a feature flag of the legacy chart, not a credential
    expires: 2099-01-01
    selector: { kind: Secret, name: legacy }
`);
    HardeningAudit.useExemptions(app, file);
    new HardenedDeployment(chart, 'api', { image: 'registry.example.com/api:1.0.0', port: 8080, resources: RESOURCES });
    expect(() => app.synth()).not.toThrow();
    expect(HardeningAudit.of(chart).findings.find(f => f.ruleId === 'secret-plaintext')).toMatchObject({ suppressed: true });
  });
});

