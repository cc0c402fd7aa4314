import { containersOf } from '../../manifest/pod-spec';
import { Severity } from '../rule';
import { isWindowsPod, pssRule, show } from './pss-rule';

/** PSA `allowPrivilegeEscalation` (v1.8+): every container must set allowPrivilegeEscalation=false (Linux pods, from v1.25). */
export const allowPrivilegeEscalation = pssRule({
  id: 'pss-allow-privilege-escalation',
  checkId: 'allowPrivilegeEscalation',
  level: 'restricted',
  minMinor: 8,
  title: 'Container does not set allowPrivilegeEscalation=false',
  severity: Severity.MEDIUM,
  waivedBy: ['privileged', 'privilege-escalation'],
  rationale: 'Unless no_new_privs is set, a process can gain privileges through set-user-ID or set-group-ID binaries and file capabilities; '
    + 'allowPrivilegeEscalation defaults to true.',
  fix: 'Set securityContext.allowPrivilegeEscalation: false on every container, init container and ephemeral container.',
  references: {
    'cis': ['5.2.6'],
    'nsa': ['C-0016'],
    'polaris': ['privilegeEscalationAllowed'],
    'kube-linter': ['privilege-escalation-container'],
    'checkov': ['CKV_K8S_20'],
    'kubescape': ['C-0016'],
    'trivy': ['KSV-0001'],
  },
  checkPod(pod) {
    if (isWindowsPod(pod.spec)) return [];
    return containersOf(pod)
      .filter(c => c.container.securityContext?.allowPrivilegeEscalation !== false)
      .map(c => {
        const value = c.container.securityContext?.allowPrivilegeEscalation;
        return {
          message: value == null
            ? `${c.label} does not set securityContext.allowPrivilegeEscalation=false`
            : `${c.label} sets securityContext.allowPrivilegeEscalation=${show(value)}`,
          path: `${c.path}.securityContext.allowPrivilegeEscalation`,
        };
      });
  },
});
