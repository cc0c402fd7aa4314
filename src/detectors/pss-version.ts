/**
 * Which Pod Security Standards versions a namespace may pin without a justification. Pure, so IsolatedNamespace
 * (which refuses an old pin) and the rule engine (which reports one on any Namespace) agree.
 */

/**
 * Oldest Kubernetes minor (1.x) this library targets. A namespace pinned to an older version of the standards is
 * judged as that release's Pod Security Admission did, which skips checks added since.
 */
export const MIN_PSS_VERSION_MINOR = 30;

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
