import { containersOf } from '../../manifest/pod-spec';
import { Severity, Violation } from '../rule';
import { pssRule, show } from './pss-rule';

const HANDLERS = ['livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle.postStart', 'lifecycle.preStop'];
// tcpSocket is not a valid lifecycle action any more, but PSA still checks it there for objects written before.
const ACTIONS = ['httpGet', 'tcpSocket'];

/** PSA `hostProbesAndHostLifecycle` (v1.34+): probes and lifecycle hooks may only target the pod itself. */
export const hostProbesAndHostLifecycle = pssRule({
  id: 'pss-host-probes-and-host-lifecycle',
  checkId: 'hostProbesAndHostLifecycle',
  level: 'baseline',
  minMinor: 34,
  title: 'Probe or lifecycle hook targets another host',
  severity: Severity.MEDIUM,
  rationale: 'The kubelet runs probes and HTTP/TCP hooks from the node; a host field turns it into a proxy that reaches addresses '
    + 'the pod itself could not, such as node-local services or the cloud metadata endpoint.',
  fix: 'Remove the host field from httpGet and tcpSocket probes and lifecycle hooks, so they target the pod IP.',
  references: {},
  checkPod(pod) {
    const violations: Violation[] = [];
    for (const c of containersOf(pod)) {
      for (const handler of HANDLERS) {
        const [first, second] = handler.split('.');
        const settings = second ? c.container[first]?.[second] : c.container[first];
        for (const action of ACTIONS) {
          const host = settings?.[action]?.host;
          if (host == null || host === '') continue;
          violations.push({
            message: `${c.label} sets ${handler}.${action}.host=${show(host)}`,
            path: `${c.path}.${handler}.${action}.host`,
          });
        }
      }
    }
    return violations;
  },
});
