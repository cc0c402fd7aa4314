import { objectRule } from '../define';
import { Severity } from '../rule';

/** A Service sets no externalIPs. */
export const serviceExternalIps = objectRule({
  id: 'service-external-ips',
  title: 'Service sets externalIPs',
  severity: Severity.HIGH,
  rationale: 'Any IP in externalIPs is routed to the Service by every node, with no check that the IP is the user\'s: a Service can '
    + 'intercept traffic meant for another address (CVE-2020-8554, unfixed by design).',
  fix: 'Remove spec.externalIPs; use a LoadBalancer or Ingress, and block the field cluster-wide with the DenyServiceExternalIPs admission plugin.',
  kinds: ['Service'],
  references: {
    trivy: ['KSV-0108'],
  },
  check(object) {
    const ips = object.spec?.externalIPs;
    if (!Array.isArray(ips) || ips.length === 0) return [];
    return [{ message: `Service sets externalIPs ${ips.map(ip => JSON.stringify(ip)).join(', ')}`, path: 'spec.externalIPs' }];
  },
});
