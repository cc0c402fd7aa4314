import { objectRule } from '../define';
import { Severity } from '../rule';

/** A standalone Job is cleaned up after it finishes. */
export const jobTtlAfterFinished = objectRule({
  id: 'job-ttl-after-finished',
  title: 'Job has no ttlSecondsAfterFinished',
  severity: Severity.LOW,
  rationale: 'A finished Job and its pods stay in the cluster until someone deletes them, piling up objects and keeping logs and '
    + 'mounted secrets reachable. (CronJobs clean up their Jobs through history limits, so their job templates are not judged.)',
  fix: 'Set spec.ttlSecondsAfterFinished (HardenedJob sets one day by default).',
  kinds: ['Job'],
  references: {
    'kube-linter': ['job-ttl-seconds-after-finished'],
  },
  check(object) {
    if (typeof object.spec?.ttlSecondsAfterFinished === 'number') return [];
    return [{ message: 'Job sets no spec.ttlSecondsAfterFinished, so it is never cleaned up', path: 'spec.ttlSecondsAfterFinished' }];
  },
});
