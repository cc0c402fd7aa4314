import { containersOf } from '../../manifest/pod-spec';
import { ReferenceRelation, Severity } from '../rule';
import { disallowedSeccompProfiles, pssRule, securityContextHolders } from './pss-rule';

/**
 * PSA `seccompProfile_baseline`: a seccomp profile, where set, must be RuntimeDefault or Localhost.
 * (Before v1.19 PSA read the alpha seccomp annotations instead; those versions are outside the supported range.)
 */
export const seccompProfileBaseline = pssRule({
  id: 'pss-seccomp-profile-baseline',
  checkId: 'seccompProfile_baseline',
  level: 'baseline',
  minMinor: 0,
  title: 'Seccomp explicitly disabled (profile type Unconfined)',
  severity: Severity.MEDIUM,
  rationale: 'Seccomp filters the system calls a container can make; Unconfined lets it reach every syscall of the node\'s kernel, '
    + 'including the rarely used ones most kernel exploits go through.',
  fix: 'Set securityContext.seccompProfile.type to RuntimeDefault (or Localhost with a profile), or leave it unset.',
  references: {
    cis: ['5.7.2'],
    nsa: ['C-0055'],
    polaris: [{ id: 'linuxHardening', relation: ReferenceRelation.RELATED, why: 'Polaris passes a container when any one of seccomp, SELinux, AppArmor or dropped capabilities is set; this rule requires its own mechanism and ignores the others.' }],
    kubescape: ['C-0055'],
    trivy: [
      {
        id: 'KSV-0104',
        relation: ReferenceRelation.RELATED,
        why: 'Pod Security baseline fails only an explicit Unconfined (a pod-level one even when the containers override it) and allows an unset profile; the check fails an unset profile too.',
      },
    ],
  },
  checkPod(pod) {
    return disallowedSeccompProfiles(securityContextHolders(pod, containersOf(pod)));
  },
});
