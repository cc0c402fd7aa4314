import { podRule } from '../define';
import { ReferenceRelation, Severity } from '../rule';

/** Every pod names a PriorityClass. */
export const podPriorityClass = podRule({
  id: 'pod-priority-class',
  title: 'Pod sets no priorityClassName',
  severity: Severity.LOW,
  rationale: 'Without a PriorityClass the scheduler treats the pod like every other one (the cluster\'s global default, often 0): under pressure '
    + 'it may be preempted or evicted before less important pods.',
  fix: 'Set spec.priorityClassName to one of the cluster\'s PriorityClasses.',
  references: {
    'polaris': ['priorityClassNotSet'],
    'kube-linter': [{
      id: 'priority-class-name',
      relation: ReferenceRelation.RELATED,
      why: 'kube-linter checks the name against a configured list of accepted classes; this rule only asks that one is named.',
    }],
  },
  checkPod(pod) {
    const name: unknown = pod.spec.priorityClassName;
    return typeof name === 'string' && name !== '' ? [] : [{ message: 'the pod names no PriorityClass', path: `${pod.path}.priorityClassName` }];
  },
});
