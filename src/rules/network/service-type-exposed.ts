import { objectRule } from '../define';
import { Severity } from '../rule';

/** A Service is not exposed outside the cluster as a NodePort or LoadBalancer. */
export const serviceTypeExposed = objectRule({
  id: 'service-type-exposed',
  title: 'Service is exposed outside the cluster (NodePort or LoadBalancer)',
  severity: Severity.MEDIUM,
  rationale: 'A NodePort opens the port on every node, and a LoadBalancer usually on the internet, bypassing the Ingress where TLS, '
    + 'authentication and rate limits are applied; the backing pods become directly reachable.',
  fix: 'Use type ClusterIP behind an Ingress or Gateway with TLS. If external exposure is intended, restrict loadBalancerSourceRanges and '
    + 'suppress the finding with a justification.',
  kinds: ['Service'],
  references: {
    'kube-score': ['service-type'],
    'kube-linter': ['exposed-services'],
    'kubescape': ['C-0256', 'C-0266'],
  },
  check(object) {
    const type = object.spec?.type;
    if (type !== 'NodePort' && type !== 'LoadBalancer') return [];
    return [{ message: `Service is of type ${type}, reachable from outside the cluster`, path: 'spec.type' }];
  },
});
