import { podRule } from '../define';
import { Severity } from '../rule';
import { missingResources } from './containers';

/** Every container (init containers included) sets an ephemeral-storage request and limit. */
export const containerEphemeralStorage = podRule({
  id: 'container-ephemeral-storage',
  title: 'Container has no ephemeral-storage request or limit',
  severity: Severity.LOW,
  rationale: 'Logs, emptyDir volumes and the writable layer share the node\'s disk: a container without an ephemeral-storage limit can fill it, '
    + 'and the kubelet then evicts other pods on that node.',
  fix: 'Set resources.requests and resources.limits "ephemeral-storage" on every container (the `resources.ephemeralStorage` prop of '
    + 'HardenedDeployment and siblings, or HardeningDefaults app-wide).',
  references: {
    'kube-score': ['container-ephemeral-storage-request-and-limit'],
  },
  checkPod(pod) {
    return [...missingResources(pod, 'requests', ['ephemeral-storage']), ...missingResources(pod, 'limits', ['ephemeral-storage'])];
  },
});
