import { objectRule } from '../define';
import { RelatedCheck, Severity } from '../rule';
import { autoscalerOf, REPLICATED_KINDS } from './scaling';

/** Deployments and StatefulSets run at least two pods (an HPA targeting one decides its count instead). */
export const workloadReplicas = objectRule({
  id: 'workload-replicas',
  title: 'Workload runs a single replica',
  severity: Severity.LOW,
  related: { kinds: ['HorizontalPodAutoscaler'], check: RelatedCheck.CONTEXT },
  waivedBy: ['single-replica'],
  rationale: 'With one pod, every node drain, upgrade, eviction or crash is an outage, and a rollout briefly has no ready pod if it fails.',
  fix: 'Set spec.replicas to 2 or more, or let an HPA with minReplicas ≥ 2 scale it. HardenedDeployment/HardenedStatefulSet default to 2; '
    + 'fewer needs Waiver.singleReplica.',
  kinds: [...REPLICATED_KINDS],
  references: {
    'polaris': ['deploymentMissingReplicas'],
    'kube-score': ['deployment-replicas'],
    'kube-linter': ['minimum-three-replicas'],
  },
  check(object, context) {
    if (autoscalerOf(object, context.index)) return [];
    const replicas: unknown = object.spec?.replicas;
    if (typeof replicas === 'number' && replicas >= 2) return [];
    const message = replicas === undefined
      ? `${object.kind} leaves spec.replicas unset, so it runs 1 pod, and no HorizontalPodAutoscaler targets it`
      : `${object.kind} runs ${String(replicas)} replica${replicas === 1 ? '' : 's'}`;
    return [{ message, path: 'spec.replicas' }];
  },
});
