import { execFileSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Testing } from 'cdk8s';
import { buildReferenceApp } from '../../examples/reference-app/app';
import { HardeningAudit, TrafficMap } from '../../src';
import { run } from '../../src/cli/cli';
import { expectHardened, synthObjects } from '../harness';

const EXAMPLE_DIR = join(__dirname, '..', '..', 'examples', 'reference-app');
const build = () => buildReferenceApp(Testing.app());

describe('examples/reference-app', () => {
  const { app, appCharts, guardrails } = build();
  const appObjects = appCharts.flatMap(c => synthObjects(c));
  const all = synthObjects(app);

  test('matches the snapshot', () => {
    expect(all).toMatchSnapshot();
  });

  test('every object is schema-valid (custom resources against their CRDs) and the pods are PSS restricted', () => {
    expectHardened(all);
  });

  test('the database password and the API key reach their pods only as mounted references', () => {
    expect(all.filter(o => o.kind === 'Secret')).toEqual([]);
    // The guardrails mention stringData in the CEL that forbids it; the application never carries it.
    expect(JSON.stringify(appObjects)).not.toMatch(/secretKeyRef|stringData/);
    const postgres = all.find(o => o.kind === 'StatefulSet' && o.metadata.name === 'postgres');
    expect(postgres.spec.template.spec.volumes).toContainEqual(expect.objectContaining({ secret: expect.objectContaining({ secretName: 'postgres-credentials', defaultMode: 0o400 }) }));
  });

  test('audits clean under the hardened pack; every exception is justified', () => {
    const report = HardeningAudit.of(app, { packs: ['hardened'] });
    expect(report.findings.filter(f => !f.suppressed).map(f => `${f.ruleId} ${f.object.kind}/${f.object.name}: ${f.message}`)).toEqual([]);
    expect(report.summary.unmatchedSuppressions).toEqual([]);
  });

  test('every pod is isolated for ingress and egress; every namespace denies by default and enforces PSS', () => {
    const report = HardeningAudit.of(app, { packs: ['all'] });
    const wanted = new Set(['pod-network-policy', 'namespace-default-deny', 'namespace-pss-labels', 'namespace-limit-range', 'namespace-resource-quota', 'object-kube-system']);
    expect(report.findings.filter(f => wanted.has(f.ruleId))).toEqual([]);
    expect(all.filter(o => o.metadata?.namespace === 'kube-system')).toEqual([]);
  });

  test('declared traffic is exactly what the map shows', () => {
    const flows = TrafficMap.fromApp(app).toMermaid();
    expect(flows).toMatch(/n\d -->\|"TCP 8080"\| n\d/);
    expect(flows).toContain('cidr 203.0.113.0/24');
    expect(flows).toContain('cidr 198.51.100.0/24');
    expect(flows).toMatchSnapshot();
  });

  test('ships the guardrail chart', () => {
    const kinds = new Set(synthObjects(guardrails).map(o => o.kind));
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['ClusterPolicy', 'ConfigMap', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']));
  });

  test('synthesizing twice gives byte-identical YAML', () => {
    expect(build().app.synthYaml()).toEqual(build().app.synthYaml());
  });

  test('`cdk8s synth` writes the manifests and the audit policy file; the CLI audits them clean', () => {
    const out = mkdtempSync(join(tmpdir(), 'cdk8s-hardening-reference-'));
    try {
      execFileSync(join(EXAMPLE_DIR, '..', '..', 'node_modules', '.bin', 'cdk8s'), ['synth', '--no-check-upgrade', '--output', out], { cwd: EXAMPLE_DIR, encoding: 'utf-8', stdio: 'pipe' });
      expect(readdirSync(out).filter(f => f.endsWith('.k8s.yaml')).sort()).toEqual(['backend.k8s.yaml', 'data.k8s.yaml', 'frontend.k8s.yaml', 'guardrails.k8s.yaml', 'namespaces.k8s.yaml']);
      expect(existsSync(join(out, 'audit-policy.yaml'))).toBe(true);
      expect(readFileSync(join(out, 'namespaces.k8s.yaml'), 'utf-8')).toContain('pod-security.kubernetes.io/enforce: restricted');
      let stdout = '';
      const code = run(['check', out, '--pack', 'hardened'], { stdout: t => { stdout += t; }, stderr: () => undefined, readStdin: () => '' }, '0.0.0');
      expect(stdout).toMatch(/^0 findings, \d+ suppressed/m);
      expect(code).toBe(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
