/** A Pod Security Standards pin older than the library's minimum target needs a justification, recorded on the Namespace. */
import { Chart } from 'cdk8s';
import { IsolatedNamespace, IsolatedNamespaceProps, PodSecurityLevel } from '../../src';
import { oldPssVersionProblem } from '../../src/detectors/pss-version';
import { appWithDefaults, expectRefused, synthObjects } from '../harness';

const WHY = 'cluster pinned by the vendor appliance until its 2026 upgrade';
const build = (props: Partial<IsolatedNamespaceProps>) => {
  const chart = new Chart(appWithDefaults(), 'platform');
  new IsolatedNamespace(chart, 'payments', { name: 'payments', ...props });
  return synthObjects(chart).find(o => o.kind === 'Namespace');
};

describe('podSecurity.version', () => {
  test.each<[string, Partial<IsolatedNamespaceProps>, string, RegExp]>([
    ['v1.0, where restricted skips most checks', { podSecurity: { version: 'v1.0' } }, 'podSecurity.version', /"v1\.0" is older than v1\.30.*allowPrivilegeEscalation.*runAsUser must not be 0.*Fix: pin v1\.30 or later/],
    ['v1.22, before runAsUser', { podSecurity: { version: 'v1.22' } }, 'podSecurity.version', /runAsUser must not be 0 \(from v1\.23\)/],
    ['v1.29, one below the minimum', { podSecurity: { version: 'v1.29' } }, 'podSecurity.version', /older than v1\.30.*miss later fixes/],
    ['an old pin at baseline without a justification', { podSecurity: { level: PodSecurityLevel.BASELINE, version: 'v1.10' } }, 'podSecurity.version', /older than v1\.30/],
    ['an old pin with a placeholder justification', { podSecurity: { version: 'v1.0', justification: 'legacy' } }, 'podSecurity.justification', /at least 10 meaningful/],
    ['a justification at a current version and restricted', { podSecurity: { version: 'v1.30', justification: WHY } }, 'podSecurity.justification', /nothing is relaxed/],
  ])('refuses %s', (_name, props, prop, problem) => {
    expectRefused(() => build(props), 'platform/payments', prop, problem);
  });

  test.each<[string, Partial<IsolatedNamespaceProps>]>([
    ['the default pin', {}],
    ['the minimum target', { podSecurity: { version: 'v1.30' } }],
    ['a newer pin', { podSecurity: { version: 'v1.37' } }],
  ])('accepts %s without a justification', (_name, props) => {
    expect(build(props).metadata.annotations).toBeUndefined();
  });

  test('a justified old pin is recorded with what it relaxes', () => {
    expect(build({ podSecurity: { version: 'v1.25', justification: WHY } }).metadata.annotations)
      .toEqual({ 'waiver.cdk8s-hardening.dev/pod-security': `standards v1.25: ${WHY}` });
    expect(build({ podSecurity: { level: PodSecurityLevel.BASELINE, version: 'v1.25', justification: WHY } }).metadata.annotations)
      .toEqual({ 'waiver.cdk8s-hardening.dev/pod-security': `enforce baseline, standards v1.25: ${WHY}` });
  });

  test.each<[unknown, boolean]>([
    ['v1.0', true], ['v1.29', true], ['v1.30', false], ['v1.37', false], ['latest', false], [undefined, false], ['1.20', false], [20, false],
  ])('oldPssVersionProblem(%j) reports: %s', (version, old) => {
    expect(oldPssVersionProblem(version) !== undefined).toBe(old);
  });
});
