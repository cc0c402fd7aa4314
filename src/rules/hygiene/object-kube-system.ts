import { POD_BEARING_KINDS } from '../../manifest/pod-spec';
import { objectRule } from '../define';
import { Severity } from '../rule';

/** No workload of the audit runs in kube-system. */
export const objectKubeSystem = objectRule({
  id: 'object-kube-system',
  title: 'Workload runs in kube-system',
  severity: Severity.MEDIUM,
  rationale: 'kube-system holds the cluster\'s own components and their highly privileged ServiceAccounts and Secrets; an application there '
    + 'shares their trust boundary, is often exempt from admission policies, and can reach what they can.',
  fix: 'Deploy the workload into its own namespace (an IsolatedNamespace).',
  kinds: [...POD_BEARING_KINDS],
  references: {
    trivy: ['KSV-0037'],
  },
  check(object) {
    if (object.metadata?.namespace !== 'kube-system') return [];
    return [{ message: `${object.kind} is deployed into kube-system`, path: 'metadata.namespace' }];
  },
});
