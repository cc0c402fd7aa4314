import { objectRule } from '../define';
import { Severity } from '../rule';

const ENFORCE = 'pod-security.kubernetes.io/enforce';

/** A Namespace enforces the baseline or restricted Pod Security Standard. */
export const namespacePssLabels = objectRule({
  id: 'namespace-pss-labels',
  title: 'Namespace does not enforce a Pod Security Standard',
  severity: Severity.MEDIUM,
  rationale: 'Pod Security Admission enforces a level only in namespaces labelled for it; without the label (or at "privileged") any pod '
    + 'is admitted there, including privileged pods and pods mounting the node\'s filesystem.',
  fix: `Label the Namespace ${ENFORCE}: restricted (or baseline where restricted cannot be met); IsolatedNamespace sets it.`,
  kinds: ['Namespace'],
  references: {
    cis: ['5.2.1'],
    kubescape: ['C-0192'],
  },
  check(object) {
    const level = object.metadata?.labels?.[ENFORCE];
    if (level === 'baseline' || level === 'restricted') return [];
    const message = level === undefined ? `Namespace has no ${ENFORCE} label` : `Namespace sets ${ENFORCE}=${JSON.stringify(level)}, which enforces nothing`;
    return [{ message, path: `metadata.labels[${JSON.stringify(ENFORCE)}]` }];
  },
});
