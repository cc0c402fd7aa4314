import { BAD_POD, GOOD_POD } from './fixtures';
import { runAudit } from '../../src/rules/engine';
import { resolvePack } from '../../src/rules/packs';

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
