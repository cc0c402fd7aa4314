import { objectRule } from '../define';
import { Severity, Violation } from '../rule';
import { asList } from '../workload/containers';

/** Whether a TLS host entry covers `host`: the same name, or a `*.` wildcard for exactly one more label. */
function covers(tlsHost: string, host: string): boolean {
  if (tlsHost === host) return true;
  return tlsHost.startsWith('*.') && host.endsWith(tlsHost.slice(1)) && !host.slice(0, -tlsHost.length + 1).includes('.');
}

/** An Ingress terminates TLS for every host it routes. */
export const ingressTls = objectRule({
  id: 'ingress-tls',
  title: 'Ingress serves a host without TLS',
  severity: Severity.MEDIUM,
  rationale: 'Without TLS, requests and responses (credentials, session cookies, data) cross the network in clear text and can be read or altered.',
  fix: 'Add spec.tls with a certificate Secret listing every host of spec.rules (e.g. issued by cert-manager).',
  kinds: ['Ingress'],
  references: {
    polaris: ['tlsSettingsMissing'],
    kubescape: ['C-0263'],
  },
  check(object) {
    const tls: Array<{ hosts?: unknown }> = asList(object.spec?.tls);
    if (tls.length === 0) return [{ message: 'Ingress has no spec.tls, so it serves plain HTTP', path: 'spec.tls' }];
    const tlsHosts = tls.flatMap(t => asList(t?.hosts).filter((h: unknown): h is string => typeof h === 'string'));
    const rules: Array<{ host?: unknown }> = asList(object.spec?.rules);
    return rules.flatMap((rule, i): Violation[] => typeof rule?.host !== 'string' || tlsHosts.some(h => covers(h, rule.host as string)) ? [] : [{
      message: `host "${rule.host}" is not listed in spec.tls, so it is served without TLS`,
      path: `spec.rules[${i}].host`,
    }]);
  },
});
