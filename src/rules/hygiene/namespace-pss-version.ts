import { DEFAULT_PSS_VERSION_MINOR, MIN_PSS_VERSION_MINOR, oldPssVersionProblem } from '../../detectors/pss-version';
import { objectRule } from '../define';
import { Severity, Violation } from '../rule';

const PSA_PREFIX = 'pod-security.kubernetes.io/';

/** A Namespace does not pin Pod Security Standards older than the library's minimum target. */
export const namespacePssVersion = objectRule({
  id: 'namespace-pss-version',
  title: 'Namespace pins old Pod Security Standards',
  severity: Severity.MEDIUM,
  waivedBy: ['pod-security'],
  rationale: 'Pod Security Admission judges a namespace by the version in its <mode>-version label; an old pin (e.g. v1.0) runs that release\'s '
    + 'checks, so "restricted" there admits pods running as UID 0, keeping capabilities, without seccomp or with privilege escalation.',
  fix: `Pin v1.${MIN_PSS_VERSION_MINOR} or later (IsolatedNamespace pins v1.${DEFAULT_PSS_VERSION_MINOR} by default), or "latest"; a justified older pin is recorded in `
    + 'waiver.cdk8s-hardening.dev/pod-security.',
  kinds: ['Namespace'],
  references: {
    cis: ['5.2.1'],
    kubescape: ['C-0192'],
  },
  check(object) {
    const labels = object.metadata?.labels ?? {};
    return ['enforce', 'audit', 'warn'].flatMap((mode): Violation[] => {
      // A version label matters only where its mode is set; without the level label the mode is off.
      if (labels[`${PSA_PREFIX}${mode}`] === undefined) return [];
      const key = `${PSA_PREFIX}${mode}-version`;
      const problem = oldPssVersionProblem(labels[key]);
      return problem ? [{ message: `${mode}: ${problem}`, path: `metadata.labels[${JSON.stringify(key)}]` }] : [];
    });
  },
});
