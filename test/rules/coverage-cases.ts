import { podSpec, RuleCase, workload } from './rule-cases';
import { cronjobRestartPolicy } from '../../src/rules/workload/cronjob-restart-policy';
import { podPriorityClass } from '../../src/rules/workload/pod-priority-class';

/**
 * Cases of the workload rules added for checks of the field no rule covered yet (issue 16), kept apart from
 * workload-rules.test.ts; that file's metadata test and coverage-rules.test.ts both read them.
 */
export const WORKLOAD_COVERAGE_CASES: RuleCase[] = [
  {
    rule: podPriorityClass,
    compliant: [workload('Deployment', podSpec({}, { priorityClassName: 'business-critical' }))],
    nonCompliant: [workload('Deployment', podSpec()), workload('Job', podSpec({}, { priorityClassName: '' }))],
    expected: [
      { message: 'names no PriorityClass', path: 'spec.template.spec.priorityClassName' },
      { message: 'names no PriorityClass', path: 'spec.template.spec.priorityClassName' },
    ],
    notApplicable: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'shop' } }],
  },
  {
    rule: cronjobRestartPolicy,
    compliant: [workload('CronJob', podSpec({}, { restartPolicy: 'OnFailure' })), workload('CronJob', podSpec({}, { restartPolicy: 'Never' }))],
    nonCompliant: [workload('CronJob', podSpec({}, { restartPolicy: 'Always' })), workload('CronJob', podSpec())],
    expected: [
      { message: 'restartPolicy is "Always"', path: 'spec.jobTemplate.spec.template.spec.restartPolicy' },
      { message: 'restartPolicy is not set', path: 'spec.jobTemplate.spec.template.spec.restartPolicy' },
    ],
    // A Deployment's pods restart Always; the rule judges CronJobs only.
    notApplicable: [workload('Deployment', podSpec({}, { restartPolicy: 'Always' }))],
  },
];
