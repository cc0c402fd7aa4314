import { podRule } from '../define';
import { Severity } from '../rule';
import { asList } from './containers';

/** The pod leaves /etc/hosts to the kubelet: no hostAliases. */
export const podHostAliases = podRule({
  id: 'pod-host-aliases',
  title: 'Pod overrides name resolution with hostAliases',
  severity: Severity.LOW,
  rationale: 'hostAliases writes entries into the pod\'s /etc/hosts, bypassing cluster DNS: names silently resolve to fixed, possibly stale '
    + 'or attacker-chosen addresses, and the mapping is invisible to DNS-based policy and monitoring.',
  fix: 'Remove hostAliases and publish the name in DNS (e.g. a Service of type ExternalName, or a headless Service with manual EndpointSlices).',
  references: {
    trivy: ['KSV-0007'],
  },
  checkPod(pod) {
    const aliases = pod.spec.hostAliases;
    if (!Array.isArray(aliases) || aliases.length === 0) return [];
    const names = aliases.flatMap((a: { hostnames?: unknown }) => asList(a?.hostnames));
    return [{ message: `pod sets hostAliases for ${names.map(n => JSON.stringify(n)).join(', ') || 'no hostnames'}`, path: `${pod.path}.hostAliases` }];
  },
});
