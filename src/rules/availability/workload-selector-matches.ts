import { matchesSelector, PlainLabelSelector } from '../../manifest/label-selector';
import { podTemplateOf } from '../../manifest/pod-spec';
import { objectRule } from '../define';
import { Severity } from '../rule';

/** A controller's selector matches the labels of its own pod template. */
export const workloadSelectorMatches = objectRule({
  id: 'workload-selector-matches',
  title: 'Workload selector does not match its pod template labels',
  severity: Severity.LOW,
  rationale: 'A controller whose selector does not match its template cannot find the pods it creates: the API server rejects it, '
    + 'or (for older kinds) it creates pods without end.',
  fix: 'Make spec.selector select the labels in spec.template.metadata.labels (HardenedDeployment and siblings derive both from the same labels).',
  kinds: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController'],
  references: {
    'kube-score': ['deployment-pod-selector-labels-match-template-metadata-labels', 'statefulset-pod-selector-labels-match-template-metadata-labels'],
    'kube-linter': ['mismatching-selector'],
    'kubescape': ['C-0296'],
  },
  check(object) {
    const pod = podTemplateOf(object);
    if (!pod) return [];
    const raw = object.spec?.selector;
    // A ReplicationController's selector is a plain map, and an absent one defaults to the template's labels.
    if (object.kind === 'ReplicationController' && raw == null) return [];
    if (raw == null) return [{ message: `${object.kind} has no spec.selector`, path: 'spec.selector' }];
    const selector: PlainLabelSelector = object.kind === 'ReplicationController' ? { matchLabels: raw } : raw;
    if (matchesSelector(selector, pod.metadata.labels)) return [];
    return [{ message: `spec.selector does not match the labels of ${pod.metadataPath}`, path: 'spec.selector' }];
  },
});
