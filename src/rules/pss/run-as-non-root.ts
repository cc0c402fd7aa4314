import { containersOf } from '../../manifest/pod-spec';
import { ReferenceRelation, Severity, Violation } from '../rule';
import { inUserNamespace, pssRule, show } from './pss-rule';

/** PSA `runAsNonRoot`: the pod, or else every container, must set runAsNonRoot=true. */
export const runAsNonRoot = pssRule({
  id: 'pss-run-as-non-root',
  checkId: 'runAsNonRoot',
  level: 'restricted',
  minMinor: 0,
  title: 'Container may run as root (runAsNonRoot not true)',
  severity: Severity.MEDIUM,
  waivedBy: ['run-as-root'],
  rationale: 'Root in a container is root on the node\'s kernel, one bug away from the node; runAsNonRoot makes the kubelet refuse '
    + 'to start a container whose user is root.',
  fix: 'Set securityContext.runAsNonRoot: true on the pod (or on every container) and run the image as a non-zero UID. '
    + 'From v1.35 a pod with hostUsers: false is exempt.',
  references: {
    'cis': ['5.2.7'],
    'nsa': ['C-0013'],
    'polaris': ['runAsRootAllowed'],
    'kube-linter': ['run-as-non-root'],
    'checkov': [
      {
        id: 'CKV_K8S_23',
        relation: ReferenceRelation.STRICTER,
        why: 'Pod Security restricted asks for runAsNonRoot true on the pod or every container and no runAsNonRoot false at either level; the check also accepts a non-zero runAsUser without runAsNonRoot.',
      },
    ],
    'kubescape': ['C-0013'],
    'trivy': [
      {
        id: 'KSV-0012',
        relation: ReferenceRelation.STRICTER,
        why: 'Pod Security restricted also fails a pod-level runAsNonRoot false that every container overrides, and judges init containers; the check reads each container as it ends up.',
      },
    ],
  },
  checkPod(pod, minor) {
    // Root in a user namespace maps to an unprivileged user on the node; PSA exempts such pods from v1.35.
    if (minor >= 35 && inUserNamespace(pod.spec)) return [];
    const violations: Violation[] = [];
    const podValue = pod.spec.securityContext?.runAsNonRoot;
    const podPath = `${pod.path}.securityContext.runAsNonRoot`;
    if (podValue != null && podValue !== true) {
      violations.push({ message: `pod sets securityContext.runAsNonRoot=${show(podValue)}`, path: podPath });
    }
    for (const c of containersOf(pod)) {
      const value = c.container.securityContext?.runAsNonRoot;
      const path = `${c.path}.securityContext.runAsNonRoot`;
      if (value != null && value !== true) {
        violations.push({ message: `${c.label} sets securityContext.runAsNonRoot=${show(value)}`, path });
      } else if (value == null && podValue == null) {
        // A container that does not decide inherits the pod's setting; when the pod sets a bad value, that finding covers it.
        violations.push({ message: `${c.label} does not set securityContext.runAsNonRoot=true, and neither does the pod`, path });
      }
    }
    return violations;
  },
});
