import { Testing } from 'cdk8s';
import { buildHardenedApp } from '../../examples/migration/hardened';
import { buildPlusApp } from '../../examples/migration/plus';
import { HardeningAudit } from '../../src';
import { expectHardened, synthObjects } from '../harness';

describe('examples/migration', () => {
  test('the hardened version is schema-valid, PSS restricted and audits clean', () => {
    const app = buildHardenedApp(Testing.app());
    expectHardened(synthObjects(app));
    expect(HardeningAudit.of(app, { packs: ['hardened'] }).summary.findings).toBe(0);
  });

  test('the cdk8s-plus-28 version shows the findings its defaults really have', () => {
    const report = HardeningAudit.of(buildPlusApp(Testing.app()), { packs: ['hardened'] });
    const rules = new Set(report.findings.filter(f => !f.suppressed).map(f => f.ruleId));
    for (const id of ['pss-capabilities-restricted', 'pss-seccomp-profile-restricted', 'pod-network-policy', 'pod-default-service-account', 'workload-disruption-budget']) {
      expect(rules).toContain(id);
    }
  });

  test('the hardened version matches the snapshot', () => {
    expect(synthObjects(buildHardenedApp(Testing.app()))).toMatchSnapshot();
  });
});
