import { podRule } from '../define';
import { Severity } from '../rule';
import { asList, podContainers } from './containers';

/** No container listens on a privileged port (below 1024). */
export const containerPrivilegedPort = podRule({
  id: 'container-privileged-port',
  title: 'Container declares a privileged port (below 1024)',
  severity: Severity.MEDIUM,
  rationale: 'Binding a port below 1024 needs root or the NET_BIND_SERVICE capability, so an app on such a port usually runs with more '
    + 'privilege than it needs. Inside a pod any port works: a Service can still expose 80 or 443 by mapping to a high targetPort.',
  fix: 'Listen on a port of 1024 or more (e.g. 8080 or 8443) and map the well-known port in the Service\'s port/targetPort.',
  references: {
    'kube-linter': ['privileged-ports'],
    'trivy': ['KSV-0117'],
  },
  checkPod(pod) {
    return podContainers(pod).flatMap(c => asList(c.container.ports).flatMap((p: { containerPort?: unknown }, i: number) =>
      typeof p?.containerPort === 'number' && p.containerPort < 1024
        ? [{ message: `${c.label} declares privileged port ${p.containerPort}`, path: `${c.path}.ports[${i}].containerPort` }]
        : []));
  },
});
