import { execFileSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Testing } from 'cdk8s';
import { buildApp } from '../../examples/hardened-workloads/app';
import { HardeningAudit } from '../../src';
import { expectHardened, synthObjects } from '../harness';

const EXAMPLE_DIR = join(__dirname, '..', '..', 'examples', 'hardened-workloads');

describe('examples/hardened-workloads', () => {
  const objects = synthObjects(buildApp(Testing.app()));

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('every object is schema-valid and the pods pass PSS restricted', () => {
    expectHardened(objects);
  });

  test('audits clean under the hardened pack: every exception is a justified, suppressed finding', () => {
    const report = HardeningAudit.of(buildApp(Testing.app()), { packs: ['hardened'] });
    expect(report.findings.filter(f => !f.suppressed).map(f => `${f.ruleId} ${f.object.kind}/${f.object.name}: ${f.message}`)).toEqual([]);
    expect(report.findings.every(f => f.justification && f.justification.length >= 10)).toBe(true);
    expect(report.summary.unmatchedSuppressions).toEqual([]);
  });

  test('synthesizing twice gives byte-identical YAML', () => {
    expect(buildApp(Testing.app()).synthYaml()).toEqual(buildApp(Testing.app()).synthYaml());
  });

  test('`cdk8s synth` in the example folder writes the same manifests', () => {
    const out = mkdtempSync(join(tmpdir(), 'cdk8s-hardening-example-'));
    try {
      execFileSync(join(EXAMPLE_DIR, '..', '..', 'node_modules', '.bin', 'cdk8s'), ['synth', '--no-check-upgrade', '--output', out], { cwd: EXAMPLE_DIR, stdio: 'pipe' });
      const written = readFileSync(join(out, 'shop.k8s.yaml'), 'utf-8');
      expect(written).toEqual(buildApp(Testing.app()).synthYaml());
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
