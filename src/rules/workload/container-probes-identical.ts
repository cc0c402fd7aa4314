import { podRule } from '../define';
import { Severity } from '../rule';
import { mainContainers } from './containers';
import { canonicalJson } from '../../manifest/objects';

const TIMINGS = ['periodSeconds', 'initialDelaySeconds', 'timeoutSeconds', 'failureThreshold', 'successThreshold'];

/** Whether two probes are the same, whatever order their fields were written in; differing timings settle it without serializing either. */
function sameProbe(a: Record<string, unknown>, b: Record<string, unknown> | undefined): boolean {
  return b != null && TIMINGS.every(t => a[t] === b[t]) && canonicalJson(a) === canonicalJson(b);
}

/** No container uses the same probe for readiness and liveness. */
export const containerProbesIdentical = podRule({
  id: 'container-probes-identical',
  title: 'Container\'s readiness and liveness probes are identical',
  severity: Severity.LOW,
  rationale: 'Readiness answers "should this pod get traffic?", liveness "should it be restarted?". When they are the same probe, a pod that is '
    + 'briefly unready (a slow dependency, a load spike) is also restarted, and every replica can restart at once, turning a slowdown into an outage.',
  fix: 'Make the liveness probe check only that the process is alive (and give it a longer period or failure threshold); keep dependency checks '
    + 'in the readiness probe. HardenedDeployment/HardenedStatefulSet use different periods for their default probes.',
  references: {
    'kube-score': ['pod-probes-identical'],
  },
  checkPod(pod) {
    return mainContainers(pod)
      .filter(c => c.container.livenessProbe != null && sameProbe(c.container.livenessProbe, c.container.readinessProbe))
      .map(c => ({ message: `${c.label} uses the same probe for readiness and liveness`, path: `${c.path}.livenessProbe` }));
  },
});
