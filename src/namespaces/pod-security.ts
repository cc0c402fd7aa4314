import { IConstruct } from 'constructs';
import { propError } from '../core/errors';
import { DEFAULT_PSS_VERSION_MINOR, MIN_PSS_VERSION_MINOR, oldPssVersionProblem } from '../detectors/pss-version';
import { justifiedAnnotation } from '../network/justification';

/** A Pod Security Standards level, as Pod Security Admission enforces it. */
export enum PodSecurityLevel {
  /** Unrestricted. */
  PRIVILEGED = 'privileged',
  /** Prevents known privilege escalations. */
  BASELINE = 'baseline',
  /** Current pod-hardening best practice; every hardened workload meets it. */
  RESTRICTED = 'restricted',
}

/** Pod Security Admission settings of an IsolatedNamespace. */
export interface PodSecurityOptions {
  /**
   * Level enforced: pods that break it are refused. Audit and warn stay at `restricted` whatever this is,
   * so a weaker enforced level still shows every violation.
   *
   * @default PodSecurityLevel.RESTRICTED
   */
  readonly level?: PodSecurityLevel;
  /**
   * Version of the standards, pinned so a cluster upgrade cannot change what the namespace accepts unnoticed.
   * A version older than v1.30 (the oldest this library targets) needs a justification: older standards skip checks
   * (at v1.0, restricted does not check runAsUser, capabilities, seccomp or privilege escalation).
   *
   * @default 'v1.33'
   */
  readonly version?: string;
  /**
   * Why a level below `restricted`, or a version older than v1.30, is enforced; required exactly then, recorded in
   * the annotation `waiver.cdk8s-hardening.dev/pod-security` of the Namespace.
   *
   * @default - none; required for a level below restricted or a version before v1.30
   */
  readonly justification?: string;
}

/** The default pinned version of the standards. */
export const DEFAULT_PSS_VERSION = `v1.${DEFAULT_PSS_VERSION_MINOR}`;

const PSA_PREFIX = 'pod-security.kubernetes.io/';

/** The Namespace labels and annotations that configure Pod Security Admission. */
export function podSecurityMetadata(
  scope: IConstruct, options: PodSecurityOptions = {},
): { labels: Record<string, string>; annotations: Record<string, string> } {
  const level = options.level ?? PodSecurityLevel.RESTRICTED;
  const version = options.version ?? DEFAULT_PSS_VERSION;
  if (!/^v1\.(0|[1-9][0-9]*)$/.test(version)) {
    throw propError(scope, 'podSecurity.version', `"${version}" is not a pinned Kubernetes version`, `use a version such as "${DEFAULT_PSS_VERSION}"; "latest" is refused because it changes with the cluster`);
  }
  const annotations: Record<string, string> = {};
  const oldVersion = oldPssVersionProblem(version);
  const relaxed = [
    ...(level !== PodSecurityLevel.RESTRICTED ? [`enforce ${level}`] : []),
    ...(oldVersion !== undefined ? [`standards ${version}`] : []),
  ];
  if (oldVersion !== undefined && options.justification === undefined) {
    throw propError(scope, 'podSecurity.version', oldVersion,
      `pin v1.${MIN_PSS_VERSION_MINOR} or later (e.g. "${DEFAULT_PSS_VERSION}"), or give podSecurity.justification saying why this namespace must be judged by the older standards`);
  }
  if (relaxed.length) {
    const [key, value] = justifiedAnnotation(scope, 'podSecurity', 'pod-security', options.justification);
    annotations[key] = `${relaxed.join(', ')}: ${value}`;
  } else if (options.justification !== undefined) {
    throw propError(scope, 'podSecurity.justification', 'nothing is relaxed at the restricted level and a current version', 'remove the justification');
  }
  const labels: Record<string, string> = {};
  for (const [mode, modeLevel] of [['audit', PodSecurityLevel.RESTRICTED], ['enforce', level], ['warn', PodSecurityLevel.RESTRICTED]] as const) {
    labels[`${PSA_PREFIX}${mode}`] = modeLevel;
    labels[`${PSA_PREFIX}${mode}-version`] = version;
  }
  return { labels, annotations };
}

/** Whether a label key is one Pod Security Admission reads (and this library sets). */
export function isPodSecurityLabel(key: string): boolean {
  return key.startsWith(PSA_PREFIX);
}
