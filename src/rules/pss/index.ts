/**
 * The Pod Security Standards as rules, versioned like the official Pod Security Admission (PSA):
 * one rule per PSA check, each behaving as PSA does at the policy version in `RuleContext.pssMinor`.
 */

import { allowPrivilegeEscalation } from './allow-privilege-escalation';
import { appArmorProfile } from './apparmor-profile';
import { capabilitiesBaseline } from './capabilities-baseline';
import { capabilitiesRestricted } from './capabilities-restricted';
import { hostNamespaces } from './host-namespaces';
import { hostPathVolumes } from './host-path-volumes';
import { hostPorts } from './host-ports';
import { hostProbesAndHostLifecycle } from './host-probes-and-host-lifecycle';
import { privileged } from './privileged';
import { procMount } from './proc-mount';
import { procMountRestricted } from './proc-mount-restricted';
import { PssLevel, PssRule } from './pss-rule';
import { restrictedVolumes } from './restricted-volumes';
import { runAsNonRoot } from './run-as-non-root';
import { runAsUser } from './run-as-user';
import { seccompProfileBaseline } from './seccomp-profile-baseline';
import { seccompProfileRestricted } from './seccomp-profile-restricted';
import { seLinuxOptions } from './selinux-options';
import { sysctls } from './sysctls';
import { windowsHostProcess } from './windows-host-process';
import { PSS_LATEST_MINOR, PSS_MIN_MINOR } from '../../detectors/pss-version';

export type { PssLevel, PssRule } from './pss-rule';

// The range of modelled versions lives with the other PSS versions (detectors/pss-version.ts), so the default pin cannot drift from it.
export { PSS_LATEST_MINOR, PSS_MIN_MINOR } from '../../detectors/pss-version';
/** Every supported PSS version (1.x), oldest first. */
export const PSS_SUPPORTED_MINORS: readonly number[] = Array.from({ length: PSS_LATEST_MINOR - PSS_MIN_MINOR + 1 }, (_, i) => PSS_MIN_MINOR + i);

/** Every PSS rule, baseline first, each in the order of the official standard. */
export const PSS_RULES: readonly PssRule[] = [
  hostNamespaces,
  privileged,
  capabilitiesBaseline,
  hostPathVolumes,
  hostPorts,
  hostProbesAndHostLifecycle,
  appArmorProfile,
  seLinuxOptions,
  procMount,
  seccompProfileBaseline,
  sysctls,
  windowsHostProcess,
  restrictedVolumes,
  allowPrivilegeEscalation,
  runAsNonRoot,
  runAsUser,
  seccompProfileRestricted,
  capabilitiesRestricted,
  procMountRestricted,
];

/**
 * The rules in force for a level at a PSS version: the level's checks whose first version is at or below `minor`.
 * Restricted includes every baseline rule.
 * @throws RangeError if `minor` is not an integer from PSS_MIN_MINOR to PSS_LATEST_MINOR.
 */
export function pssRules(level: PssLevel, minor: number): PssRule[] {
  if (!Number.isInteger(minor) || minor < PSS_MIN_MINOR || minor > PSS_LATEST_MINOR) {
    throw new RangeError(`PSS version v1.${minor} is not supported: use v1.${PSS_MIN_MINOR} to v1.${PSS_LATEST_MINOR}`);
  }
  return PSS_RULES.filter(rule => (level === 'restricted' || rule.level === 'baseline') && rule.minMinor <= minor);
}
