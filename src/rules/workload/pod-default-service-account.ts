import { podRule } from '../define';
import { Severity } from '../rule';
import { serviceAccountOf } from './containers';

/** The pod runs as a ServiceAccount of its own, not the namespace's `default`. */
export const podDefaultServiceAccount = podRule({
  id: 'pod-default-service-account',
  title: 'Pod runs as the namespace\'s default ServiceAccount',
  severity: Severity.MEDIUM,
  rationale: 'Every pod that names no ServiceAccount shares `default`: a permission granted to one of them is granted to all, '
    + 'and RBAC cannot tell them apart in audit logs.',
  fix: 'Give each workload its own ServiceAccount in serviceAccountName (HardenedDeployment and siblings create one per workload).',
  references: {
    'cis': ['5.1.5'],
    'kube-linter': ['default-service-account'],
    'kubescape': ['C-0189'],
  },
  checkPod(pod) {
    if (serviceAccountOf(pod) !== 'default') return [];
    const named = pod.spec.serviceAccountName === 'default' || pod.spec.serviceAccount === 'default';
    return [{
      message: named ? 'pod runs as the "default" ServiceAccount' : 'pod names no ServiceAccount, so it runs as "default"',
      path: `${pod.path}.serviceAccountName`,
    }];
  },
});
