import { podTemplateOf } from '../../manifest/pod-spec';
import { objectRule } from '../define';
import { ReferenceRelation, RelatedCheck, Severity } from '../rule';
import { minimumReplicas, REPLICATED_KINDS } from './scaling';

/** A replicated Deployment or StatefulSet spreads its pods over nodes, with topology spread constraints or pod anti-affinity. */
export const workloadTopologySpread = objectRule({
  id: 'workload-topology-spread',
  title: 'Replicated workload does not spread its pods',
  severity: Severity.LOW,
  related: { kinds: ['HorizontalPodAutoscaler'], check: RelatedCheck.CONTEXT },
  waivedBy: ['single-replica'],
  rationale: 'Without a spread rule the scheduler may put every replica on one node or in one zone, so a single node or zone failure takes '
    + 'them all down and the replicas protect nothing.',
  fix: 'Add topologySpreadConstraints over kubernetes.io/hostname (and topology.kubernetes.io/zone), or a podAntiAffinity. '
    + 'HardenedDeployment/HardenedStatefulSet add both spread constraints.',
  kinds: [...REPLICATED_KINDS],
  references: {
    'polaris': [{ id: 'topologySpreadConstraint', relation: ReferenceRelation.NARROWER, why: 'Polaris fails every workload without topologySpreadConstraints; this rule judges only workloads that run two or more replicas (replicas unset is one), and accepts a podAntiAffinity instead.' }],
    'kube-score': ['deployment-has-host-podantiaffinity', 'statefulset-has-host-podantiaffinity', 'pod-topology-spread-constraints'],
    'kube-linter': ['no-anti-affinity'],
  },
  check(object, context) {
    const pod = podTemplateOf(object);
    if (!pod || minimumReplicas(object, context.index) < 2) return [];
    const spread = pod.spec.topologySpreadConstraints;
    if ((Array.isArray(spread) && spread.length > 0) || pod.spec.affinity?.podAntiAffinity != null) return [];
    return [{
      message: `${object.kind} runs several replicas but sets neither topologySpreadConstraints nor podAntiAffinity`,
      path: `${pod.path}.topologySpreadConstraints`,
    }];
  },
});
