/**
 * What every Pod Security Standards rule shares: the level and version it belongs to,
 * the lookup of the pod inside the object, and the small facts several checks read.
 */

import { ContainerRef, PodSpec, PodTemplate, POD_BEARING_KINDS, podTemplateOf, SecurityContext } from '../../manifest/pod-spec';
import { inContainers } from '../define';
import { References, Rule, RuleMetadata, toReferences, Violation } from '../rule';

/** A Pod Security Standards level. `privileged` has no checks, so it is not one of them. */
export type PssLevel = 'baseline' | 'restricted';

/** A rule mirroring one check of the official Pod Security Admission (PSA). */
export interface PssRule extends Rule {
  /** The PSA `CheckID`, e.g. `seccompProfile_restricted`. */
  readonly checkId: string;
  /** The lowest level the check is part of; restricted also runs every baseline check. */
  readonly level: PssLevel;
  /** The first PSS minor version (1.x) in which PSA runs the check. */
  readonly minMinor: number;
}

export interface PssRuleProps extends Omit<RuleMetadata, 'kinds' | 'references'> {
  readonly checkId: string;
  readonly level: PssLevel;
  readonly minMinor: number;
  /** Cross-references besides the PSS check itself, which is added from `checkId`. */
  readonly references: Omit<References, 'pss'>;
  /** Checks one pod; only called for versions at or above `minMinor`. */
  checkPod(pod: PodTemplate, minor: number): Violation[];
}

/** Builds a PSS rule: finds the pod in any pod-bearing object and skips versions before the check existed. */
export function pssRule(props: PssRuleProps): PssRule {
  const { checkPod, references, ...metadata } = props;
  return {
    ...metadata,
    kinds: [...POD_BEARING_KINDS],
    references: toReferences({ pss: [props.checkId], ...references }),
    check(object, context) {
      if (context.pssMinor < props.minMinor) return [];
      const pod = podTemplateOf(object);
      return pod ? inContainers(pod, checkPod(pod, context.pssMinor)) : [];
    },
  };
}

/** One place that can carry a security context: the pod, or one of its containers. */
export interface SecurityContextHolder {
  /** How messages name it: `pod` or e.g. `container "app"`. */
  readonly label: string;
  /** Dotted path of its `securityContext`. */
  readonly path: string;
  readonly securityContext?: SecurityContext;
}

/** The pod-level security context followed by each container's, for checks that treat both alike. */
export function securityContextHolders(pod: PodTemplate, containers: readonly ContainerRef[]): SecurityContextHolder[] {
  return [
    { label: 'pod', path: `${pod.path}.securityContext`, securityContext: pod.spec.securityContext },
    ...containers.map(c => ({ label: c.label, path: `${c.path}.securityContext`, securityContext: c.container.securityContext })),
  ];
}

/**
 * From v1.25 PSA exempts pods declaring `spec.os.name: windows` from the Linux-only restricted checks:
 * the API server rejects those Linux fields on Windows pods, so they cannot be set.
 */
export function isWindowsPod(pod: PodSpec): boolean {
  return pod.os?.name === 'windows';
}

/** A pod in its own user namespace (`hostUsers: false`): root inside is unprivileged on the node. */
export function inUserNamespace(pod: PodSpec): boolean {
  return pod.hostUsers === false;
}

/** Containers whose procMount is set to anything but Default. */
export function unmaskedProcMounts(containers: readonly ContainerRef[]): Violation[] {
  return containers
    .filter(c => c.container.securityContext?.procMount != null && c.container.securityContext.procMount !== 'Default')
    .map(c => ({
      message: `${c.label} sets securityContext.procMount=${show(c.container.securityContext?.procMount)}`,
      path: `${c.path}.securityContext.procMount`,
    }));
}

/** Seccomp settings (pod or container) naming a profile type other than RuntimeDefault or Localhost. */
export function disallowedSeccompProfiles(holders: readonly SecurityContextHolder[]): Violation[] {
  return holders.flatMap(holder => {
    const profile = holder.securityContext?.seccompProfile;
    // A profile without a type is rejected too: PSA reads it as the empty, disallowed type.
    if (profile == null || profile.type === 'RuntimeDefault' || profile.type === 'Localhost') return [];
    return [{
      message: `${holder.label} sets securityContext.seccompProfile.type=${show(profile.type ?? '')}`,
      path: `${holder.path}.seccompProfile.type`,
    }];
  });
}

/** How a value appears in messages: strings quoted, everything else as YAML would show it. */
export function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}
