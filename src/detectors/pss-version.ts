/**
 * The Pod Security Standards versions the library names (minors of Kubernetes 1.x), and which ones a namespace may pin
 * without a justification. Pure, so IsolatedNamespace (which refuses an old pin) and the rule engine (which reports one
 * on any Namespace) agree.
 *
 * The default pin and the engine's newest differ on purpose. The engine models v1.PSS_MIN_MINOR to v1.PSS_LATEST_MINOR
 * and judges `latest` as the newest, to report on manifests for any cluster. IsolatedNamespace pins a version the
 * acceptance cluster (kind, Kubernetes 1.33) and the namespace fixtures and snapshots enforce: Pod Security Admission
 * judges a pin newer than the cluster by the cluster's own newest checks, so a default ahead of the clusters would name
 * standards they do not apply. Raising the default changes every emitted Namespace, so it moves with the acceptance
 * cluster and the snapshots, not with the engine.
 */

/** Oldest PSS version the rule engine models; older versions differ in ways it does not reproduce (e.g. seccomp annotations before v1.19). */
export const PSS_MIN_MINOR = 25;

/**
 * Oldest Kubernetes minor (1.x) this library targets. A namespace pinned to an older version of the standards is
 * judged as that release's Pod Security Admission did, which skips checks added since.
 */
export const MIN_PSS_VERSION_MINOR = 30;

/** The version of the standards IsolatedNamespace pins by default (see above for why it trails PSS_LATEST_MINOR). */
export const DEFAULT_PSS_VERSION_MINOR = 33;

/** Newest PSS version the rule engine models, and the one it uses for `latest`. */
export const PSS_LATEST_MINOR = 37;

/** Restricted and baseline checks, with the first minor that runs them (Pod Security Admission `policy/check_*.go`). */
const CHECKS_SINCE: ReadonlyArray<readonly [minor: number, check: string]> = [
  [8, 'allowPrivilegeEscalation must be false'],
  [19, 'seccompProfile must be RuntimeDefault or Localhost'],
  [22, 'capabilities must drop ALL'],
  [23, 'runAsUser must not be 0'],
];

/** The minor of a `v1.N` pin, or undefined for anything else (`latest`, absent, malformed). */
export function pssVersionMinor(version: unknown): number | undefined {
  const m = typeof version === 'string' ? /^v1\.(0|[1-9][0-9]*)$/.exec(version) : null;
  return m ? Number(m[1]) : undefined;
}

/**
 * Why pinning `version` needs a justification, or undefined: `v1.N` older than v1.30. `latest` always applies the
 * newest checks, so it needs none here (IsolatedNamespace refuses it for another reason: it changes with the cluster).
 */
export function oldPssVersionProblem(version: unknown): string | undefined {
  const minor = pssVersionMinor(version);
  if (minor === undefined || minor >= MIN_PSS_VERSION_MINOR) return undefined;
  const skipped = CHECKS_SINCE.filter(([since]) => minor < since).map(([since, check]) => `${check} (from v1.${since})`);
  return `"${version}" is older than v1.${MIN_PSS_VERSION_MINOR}, the oldest version this library targets, so Pod Security Admission judges pods by the older standards`
    + (skipped.length ? `, which skip checks: ${skipped.join('; ')}` : ', which miss later fixes to the checks');
}
