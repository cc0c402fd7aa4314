import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ApiObject, App, Chart, JsonPatch, Testing, YamlOutputType } from 'cdk8s';
import { HardenedDeployment, HardeningAudit, Severity } from '../../src';
import { addAppWideValidation } from '../../src/core/synthesis-pass';
import * as synthesized from '../../src/core/synthesized-objects';
import { BAD_POD } from '../audit/fixtures';
import { appWithDefaults, IMAGE } from '../harness';

/** An App writing to a temporary folder, with `charts` empty charts; `fn` gets the App and the folder is removed after. */
function withApp(charts: number, fn: (app: App) => void): void {
  const outdir = mkdtempSync(join(tmpdir(), 'synthesis-pass-'));
  try {
    const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
    for (let i = 0; i < charts; i++) new Chart(app, `c${i}`);
    fn(app);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe('an app-wide validation runs once per synthesis, however many charts', () => {
  test.each([1, 10, 100])('%i charts: once per synth() and once per synthYaml(); a plain validation runs per chart', charts => {
    withApp(charts, app => {
      let appWide = 0;
      let plain = 0;
      addAppWideValidation(app, () => { appWide++; return []; });
      app.node.addValidation({ validate: () => { plain++; return []; } });
      app.synth();
      expect(appWide).toBe(1);
      // What cdk8s does with an ordinary validation: once for the App, then again for every chart it writes.
      expect(plain).toBe(charts + 1);
      app.synthYaml();
      expect(appWide).toBe(2);
    });
  });

  test('outside synth() (a chart\'s toJson, Testing.synth) it runs every time', () => {
    const chart = Testing.chart();
    let runs = 0;
    addAppWideValidation(chart, () => { runs++; return []; });
    Testing.synth(chart);
    Testing.synth(chart);
    expect(runs).toBe(2);
  });

  test('its errors fail the synthesis, each time', () => {
    withApp(3, app => {
      addAppWideValidation(app, () => ['the app is wrong. Fix: make it right']);
      expect(() => app.synth()).toThrow(/\[\] the app is wrong\. Fix: make it right/);
      expect(() => app.synthYaml()).toThrow(/the app is wrong/);
    });
  });

  test('a synthesis that throws ends its pass: the next one judges the app again', () => {
    withApp(2, app => {
      let fail = true;
      let runs = 0;
      addAppWideValidation(app, () => { runs++; return fail ? ['not yet. Fix: wait'] : []; });
      expect(() => app.synth()).toThrow(/not yet/);
      fail = false;
      expect(() => app.synth()).not.toThrow();
      expect(runs).toBe(2);
    });
  });
});

describe('the synth-time gates judge each synthesis, once', () => {
  test('a 50-chart app is read once per synthesis by each gate (enforce and the plaintext guard)', () => {
    const app = appWithDefaults();
    for (let i = 0; i < 50; i++) new HardenedDeployment(new Chart(app, `team-${i}`, { namespace: `team-${i}` }), 'api', { image: IMAGE, port: 8080 });
    HardeningAudit.enforce(app);
    const read = jest.spyOn(synthesized, 'synthesizedObjects');
    try {
      app.synthYaml();
      // Once for enforce, once for the guard the HardenedDeployments registered; per chart, it would be 2 × 51.
      expect(read.mock.calls.map(([scope]) => scope)).toEqual([app, app]);
    } finally {
      read.mockRestore();
    }
  });

  test('a bad object added after a clean synthesis is refused by the next one (enforce)', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'raw', { namespace: 'raw' });
    new Chart(app, 'other');
    HardeningAudit.enforce(app, { packs: ['pss-baseline'], failOn: Severity.HIGH });
    expect(() => app.synthYaml()).not.toThrow();
    new ApiObject(chart, 'bad', BAD_POD as any);
    expect(() => app.synthYaml()).toThrow(/\[raw\/bad\] pss-privileged \(critical\)/);
  });

  test('a plaintext Secret patched in after a clean synthesis is refused by the next one (plaintext guard)', () => {
    const app = appWithDefaults();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new Chart(app, 'other');
    new HardenedDeployment(chart, 'api', { image: IMAGE, port: 8080 });
    expect(() => app.synthYaml()).not.toThrow();
    const config = new ApiObject(chart, 'config', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'config' } });
    config.addJsonPatch(JsonPatch.replace('/kind', 'Secret'), JsonPatch.add('/stringData', { token: 'not-a-real-value' }));
    expect(() => app.synthYaml()).toThrow(/\[shop\/config\] secret-plaintext: Secret config/);
  });
});
