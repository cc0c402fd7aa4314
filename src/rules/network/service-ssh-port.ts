import { objectRule } from '../define';
import { Severity } from '../rule';
import { asList } from '../workload/containers';

/** A Service exposes neither port 22 nor a target port 22 (SSH). */
export const serviceSshPort = objectRule({
  id: 'service-ssh-port',
  title: 'Service exposes SSH (port 22)',
  severity: Severity.MEDIUM,
  rationale: 'An SSH server in a container is a second, unaudited way in, with its own credentials to steal or brute-force; '
    + 'containers are operated through the API (kubectl exec, logs), not SSH.',
  fix: 'Remove the SSH server and the port; use kubectl exec or debug containers, governed by RBAC and audit logs.',
  kinds: ['Service'],
  references: {
    'kube-linter': ['ssh-port'],
    'kubescape': ['C-0042'],
  },
  check(object) {
    const ports: Array<{ port?: unknown; targetPort?: unknown }> = asList(object.spec?.ports);
    return ports.flatMap((p, i) => {
      const field = p?.port === 22 ? 'port' : p?.targetPort === 22 || p?.targetPort === '22' ? 'targetPort' : undefined;
      return field ? [{ message: `Service ${field} 22 exposes SSH`, path: `spec.ports[${i}].${field}` }] : [];
    });
  },
});
