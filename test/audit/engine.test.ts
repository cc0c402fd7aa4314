import { readdirSync, readFileSync } from 'fs';
import { basename, join } from 'path';
import { BAD_POD, GOOD_POD } from './fixtures';
import { ALL_RULES, findRule } from '../../src/rules/catalog';
import { PARTIAL_INPUT_REASON, runAudit } from '../../src/rules/engine';
import { resolvePack } from '../../src/rules/packs';
import { RelatedCheck } from '../../src/rules/rule';

const restricted = { packs: ['pss-restricted'] };
const withAnnotations = (object: any, annotations: Record<string, string>) => ({ ...object, metadata: { ...object.metadata, annotations } });

describe('runAudit', () => {
  test('one finding per rule and object, listing every offending path', () => {
    const pod = { ...BAD_POD, spec: { containers: [BAD_POD.spec.containers[0], { ...BAD_POD.spec.containers[0], name: 'sidecar' }] } };
    const result = runAudit([{ object: pod }], restricted);
    const privileged = result.findings.filter(f => f.ruleId === 'pss-privileged');
    expect(privileged).toHaveLength(1);
    expect(privileged[0].paths).toEqual(['spec.containers[0].securityContext.privileged', 'spec.containers[1].securityContext.privileged']);
    expect(privileged[0]).toMatchObject({ severity: 'critical', suppressed: false, object: { apiVersion: 'v1', kind: 'Pod', namespace: 'team', name: 'bad' } });
    expect(privileged[0].references).toContainEqual({ framework: 'pss', id: 'privileged', relation: 'equivalent' });
  });

  test('a compliant object has no findings', () => {
    expect(runAudit([{ object: GOOD_POD }], restricted).findings).toEqual([]);
  });

  test('an annotation suppression marks the finding suppressed, with its reason', () => {
    const pod = withAnnotations(BAD_POD, { 'suppress.cdk8s-hardening.dev/pss-privileged': 'GPU driver installer, reviewed in SEC-42' });
    const result = runAudit([{ object: pod }], restricted);
    const f = result.findings.find(x => x.ruleId === 'pss-privileged')!;
    expect(f).toMatchObject({ suppressed: true, justification: 'GPU driver installer, reviewed in SEC-42' });
    expect(result.summary.suppressed).toBeGreaterThanOrEqual(1);
    expect(result.summary.unmatchedSuppressions).toEqual([]);
  });

  test('suppressions that match nothing, name no rule or give no reason are reported', () => {
    const pod = withAnnotations(GOOD_POD, {
      'suppress.cdk8s-hardening.dev/pss-privileged': 'not privileged at all, stale',
      'suppress.cdk8s-hardening.dev/no-such-rule': 'typo in the rule id',
      'suppress.cdk8s-hardening.dev/pss-host-namespaces': 'x',
    });
    const problems = runAudit([{ object: pod }], { ...restricted, suppressions: [{ ruleId: 'pss-run-as-user', reason: 'global exception for tests' }] })
      .summary.unmatchedSuppressions.map(p => `${p.ruleId}: ${p.problem}`).sort();
    expect(problems).toEqual([
      'no-such-rule: no rule has this id',
      'pss-host-namespaces: not applied: a justification needs at least 10 meaningful characters (letters, digits, punctuation) that a reviewer can judge; "x" has 1',
      'pss-privileged: it matches no finding',
      'pss-run-as-user: it matches no finding',
    ]);
  });

  test('a suppression option can be scoped to one object', () => {
    const other = { ...BAD_POD, metadata: { ...BAD_POD.metadata, name: 'other' } };
    const result = runAudit([{ object: BAD_POD }, { object: other }], { ...restricted, suppressions: [{ ruleId: 'pss-privileged', reason: 'only this one is reviewed', name: 'bad' }] });
    expect(result.findings.filter(f => f.ruleId === 'pss-privileged').map(f => [f.object.name, f.suppressed])).toEqual([['bad', true], ['other', false]]);
  });

  test('a construct waiver suppresses only the waived container', () => {
    const pod = withAnnotations({
      ...BAD_POD,
      spec: {
        containers: [
          { name: 'main', image: 'x:1', securityContext: { runAsNonRoot: false } },
          { name: 'side', image: 'x:1', securityContext: { runAsNonRoot: false } },
        ],
      },
    }, { 'main.waiver.cdk8s-hardening.dev/run-as-root': 'vendor image needs root, SEC-1' });
    const findings = runAudit([{ object: pod }], restricted).findings.filter(f => f.ruleId === 'pss-run-as-non-root');
    expect(findings.map(f => [f.suppressed, f.paths])).toEqual([
      [false, ['spec.containers[1].securityContext.runAsNonRoot']],
      [true, ['spec.containers[0].securityContext.runAsNonRoot']],
    ]);
  });

  test('packs: versioned PSS, unknown names and versions refused', () => {
    expect(resolvePack('pss-restricted@v1.25').pssMinor).toBe(25);
    expect(resolvePack('pss-baseline').rules.every(r => (r as any).level === 'baseline')).toBe(true);
    expect(() => resolvePack('pss-restricted@v1.20')).toThrow(/v1.25 to v1.37/);
    expect(() => resolvePack('strict')).toThrow(/unknown pack "strict"; packs: hardened/);
    expect(resolvePack('cis').rules.every(r => r.references.some(x => x.framework === 'cis'))).toBe(true);
    expect(resolvePack('nsa').rules.length).toBeGreaterThan(0);
  });

  test('unknown kinds and custom resources pass through untouched', () => {
    const crd = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'team' }, spec: { containers: [{ privileged: true }] } };
    expect(runAudit([{ object: crd }], restricted).findings).toEqual([]);
  });
});

describe('partial and complete input', () => {
  // An HPA whose target is not in the input (a dangling check) and a pod no NetworkPolicy of the input selects.
  const hpa = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'web', namespace: 'team' },
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 4 },
  };
  const inputs = [{ object: hpa }, { object: GOOD_POD }];
  const all = { packs: ['all'] };

  test('by default a dangling check does not run: it is listed as not judged, with the objects it would have judged', () => {
    const result = runAudit(inputs, all);
    expect(result.findings.filter(f => f.ruleId === 'hpa-target-exists')).toEqual([]);
    expect(result.summary.complete).toBe(false);
    expect(result.summary.notJudged).toContainEqual({ ruleId: 'hpa-target-exists', reason: PARTIAL_INPUT_REASON, objects: 1 });
    expect(result.rules.map(r => r.id)).not.toContain('hpa-target-exists');
    // Only rules that had something to judge are listed: no Service, Ingress or NetworkPolicy is in the input.
    expect(result.summary.notJudged.map(n => n.ruleId).sort()).toEqual(['hpa-target-exists', 'pod-service-account-exists']);
  });

  test('with complete input the dangling check runs, and no finding says its view was partial', () => {
    const result = runAudit(inputs, { ...all, complete: true });
    expect(result.findings.find(f => f.ruleId === 'hpa-target-exists')).toMatchObject({ message: expect.stringMatching(/scale target Deployment "web" is not in the audit/) });
    expect(result.summary).toMatchObject({ complete: true, notJudged: [] });
    expect(result.findings.filter(f => 'partialView' in f)).toEqual([]);
  });

  test('a cross-object rule that is not a dangling check runs on partial input, and its finding says so', () => {
    const partial = runAudit(inputs, all).findings.find(f => f.ruleId === 'pod-network-policy');
    expect(partial).toMatchObject({ partialView: true, suppressed: false, severity: 'high' });
    expect(runAudit(inputs, { ...all, complete: true }).findings.find(f => f.ruleId === 'pod-network-policy')).not.toHaveProperty('partialView');
    // A rule judging the object on its own never carries the marker.
    expect(runAudit([{ object: BAD_POD }], all).findings.find(f => f.ruleId === 'pss-privileged')).not.toHaveProperty('partialView');
  });

  test('an exemption of a rule that did not run is not reported as stale; on complete input it is judged again', () => {
    const suppressions = [{ ruleId: 'hpa-target-exists', reason: 'the Deployment is deployed by the team chart' }];
    const annotated = withAnnotations(hpa, { 'suppress.cdk8s-hardening.dev/hpa-target-exists': 'the Deployment is deployed by the team chart' });
    expect(runAudit([{ object: annotated }], { ...all, suppressions }).summary.unmatchedSuppressions).toEqual([]);
    const target = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'team' }, spec: {} };
    const complete = runAudit([{ object: annotated }, { object: target }], { ...all, suppressions, complete: true });
    expect(complete.summary.unmatchedSuppressions.filter(p => p.ruleId === 'hpa-target-exists').map(p => p.problem)).toEqual(['it matches no finding', 'it matches no finding']);
  });

  test('the rules are told whether the input is complete', () => {
    const seen: boolean[] = [];
    const rule = findRule('pss-privileged')!;
    const spy = jest.spyOn(rule, 'check').mockImplementation((_o, context) => { seen.push(context.complete); return []; });
    try {
      runAudit([{ object: BAD_POD }], restricted);
      runAudit([{ object: BAD_POD }], { ...restricted, complete: true });
    } finally {
      spy.mockRestore();
    }
    expect(seen).toEqual([false, true]);
  });

  test('every rule that looks up other objects of the input declares what it looks up and what its findings claim', () => {
    const dir = join(__dirname, '..', '..', 'src', 'rules');
    const crossObject = readdirSync(dir, { withFileTypes: true }).filter(d => d.isDirectory() && d.name !== 'report')
      .flatMap(d => readdirSync(join(dir, d.name)).map(f => join(dir, d.name, f)))
      // Every lookup goes through the index, directly or through a helper given the context.
      .filter(file => /context\.index|requireInNamespace\(\w+, context/.test(readFileSync(file, 'utf-8')))
      .map(file => basename(file, '.ts'))
      .filter(id => findRule(id) !== undefined);
    expect(crossObject.length).toBeGreaterThanOrEqual(15);
    expect(crossObject.filter(id => findRule(id)!.related === undefined)).toEqual([]);
    const dangling = ALL_RULES.filter(r => r.related?.check === RelatedCheck.DANGLING).map(r => r.id).sort();
    expect(dangling).toEqual(expect.arrayContaining(['hpa-target-exists', 'ingress-backend-service', 'network-policy-selects-pods', 'pod-service-account-exists', 'service-selects-pods']));
  });
});
