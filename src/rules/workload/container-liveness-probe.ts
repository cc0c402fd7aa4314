import { podRule } from '../define';
import { Severity } from '../rule';
import { LONG_RUNNING_KINDS, missingProbe } from './containers';

/** Every app container of a long-running workload (a controller, or a bare Pod with restartPolicy Always) has a liveness probe. */
export const containerLivenessProbe = podRule({
  id: 'container-liveness-probe',
  title: 'Long-running container has no liveness probe',
  severity: Severity.LOW,
  waivedBy: ['no-probes'],
  rationale: 'Without a liveness probe a deadlocked or hung process keeps its pod "running" forever: the kubelet never restarts it, '
    + 'and the workload silently loses capacity.',
  fix: 'Add a livenessProbe to every container (the `liveness` prop of HardenedDeployment/HardenedStatefulSet; their default is a TCP probe '
    + 'of the first port; Waiver.noProbes records an exception).',
  kinds: [...LONG_RUNNING_KINDS],
  references: {
    'polaris': ['livenessProbeMissing'],
    'kube-score': ['pod-probes'],
    'kube-linter': ['no-liveness-probe'],
    'checkov': ['CKV_K8S_8'],
    'kubescape': ['C-0056'],
  },
  checkPod(pod) {
    return missingProbe(pod, 'livenessProbe');
  },
});
