import { Chart, Testing } from 'cdk8s';
import { HardenedCronJob, HardenedDeployment, Waiver } from '../../src';
import { CONTAINER_WAIVER_KINDS } from '../../src/manifest/exemption-keys';
import { isToolExemptionKey, TOOL_CHECKS_BY_WAIVER, toolExemptionAnnotations } from '../../src/manifest/tool-exemptions';
import { CATALOG_RULES, waivedRuleIds } from '../../src/rules/catalog';
import { PSS_LATEST_MINOR, pssRules } from '../../src/rules/pss';
import { appWithDefaults, expectHardened } from '../harness';

const RULES = [...pssRules('restricted', PSS_LATEST_MINOR), ...pssRules('baseline', PSS_LATEST_MINOR), ...CATALOG_RULES];
const WHY = 'the vendor image writes its PID file under /var/run';

describe('the checkers\' own exemption annotations', () => {
  // The table lives in the core (constructs write it); the rules' cross-references are the source it must agree with.
  test.each(Object.entries(TOOL_CHECKS_BY_WAIVER))('every check %s skips is referenced by a rule that waiver exempts', (kind, checks) => {
    const rules = waivedRuleIds(kind).map(id => RULES.find(r => r.id === id)!);
    expect(rules.length).toBeGreaterThan(0);
    const referenced = (framework: string) => new Set(rules.flatMap(r => r.references.filter(x => x.framework === framework).map(x => x.id)));
    for (const id of checks.kubeScore ?? []) expect(referenced('kube-score')).toContain(id);
    for (const id of checks.checkov ?? []) expect(referenced('checkov')).toContain(id);
  });

  test('a container waiver names its container in the reason; kinds without a tool check add nothing', () => {
    expect(toolExemptionAnnotations([
      ['main.waiver.cdk8s-hardening.dev/no-cpu-limit', 'bursty report generation runs off-peak'],
      ['sidecar.waiver.cdk8s-hardening.dev/run-as-root', 'the vendor agent needs root'],
      ['main.waiver.cdk8s-hardening.dev/low-ids', 'the image bakes UID 1000 into its files'],
      ['waiver.cdk8s-hardening.dev/single-replica', 'a cache that rebuilds itself'],
      ['app.kubernetes.io/name', 'api'],
    ])).toEqual({
      'kube-score/ignore': 'container-resources,container-security-context-user-group-id',
      'checkov.io/skip1': 'CKV_K8S_11=main: bursty report generation runs off-peak',
      'checkov.io/skip2': 'CKV_K8S_23=sidecar: the vendor agent needs root',
      'checkov.io/skip3': 'CKV_K8S_40=sidecar: the vendor agent needs root; main: the image bakes UID 1000 into its files',
    });
    expect(toolExemptionAnnotations([['waiver.cdk8s-hardening.dev/single-replica', 'a cache that rebuilds itself']])).toEqual({});
    expect(toolExemptionAnnotations([])).toEqual({});
  });

  test('checkov ids are numbered in numeric order (CKV_K8S_8 before CKV_K8S_11)', () => {
    const out = toolExemptionAnnotations([['main.waiver.cdk8s-hardening.dev/no-probes', WHY], ['main.waiver.cdk8s-hardening.dev/no-cpu-limit', WHY]]);
    expect(Object.entries(out).filter(([k]) => k.startsWith('checkov')).map(([, v]) => v.split('=')[0])).toEqual(['CKV_K8S_8', 'CKV_K8S_9', 'CKV_K8S_11']);
  });

  test('every container waiver kind that relaxes a checker\'s check has an entry', () => {
    for (const kind of CONTAINER_WAIVER_KINDS) expect(Object.keys(TOOL_CHECKS_BY_WAIVER)).toContain(kind);
  });

  test('a workload with a waiver carries the tool annotations; one without carries none', () => {
    const app = appWithDefaults();
    const chart = new Chart(app, 'c', { namespace: 'shop' });
    new HardenedDeployment(chart, 'web', { image: 'registry.example.com/web:1.0.0', port: 8080, waivers: [Waiver.writableRootFilesystem(WHY)] });
    new HardenedCronJob(chart, 'report', { image: 'registry.example.com/report:1.0.0', schedule: '@daily' });
    const objects = Testing.synth(chart);
    expectHardened(objects);
    const deployment = objects.find(o => o.kind === 'Deployment')!;
    expect(deployment.metadata.annotations).toMatchObject({
      'kube-score/ignore': 'container-security-context-readonlyrootfilesystem',
      'checkov.io/skip1': `CKV_K8S_22=main: ${WHY}`,
    });
    const cron = objects.find(o => o.kind === 'CronJob')!;
    expect(Object.keys(cron.metadata.annotations ?? {}).filter(isToolExemptionKey)).toEqual([]);
  });

  test.each(['kube-score/ignore', 'checkov.io/skip1', 'checkov.io/skip'])('a hand-written %s annotation is refused', key => {
    const chart = new Chart(appWithDefaults(), 'c', { namespace: 'shop' });
    expect(() => new HardenedDeployment(chart, 'web', { image: 'registry.example.com/web:1.0.0', port: 8080, annotations: { [key]: 'CKV_K8S_22=because' } }))
      .toThrow(/annotations\[".*"\].*written by the library.*Fix: pass a Waiver/s);
  });

  test.each(['kube-score/ignore-me', 'checkov.io/skipper', 'example.com/checkov.io/skip1'])('a look-alike key %s is an ordinary annotation', key => {
    expect(isToolExemptionKey(key)).toBe(false);
  });
});
