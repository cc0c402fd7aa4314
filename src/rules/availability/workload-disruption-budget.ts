import { podTemplateOf } from '../../manifest/pod-spec';
import { objectRule } from '../define';
import { ReferenceRelation, RelatedCheck, Severity } from '../rule';
import { minimumReplicas, REPLICATED_KINDS } from './scaling';

/** A replicated Deployment or StatefulSet has a PodDisruptionBudget selecting its pods. */
export const workloadDisruptionBudget = objectRule({
  id: 'workload-disruption-budget',
  title: 'Replicated workload has no PodDisruptionBudget',
  severity: Severity.LOW,
  related: { kinds: ['PodDisruptionBudget', 'HorizontalPodAutoscaler'], check: RelatedCheck.CONTEXT },
  rationale: 'Without a PodDisruptionBudget, a node drain or cluster upgrade may evict every replica at once, turning routine maintenance into an outage.',
  fix: 'Add a PodDisruptionBudget in the same namespace whose selector matches the pod labels, with maxUnavailable: 1 (HardenedDeployment/'
    + 'HardenedStatefulSet create one; set maxUnavailable to tune it).',
  kinds: [...REPLICATED_KINDS],
  references: {
    'polaris': [{ id: 'missingPodDisruptionBudget', relation: ReferenceRelation.NARROWER, why: 'Polaris fails every Deployment and StatefulSet without a selecting budget; this rule judges only workloads that run two or more replicas (replicas unset is one), where a budget can keep one running through a drain.' }],
    'kube-score': ['deployment-has-poddisruptionbudget', 'statefulset-has-poddisruptionbudget'],
  },
  check(object, context) {
    const pod = podTemplateOf(object);
    if (!pod || minimumReplicas(object, context.index) < 2) return [];
    // A budget without a selector selects nothing.
    const budgets = context.index.selecting('PodDisruptionBudget', 'spec.selector', pdb => pdb.spec?.selector ?? undefined, object.metadata?.namespace, pod.metadata.labels);
    if (budgets.length > 0) return [];
    return [{
      message: `no PodDisruptionBudget in namespace "${object.metadata?.namespace ?? '(none)'}" selects the pods of ${object.kind} "${object.metadata?.name}"`,
      path: `${pod.metadataPath}.labels`,
    }];
  },
});
