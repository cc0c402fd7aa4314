import { ApiObject, App, Chart } from 'cdk8s';
import '../../src';
import { PLAINTEXT_SECRETS_GATE, provideAppGate, requireAppGate } from '../../src/core/app-gates';

describe('app gates: constructs require them, a higher layer provides them', () => {
  test('a gate required but never provided fails the synthesis instead of passing it', () => {
    const app = new App({ outdir: '/tmp/app-gates-test' });
    const chart = new Chart(app, 'c');
    requireAppGate(chart, 'never-provided');
    expect(() => app.synthYaml()).toThrow(/the never-provided gate is not loaded.*import the library from its package entry/s);
  });

  test('a provided gate runs once per synthesis however many constructs require it', () => {
    let runs = 0;
    provideAppGate('counting', () => {
      runs += 1;
      return [];
    });
    const app = new App({ outdir: '/tmp/app-gates-test' });
    for (let i = 0; i < 5; i++) requireAppGate(new Chart(app, `c${i}`), 'counting');
    app.synthYaml();
    expect(runs).toBe(1);
  });

  test('the package entry provides the plaintext-Secret gate', () => {
    const app = new App({ outdir: '/tmp/app-gates-test' });
    const chart = new Chart(app, 'c');
    requireAppGate(chart, PLAINTEXT_SECRETS_GATE);
    // The test literal is not a credential: the refusal names the object, never its value.
    new ApiObject(chart, 's', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, stringData: { note: 'not-a-secret' } });
    expect(() => app.synthYaml()).toThrow(/secret-plaintext: Secret s/);
  });
});
