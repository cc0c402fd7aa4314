import { POD_BEARING_KINDS } from '../../manifest/pod-spec';
import { objectRule } from '../define';
import { RelatedCheck, Severity } from '../rule';
import { podSelectorOf, runningPodCount, runningPodsSelectedBy } from './network-policies';

/** A NetworkPolicy selects at least one pod template of its namespace (judged only when the audit holds workloads there). */
export const networkPolicySelectsPods = objectRule({
  id: 'network-policy-selects-pods',
  title: 'NetworkPolicy selects no pod of the audit',
  severity: Severity.LOW,
  related: { kinds: [...POD_BEARING_KINDS], check: RelatedCheck.DANGLING },
  rationale: 'A policy whose podSelector matches nothing protects nothing: usually a label typo, which leaves the pods it was written for '
    + 'as open as before while the manifest suggests otherwise.',
  fix: 'Make spec.podSelector match the pod labels of the workload it is for (allowFrom/allowTo of the hardened workloads derive it from the workload).',
  kinds: ['NetworkPolicy'],
  references: {
    'kube-score': ['networkpolicy-targets-pod'],
    'kube-linter': ['dangling-networkpolicy'],
    'kubescape': ['C-0299'],
  },
  check(object, context) {
    const namespace = object.metadata?.namespace;
    // Selected pods are found through the label buckets; the namespace's pod count is needed only when none is.
    if (runningPodsSelectedBy(context.index, namespace, podSelectorOf(object)).length > 0) return [];
    const count = runningPodCount(context.index, namespace);
    if (count === 0) return [];
    return [{ message: `spec.podSelector matches none of the ${count} pod templates in namespace "${namespace ?? '(none)'}"`, path: 'spec.podSelector' }];
  },
});
