import { containersOf } from '../../manifest/pod-spec';
import { ReferenceRelation, Severity, Violation } from '../rule';
import { disallowedSeccompProfiles, isWindowsPod, pssRule, securityContextHolders } from './pss-rule';

/** PSA `seccompProfile_restricted` (v1.19+): the pod, or else every container, must set a RuntimeDefault or Localhost profile (Linux pods, from v1.25). */
export const seccompProfileRestricted = pssRule({
  id: 'pss-seccomp-profile-restricted',
  checkId: 'seccompProfile_restricted',
  level: 'restricted',
  minMinor: 19,
  title: 'Seccomp profile not set to RuntimeDefault or Localhost',
  severity: Severity.LOW,
  rationale: 'Without a seccomp profile most runtimes run the container unconfined, able to make every system call of the node\'s kernel; '
    + 'RuntimeDefault blocks the ones containers do not need.',
  fix: 'Set securityContext.seccompProfile.type: RuntimeDefault on the pod (or Localhost with a profile).',
  references: {
    'cis': ['5.7.2'],
    'nsa': ['C-0055'],
    'polaris': [{ id: 'linuxHardening', relation: ReferenceRelation.RELATED, why: 'Polaris passes a container when any one of seccomp, SELinux, AppArmor or dropped capabilities is set; this rule requires its own mechanism and ignores the others.' }],
    'kube-score': ['container-seccomp-profile'],
    'checkov': [
      {
        id: 'CKV_K8S_31',
        relation: ReferenceRelation.RELATED,
        why: 'Pod Security restricted accepts a Localhost profile, which the check fails, and judges init containers and a pod-level Unconfined, which the check does not.',
      },
    ],
    'kubescape': ['C-0210', 'C-0055'],
    'trivy': [
      {
        id: 'KSV-0030',
        relation: ReferenceRelation.STRICTER,
        why: 'Pod Security restricted also fails a pod-level Unconfined profile that the containers override, and judges init containers.',
      },
    ],
  },
  checkPod(pod) {
    if (isWindowsPod(pod.spec)) return [];
    const containers = containersOf(pod);
    const violations: Violation[] = disallowedSeccompProfiles(securityContextHolders(pod, containers));
    // A container without its own profile inherits the pod's; when the pod sets a bad one, the finding above covers it.
    if (pod.spec.securityContext?.seccompProfile == null) {
      for (const c of containers.filter(ref => ref.container.securityContext?.seccompProfile == null)) {
        violations.push({
          message: `${c.label} does not set securityContext.seccompProfile.type, and neither does the pod`,
          path: `${c.path}.securityContext.seccompProfile.type`,
        });
      }
    }
    return violations;
  },
});
