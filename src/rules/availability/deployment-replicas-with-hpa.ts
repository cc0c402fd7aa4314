import { objectRule } from '../define';
import { RelatedCheck, Severity } from '../rule';
import { autoscalerOf } from './scaling';

/** A Deployment an HPA scales leaves spec.replicas unset. */
export const deploymentReplicasWithHpa = objectRule({
  id: 'deployment-replicas-with-hpa',
  title: 'Deployment sets replicas although an HPA scales it',
  severity: Severity.LOW,
  related: { kinds: ['HorizontalPodAutoscaler'], check: RelatedCheck.CONTEXT },
  rationale: 'Every apply resets spec.replicas to the manifest\'s value, undoing the autoscaler: a deploy during a traffic peak can scale '
    + 'the workload down abruptly.',
  fix: 'Remove spec.replicas and let the HorizontalPodAutoscaler own the count.',
  kinds: ['Deployment'],
  references: {
    'kube-score': ['deployment-targeted-by-hpa-does-not-have-replicas-configured'],
  },
  check(object, context) {
    if (object.spec?.replicas === undefined) return [];
    const hpa = autoscalerOf(object, context.index);
    if (!hpa) return [];
    return [{ message: `Deployment sets spec.replicas=${String(object.spec.replicas)} but HorizontalPodAutoscaler "${hpa.metadata?.name}" scales it`, path: 'spec.replicas' }];
  },
});
