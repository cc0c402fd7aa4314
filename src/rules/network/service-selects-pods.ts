import { POD_BEARING_KINDS } from '../../manifest/pod-spec';
import { objectRule } from '../define';
import { RelatedCheck, Severity } from '../rule';
import { runningPodCount, runningPodsSelectedBy } from './network-policies';

/** A Service with a selector selects at least one pod template of its namespace (judged only when the audit holds workloads there). */
export const serviceSelectsPods = objectRule({
  id: 'service-selects-pods',
  title: 'Service selects no pod of the audit',
  severity: Severity.LOW,
  related: { kinds: [...POD_BEARING_KINDS], check: RelatedCheck.DANGLING },
  rationale: 'A Service whose selector matches no pod has no endpoints: clients get connection errors, usually because of a label typo.',
  fix: 'Make spec.selector match the pod labels of the workload (HardenedDeployment and siblings create their Service with the right selector).',
  kinds: ['Service'],
  references: {
    'kube-score': ['service-targets-pod'],
    'kube-linter': ['dangling-service'],
    'kubescape': ['C-0293'],
  },
  check(object, context) {
    const selector = object.spec?.selector;
    // Without a selector (ExternalName, manually managed endpoints) there is nothing to match.
    if (selector == null || Object.keys(selector).length === 0 || object.spec?.type === 'ExternalName') return [];
    const namespace = object.metadata?.namespace;
    // Selected pods are found through the label buckets; the namespace's pod count is needed only when none is.
    if (runningPodsSelectedBy(context.index, namespace, { matchLabels: selector }).length > 0) return [];
    const count = runningPodCount(context.index, namespace);
    if (count === 0) return [];
    return [{ message: `spec.selector matches none of the ${count} pod templates in namespace "${namespace ?? '(none)'}"`, path: 'spec.selector' }];
  },
});
