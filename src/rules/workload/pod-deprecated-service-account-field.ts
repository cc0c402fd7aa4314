import { podRule } from '../define';
import { Severity } from '../rule';

/** The pod names its ServiceAccount with `serviceAccountName`, not the deprecated `serviceAccount`. */
export const podDeprecatedServiceAccountField = podRule({
  id: 'pod-deprecated-service-account-field',
  title: 'Pod uses the deprecated serviceAccount field',
  severity: Severity.LOW,
  rationale: '`serviceAccount` is a deprecated alias of `serviceAccountName`; tools and policies that read only the current field misjudge '
    + 'which identity the pod runs as.',
  fix: 'Rename spec.serviceAccount to spec.serviceAccountName.',
  references: {
    'kube-linter': ['deprecated-service-account-field'],
    'kubescape': ['C-0294'],
  },
  checkPod(pod) {
    const name = pod.spec.serviceAccount;
    if (name === undefined || name === '') return [];
    return [{ message: `pod sets the deprecated serviceAccount field ("${String(name)}"); use serviceAccountName`, path: `${pod.path}.serviceAccount` }];
  },
});
