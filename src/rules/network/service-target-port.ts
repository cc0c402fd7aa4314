import { POD_BEARING_KINDS, podTemplateOf } from '../../manifest/pod-spec';
import { objectRule } from '../define';
import { RelatedCheck, Severity } from '../rule';
import { runningPodsSelectedBy } from './network-policies';
import { asList, podContainers } from '../workload/containers';

/** A named targetPort of a Service is a named container port of the pods it selects (judged when the audit holds them). */
export const serviceTargetPort = objectRule({
  id: 'service-target-port',
  title: 'Service targets a port name its pods do not declare',
  severity: Severity.LOW,
  related: { kinds: [...POD_BEARING_KINDS], check: RelatedCheck.CONTEXT },
  rationale: 'A named targetPort resolves against the pods\' container port names; when no selected pod declares it, the Service has no '
    + 'working endpoints for that port.',
  fix: 'Name the container port as the Service\'s targetPort (HardenedDeployment and siblings name both from the same port).',
  kinds: ['Service'],
  references: {
    'kube-score': ['container-ports-check'],
    'kube-linter': ['invalid-target-ports'],
  },
  check(object, context) {
    const selector = object.spec?.selector;
    if (selector == null || Object.keys(selector).length === 0) return [];
    const selected = runningPodsSelectedBy(context.index, object.metadata?.namespace, { matchLabels: selector });
    if (selected.length === 0) return [];
    const containers = selected.flatMap(p => {
      const pod = podTemplateOf(p.object);
      return pod ? podContainers(pod) : [];
    });
    const names = new Set(containers.flatMap(c => asList(c.container.ports).map((port: { name?: unknown }) => port?.name)));
    const ports: Array<{ targetPort?: unknown }> = asList(object.spec?.ports);
    return ports.flatMap((p, i) => typeof p?.targetPort !== 'string' || /^\d+$/.test(p.targetPort) || names.has(p.targetPort) ? [] : [{
      message: `targetPort "${p.targetPort}" is not a named container port of the ${selected.length} selected pod templates`,
      path: `spec.ports[${i}].targetPort`,
    }]);
  },
});
