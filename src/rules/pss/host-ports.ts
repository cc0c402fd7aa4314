import { containersOf } from '../../manifest/pod-spec';
import { Severity, Violation } from '../rule';
import { pssRule } from './pss-rule';

/** PSA `hostPorts`: no container port may be bound on the node. */
export const hostPorts = pssRule({
  id: 'pss-host-ports',
  checkId: 'hostPorts',
  level: 'baseline',
  minMinor: 0,
  title: 'Container binds a port on the node (hostPort)',
  severity: Severity.MEDIUM,
  waivedBy: ['host-network'],
  rationale: 'A hostPort exposes the container on the node\'s own address, bypassing Services and most NetworkPolicy implementations, '
    + 'and pins the pod to nodes where the port is free.',
  fix: 'Remove hostPort from the container ports and expose the pod through a Service.',
  references: {
    cis: ['5.2.13'],
    nsa: ['C-0044'],
    polaris: ['hostPortSet'],
    checkov: ['CKV_K8S_26'],
    kubescape: ['C-0044'],
    trivy: ['KSV-0024'],
  },
  checkPod(pod) {
    const violations: Violation[] = [];
    for (const c of containersOf(pod)) {
      const ports: unknown = c.container.ports;
      if (!Array.isArray(ports)) continue;
      ports.forEach((port, i) => {
        // 0 is the API's "unset".
        if (port?.hostPort == null || port.hostPort === 0) return;
        violations.push({ message: `${c.label} sets ports[${i}].hostPort=${port.hostPort}`, path: `${c.path}.ports[${i}].hostPort` });
      });
    }
    return violations;
  },
});
