import { podRule } from '../define';
import { Severity } from '../rule';
import { LONG_RUNNING_KINDS, missingProbe } from './containers';

/** Every app container of a long-running workload (a controller, or a bare Pod with restartPolicy Always) has a readiness probe. */
export const containerReadinessProbe = podRule({
  id: 'container-readiness-probe',
  title: 'Long-running container has no readiness probe',
  severity: Severity.LOW,
  waivedBy: ['no-probes'],
  rationale: 'Without a readiness probe a pod receives traffic as soon as its process starts, before it can serve, and keeps receiving it '
    + 'when it cannot; rollouts then proceed over pods that do not work.',
  fix: 'Add a readinessProbe to every container (the `readiness` prop of HardenedDeployment/HardenedStatefulSet; their default is a TCP probe '
    + 'of the first port; Waiver.noProbes records an exception).',
  kinds: [...LONG_RUNNING_KINDS],
  references: {
    'polaris': ['readinessProbeMissing'],
    'kube-score': ['pod-probes'],
    'kube-linter': ['no-readiness-probe'],
    'checkov': ['CKV_K8S_9'],
    'kubescape': ['C-0018'],
  },
  checkPod(pod) {
    return missingProbe(pod, 'readinessProbe');
  },
});
