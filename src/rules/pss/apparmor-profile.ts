import { containersOf } from '../../manifest/pod-spec';
import { ReferenceRelation, Severity, Violation } from '../rule';
import { pssRule, securityContextHolders, show } from './pss-rule';

const ALLOWED_TYPES = new Set(['RuntimeDefault', 'Localhost']);
// The beta annotations predate the field (v1.30) and PSA still reads them.
const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function allowedAnnotationValue(value: unknown): boolean {
  return value === '' || value === 'runtime/default' || (typeof value === 'string' && value.startsWith('localhost/'));
}

/** PSA `appArmorProfile`: AppArmor may only be the runtime default or a node-local profile, never unconfined. */
export const appArmorProfile = pssRule({
  id: 'pss-apparmor-profile',
  checkId: 'appArmorProfile',
  level: 'baseline',
  minMinor: 0,
  title: 'AppArmor profile overridden to something other than RuntimeDefault or Localhost',
  severity: Severity.MEDIUM,
  rationale: 'The runtime\'s default AppArmor profile blocks mounts, raw kernel interfaces and writes to sensitive /proc and /sys files; '
    + 'running unconfined removes that layer of defence against container escapes.',
  fix: 'Set securityContext.appArmorProfile.type to RuntimeDefault or Localhost (or leave it unset), and drop '
    + 'container.apparmor.security.beta.kubernetes.io annotations that are not runtime/default or localhost/<profile>.',
  references: {
    nsa: ['C-0055'],
    polaris: [{ id: 'linuxHardening', relation: ReferenceRelation.RELATED, why: 'Polaris passes a container when any one of seccomp, SELinux, AppArmor or dropped capabilities is set; this rule requires its own mechanism and ignores the others.' }],
    kubescape: ['C-0055'],
    trivy: ['KSV-0002'],
  },
  checkPod(pod) {
    const violations: Violation[] = [];
    for (const holder of securityContextHolders(pod, containersOf(pod))) {
      const profile = holder.securityContext?.appArmorProfile;
      // A profile without a type is rejected too: PSA reads it as the empty, disallowed type.
      if (profile == null || ALLOWED_TYPES.has(profile.type as string)) continue;
      violations.push({
        message: `${holder.label} sets securityContext.appArmorProfile.type=${show(profile.type ?? '')}`,
        path: `${holder.path}.appArmorProfile.type`,
      });
    }
    for (const [key, value] of Object.entries(pod.metadata.annotations ?? {})) {
      if (!key.startsWith(ANNOTATION_PREFIX) || allowedAnnotationValue(value)) continue;
      violations.push({
        message: `container "${key.slice(ANNOTATION_PREFIX.length)}" has AppArmor annotation ${key}=${show(value)}`,
        path: `${pod.metadataPath}.annotations[${JSON.stringify(key)}]`,
      });
    }
    return violations;
  },
});
