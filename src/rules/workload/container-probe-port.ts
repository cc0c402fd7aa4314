import { podRule } from '../define';
import { Severity } from '../rule';
import { asList, podContainers, PROBES } from './containers';

const HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;

/** Every probe targets a port its container declares, by number or by name. */
export const containerProbePort = podRule({
  id: 'container-probe-port',
  title: 'Probe targets a port the container does not declare',
  severity: Severity.LOW,
  rationale: 'A probe on a named port the container does not declare always fails, so the pod never becomes ready or is restarted in a loop; '
    + 'a numeric port that is not declared usually means the probe checks something other than what the container serves.',
  fix: 'Point the probe at a declared containerPort, preferably by its name. HardenedDeployment/HardenedStatefulSet derive their default probes '
    + 'from a declared port.',
  references: {
    'kube-linter': ['liveness-port', 'readiness-port', 'startup-port'],
  },
  checkPod(pod) {
    return podContainers(pod).flatMap(c => {
      const ports: Array<{ containerPort?: unknown; name?: unknown }> = asList(c.container.ports);
      return PROBES.flatMap(probe => HANDLERS.flatMap(handler => {
        const port: unknown = c.container[probe]?.[handler]?.port;
        if (port === undefined) return [];
        const declared = typeof port === 'string' ? ports.some(p => p.name === port) : ports.some(p => p.containerPort === port);
        if (declared) return [];
        return [{
          message: `${c.label}'s ${probe} targets ${typeof port === 'string' ? `port name "${port}"` : `port ${String(port)}`}, which the container does not declare`,
          path: `${c.path}.${probe}.${handler}.port`,
        }];
      }));
    });
  },
});
