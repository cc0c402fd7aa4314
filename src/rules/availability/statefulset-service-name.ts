import { objectRule } from '../define';
import { RelatedCheck, Severity } from '../rule';

/** A StatefulSet names its governing Service, and that headless Service is part of the audit. */
export const statefulsetServiceName = objectRule({
  id: 'statefulset-service-name',
  title: 'StatefulSet has no headless governing Service',
  severity: Severity.LOW,
  related: { kinds: ['Service'], check: RelatedCheck.CONTEXT },
  rationale: 'A StatefulSet\'s pods get their stable DNS names (pod-0.service) from a headless Service named in serviceName; without it, '
    + 'peers cannot find each other by name.',
  fix: 'Set spec.serviceName and deploy a Service of that name with clusterIP: None in the same namespace (HardenedStatefulSet creates it).',
  kinds: ['StatefulSet'],
  references: {
    'kube-score': ['statefulset-has-servicename'],
  },
  check(object, context) {
    const name: unknown = object.spec?.serviceName;
    if (typeof name !== 'string' || name === '') return [{ message: 'StatefulSet sets no spec.serviceName', path: 'spec.serviceName' }];
    const namespace = object.metadata?.namespace;
    const service = context.index.find('Service', namespace, name);
    if (!service) return [{ message: `Service "${name}" is not in the audit (namespace "${namespace ?? '(none)'}")`, path: 'spec.serviceName' }];
    if (service.spec?.clusterIP !== 'None') return [{ message: `Service "${name}" is not headless (clusterIP is not "None")`, path: 'spec.serviceName' }];
    return [];
  },
});
