import { podRule } from '../define';
import { RelatedCheck, Severity } from '../rule';
import { serviceAccountOf } from './containers';

/** The ServiceAccount a pod names (other than `default`) is part of the audit, in the pod's namespace. */
export const podServiceAccountExists = podRule({
  id: 'pod-service-account-exists',
  title: 'Pod names a ServiceAccount that is not in the audit',
  severity: Severity.LOW,
  related: { kinds: ['ServiceAccount'], check: RelatedCheck.DANGLING },
  rationale: 'A pod whose ServiceAccount does not exist is never created, and one that exists but is managed elsewhere carries settings '
    + '(token automount, image pull secrets, RBAC) this audit cannot check.',
  fix: 'Deploy the ServiceAccount with the workload, in the same namespace (HardenedDeployment and siblings create it unless you pass serviceAccount).',
  references: {
    'kube-linter': ['non-existent-service-account'],
    'kubescape': ['C-0307'],
  },
  checkPod(pod, object, context) {
    const name = serviceAccountOf(pod);
    const namespace = object.metadata?.namespace;
    if (name === 'default' || context.index.find('ServiceAccount', namespace, name)) return [];
    const field = pod.spec.serviceAccountName ? 'serviceAccountName' : 'serviceAccount';
    return [{ message: `ServiceAccount "${name}" is not in the audit (namespace "${namespace ?? '(none)'}")`, path: `${pod.path}.${field}` }];
  },
});
