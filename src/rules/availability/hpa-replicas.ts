import { objectRule } from '../define';
import { Severity, Violation } from '../rule';

/** An HPA keeps at least two replicas and can scale above its minimum. */
export const hpaReplicas = objectRule({
  id: 'hpa-replicas',
  title: 'HorizontalPodAutoscaler allows a single replica or cannot scale',
  severity: Severity.LOW,
  rationale: 'An HPA with minReplicas 1 scales the workload down to one pod, which is then a single point of failure; one whose maxReplicas '
    + 'equals minReplicas never scales.',
  fix: 'Set minReplicas to 2 or more and maxReplicas above it.',
  kinds: ['HorizontalPodAutoscaler'],
  references: {
    'polaris': ['hpaMinAvailability', 'hpaMaxAvailability'],
    'kube-score': ['horizontalpodautoscaler-replicas'],
    'kube-linter': ['hpa-minimum-three-replicas'],
  },
  check(object) {
    const min: unknown = object.spec?.minReplicas ?? 1;
    const max: unknown = object.spec?.maxReplicas;
    const violations: Violation[] = [];
    if (typeof min === 'number' && min < 2) {
      violations.push({
        message: `HorizontalPodAutoscaler ${object.spec?.minReplicas === undefined ? 'leaves minReplicas unset (1)' : `sets minReplicas=${min}`}, so it can scale to one pod`,
        path: 'spec.minReplicas',
      });
    }
    if (typeof min === 'number' && typeof max === 'number' && max <= min) {
      violations.push({ message: `HorizontalPodAutoscaler sets maxReplicas=${max}, not above minReplicas=${min}, so it never scales`, path: 'spec.maxReplicas' });
    }
    return violations;
  },
});
