import { objectRule } from '../define';
import { Severity } from '../rule';

/** A CronJob bounds how late a missed run may still start. */
export const cronjobStartingDeadline = objectRule({
  id: 'cronjob-starting-deadline',
  title: 'CronJob has no startingDeadlineSeconds',
  severity: Severity.LOW,
  rationale: 'Without a deadline a run missed during controller downtime starts whenever the controller catches up, possibly hours late and '
    + 'overlapping the next one; after 100 missed schedules the controller stops scheduling the CronJob altogether.',
  fix: 'Set spec.startingDeadlineSeconds (HardenedCronJob sets 300 by default; see its startingDeadline prop).',
  kinds: ['CronJob'],
  references: {
    'kube-score': ['cronjob-has-deadline'],
  },
  check(object) {
    if (typeof object.spec?.startingDeadlineSeconds === 'number') return [];
    return [{ message: 'CronJob sets no spec.startingDeadlineSeconds', path: 'spec.startingDeadlineSeconds' }];
  },
});
