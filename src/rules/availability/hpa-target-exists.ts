import { objectRule } from '../define';
import { RelatedCheck, Severity } from '../rule';

/** The object an HPA scales is part of the audit, in the HPA's namespace. */
export const hpaTargetExists = objectRule({
  id: 'hpa-target-exists',
  title: 'HorizontalPodAutoscaler targets an object that is not in the audit',
  severity: Severity.LOW,
  related: { kinds: ['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController'], check: RelatedCheck.DANGLING },
  rationale: 'An HPA whose scaleTargetRef names no object does nothing: the workload it was meant for runs at a fixed size, usually because '
    + 'of a typo or a renamed workload.',
  fix: 'Point spec.scaleTargetRef at the workload\'s kind and name, in the same namespace.',
  kinds: ['HorizontalPodAutoscaler'],
  references: {
    'kube-score': ['horizontalpodautoscaler-has-target'],
    'kube-linter': ['dangling-horizontalpodautoscaler'],
    'kubescape': ['C-0300'],
  },
  check(object, context) {
    const target = object.spec?.scaleTargetRef ?? {};
    const namespace = object.metadata?.namespace;
    if (context.index.find(String(target.kind), namespace, target.name)) return [];
    return [{
      message: `scale target ${String(target.kind)} "${String(target.name)}" is not in the audit (namespace "${namespace ?? '(none)'}")`,
      path: 'spec.scaleTargetRef',
    }];
  },
});
