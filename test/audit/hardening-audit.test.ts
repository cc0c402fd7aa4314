import { execFileSync } from 'child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ApiObject, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { HardenedDeployment, HardeningAudit, HardeningValidation, Severity, Waiver } from '../../src';
import { appWithDefaults, IMAGE, synthObjects } from '../harness';
import { BAD_POD } from './fixtures';

const ROOT = join(__dirname, '..', '..');

describe('HardeningAudit', () => {
  test('hardened workloads pass PSS restricted with no finding', () => {
    const app = appWithDefaults();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new HardenedDeployment(chart, 'api', { image: IMAGE, port: 8080 });
    const report = HardeningAudit.of(app, { packs: ['pss-restricted'] });
    expect(report.findings).toEqual([]);
    // Deployment, ServiceAccount, Service, PodDisruptionBudget, NetworkPolicy.
    expect(report.summary).toMatchObject({ findings: 0, objects: 5, packs: ['pss-restricted'] });
  });

  test('a cdk8s-plus-28 Deployment with defaults shows the findings it really has, with construct paths', () => {
    const chart = new Chart(Testing.app(), 'plus', { namespace: 'plus' });
    new kplus.Deployment(chart, 'web', { containers: [{ image: 'nginx:1.27.1', portNumber: 8080 }] });
    const report = HardeningAudit.of(chart, { packs: ['pss-restricted'] });
    expect(report.findings.map(f => f.ruleId).sort()).toEqual(['pss-capabilities-restricted', 'pss-seccomp-profile-restricted']);
    expect(report.findings[0].constructPath).toBe('plus/web/Resource');
    expect(report.text).toMatch(/2 findings \(2 medium|2 findings/);
  });

  test('a construct waiver shows as a suppressed finding with its justification', () => {
    const chart = new Chart(appWithDefaults(), 'legacy', { namespace: 'legacy' });
    new HardenedDeployment(chart, 'app', { image: IMAGE, port: 8080, waivers: [Waiver.runAsRoot('vendor image needs root, ticket SEC-12')] });
    const report = HardeningAudit.of(chart, { packs: ['pss-restricted'] });
    expect(report.summary.findings).toBe(0);
    expect(report.findings.map(f => [f.ruleId, f.suppressed, f.justification])).toEqual([
      ['pss-run-as-non-root', true, 'vendor image needs root, ticket SEC-12'],
      ['pss-run-as-user', true, 'vendor image needs root, ticket SEC-12'],
    ]);
  });

  test('suppress() writes the reason into the annotations of the objects the rule applies to', () => {
    const chart = new Chart(Testing.app(), 'raw', { namespace: 'raw' });
    const pod = new ApiObject(chart, 'bad', BAD_POD as any);
    HardeningAudit.suppress(pod, 'pss-privileged', 'GPU driver installer, reviewed in SEC-42');
    expect(synthObjects(chart)[0].metadata.annotations).toEqual({ 'suppress.cdk8s-hardening.dev/pss-privileged': 'GPU driver installer, reviewed in SEC-42' });
    const report = HardeningAudit.of(chart, { packs: ['pss-baseline'] });
    expect(report.findings).toEqual([expect.objectContaining({ ruleId: 'pss-privileged', suppressed: true })]);
  });

  test.each([
    ['unknown rule', 'no-such-rule', 'a good long reason', /no rule has the id "no-such-rule"/],
    ['short reason', 'pss-privileged', 'because', /a justification needs at least 10 meaningful characters/],
    ['rule that does not apply', 'pss-privileged', 'a good long reason', /applies to .*emits none of them/],
  ])('suppress() refuses: %s', (_name, ruleId, reason, message) => {
    const chart = new Chart(Testing.app(), 'raw');
    const target = _name === 'rule that does not apply'
      ? new ApiObject(chart, 'cm', { apiVersion: 'v1', kind: 'ConfigMap' })
      : new ApiObject(chart, 'bad', BAD_POD as any);
    expect(() => HardeningAudit.suppress(target, ruleId, reason)).toThrow(message);
  });

  test('partial input by default: dangling checks are not judged until complete is asserted', () => {
    // An app that names a ServiceAccount it does not create: the platform team may deploy it into the namespace.
    const build = () => {
      const app = appWithDefaults();
      const chart = new Chart(app, 'shop', { namespace: 'shop' });
      new ApiObject(chart, 'job', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'job' }, spec: { serviceAccountName: 'platform-runner', containers: [{ name: 'c', image: IMAGE }] } });
      return app;
    };
    const partial = HardeningAudit.of(build(), { packs: ['all'] });
    expect(partial.summary).toMatchObject({ complete: false, notJudged: [expect.objectContaining({ ruleId: 'pod-service-account-exists', objects: 1 })] });
    expect(partial.findings.map(f => f.ruleId)).not.toContain('pod-service-account-exists');
    expect(partial.findings.find(f => f.ruleId === 'pod-network-policy')).toMatchObject({ partialView: true });
    expect(partial.text).toMatch(/Not judged \(1 rule\): partial input/);
    const complete = HardeningAudit.of(build(), { packs: ['all'], complete: true });
    expect(complete.summary).toMatchObject({ complete: true, notJudged: [] });
    expect(complete.findings.find(f => f.ruleId === 'pod-service-account-exists')).toMatchObject({ message: 'ServiceAccount "platform-runner" is not in the audit (namespace "shop")' });
    expect(complete.findings.filter(f => f.partialView)).toEqual([]);
  });

  test('enforce() names a finding judged on partial input as such', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'raw', { namespace: 'raw' });
    new ApiObject(chart, 'bad', BAD_POD as any);
    HardeningAudit.enforce(app, { packs: ['all'], failOn: Severity.HIGH });
    expect(() => app.synth()).toThrow(/pod-network-policy \(high\) Pod bad: [^\n]* \(judged on partial input: an object not in the input may change this verdict\)\. Fix: /);
  });

  test('enforce() fails synthesis with the rule, construct path and fix', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'raw', { namespace: 'raw' });
    new ApiObject(chart, 'bad', BAD_POD as any);
    HardeningAudit.enforce(app, { packs: ['pss-baseline'], failOn: Severity.HIGH });
    expect(() => app.synth()).toThrow(/\[raw\/bad\] pss-privileged \(critical\) Pod bad: .*Fix: /);
  });
});

describe('HardeningValidation (cdk8s CLI plugin)', () => {
  test('reports findings to the CLI context and fails', async () => {
    const violations: any[] = [];
    let status = '';
    const context = {
      manifests: ['/out/app.k8s.yaml'],
      parseManifest: () => [BAD_POD, null],
      report: { addViolation: (v: any) => violations.push(v), submit: (s: string) => { status = s; } },
      logger: { log: () => undefined },
    };
    await new HardeningValidation({ packs: ['pss-baseline'] }).validate(context);
    expect(status).toBe('failure');
    expect(violations).toEqual([expect.objectContaining({
      ruleName: 'pss-privileged (critical)',
      violatingResources: [{ resourceName: 'bad', manifestPath: '/out/app.k8s.yaml', locations: [expect.stringMatching(/^spec.containers\[0\].securityContext.privileged: /)] }],
    })]);
  });

  test('judges partial input unless the properties assert it complete', async () => {
    const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'team' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'web' }, maxReplicas: 3 } };
    const runWith = async (props: object) => {
      const violations: any[] = [];
      const logs: string[] = [];
      let metadata: any;
      await new HardeningValidation({ packs: ['all'], ...props }).validate({
        manifests: ['/out/app.k8s.yaml'],
        parseManifest: () => [hpa],
        report: { addViolation: (v: any) => violations.push(v), submit: (_s: string, m: any) => { metadata = m; } },
        logger: { log: (m: string) => logs.push(m) },
      });
      return { rules: violations.map(v => v.ruleName), logs: logs.join('\n'), metadata };
    };
    const partial = await runWith({});
    expect(partial.rules).not.toContain('hpa-target-exists (low)');
    expect(partial.logs).toMatch(/Not judged \(1 rule\): partial input[^\n]*\n {2}hpa-target-exists {2}1 object/);
    expect(partial.metadata).toMatchObject({ complete: 'false' });
    const complete = await runWith({ complete: true });
    expect(complete.rules).toContain('hpa-target-exists (low)');
    expect(complete.logs).not.toMatch(/Not judged/);
    expect(complete.metadata).toMatchObject({ complete: 'true' });
  });

  test('refuses an unknown failOn', () => {
    expect(() => new HardeningValidation({ failOn: 'urgent' })).toThrow(/not a severity/);
  });

  test('runs inside `cdk8s synth` from a local path, reporting construct paths', () => {
    // Inside the repo (git-ignored .tmp/) so node resolves cdk8s and tsx as it would in a user's project.
    mkdirSync(join(ROOT, '.tmp'), { recursive: true });
    const dir = mkdtempSync(join(ROOT, '.tmp', 'plugin-'));
    const plugin = join(dir, 'plugin');
    mkdirSync(plugin);
    // The plugin is loaded from the sources through tsx, as a user loads it from node_modules.
    writeFileSync(join(plugin, 'index.js'), `require('tsx/cjs');\nmodule.exports = require(${JSON.stringify(join(ROOT, 'src/index.ts'))});\n`);
    writeFileSync(join(dir, 'main.ts'), [
      "import { App, Chart, ApiObject } from 'cdk8s';",
      'const app = new App();',
      "const chart = new Chart(app, 'raw', { namespace: 'raw' });",
      `new ApiObject(chart, 'bad', ${JSON.stringify(BAD_POD)});`,
      'app.synth();',
    ].join('\n'));
    writeFileSync(join(dir, 'cdk8s.yaml'), [
      'language: typescript',
      'app: npx tsx main.ts',
      'validations:',
      `  - package: ${plugin}`,
      '    class: HardeningValidation',
      '    version: 0.0.0',
      '    properties:',
      '      packs: [pss-baseline]',
    ].join('\n'));
    let output = '';
    let failed = false;
    try {
      execFileSync(join(ROOT, 'node_modules/.bin/cdk8s'), ['synth', '--no-check-upgrade'], { cwd: dir, encoding: 'utf-8', stdio: 'pipe' });
    } catch (e: any) {
      failed = true;
      output = `${e.stdout}${e.stderr}`;
    }
    expect(failed).toBe(true);
    expect(output).toMatch(/pss-privileged \(critical\)/);
    expect(output).toMatch(/raw\/bad/);
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);
});
