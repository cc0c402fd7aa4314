import { podRule } from '../define';
import { Severity } from '../rule';

const JOB_POLICIES = new Set(['Never', 'OnFailure']);

/** A CronJob's pods restart Never or OnFailure, the only policies a Job accepts. */
export const cronjobRestartPolicy = podRule({
  id: 'cronjob-restart-policy',
  title: 'CronJob pod restart policy is not Never or OnFailure',
  severity: Severity.MEDIUM,
  rationale: 'A Job accepts only restartPolicy Never or OnFailure; with any other value (the pod default is Always) every Job the CronJob '
    + 'creates is refused by the API server, so the schedule silently never runs.',
  fix: 'Set restartPolicy: OnFailure (retry in place) or Never (a new pod per retry) in the CronJob\'s jobTemplate pod spec.',
  kinds: ['CronJob'],
  references: {
    // kube-score's check, on CronJobs only, with an absent policy failing as well (the default Always is not accepted).
    'kube-score': ['cronjob-restartpolicy'],
  },
  checkPod(pod) {
    const policy: unknown = pod.spec.restartPolicy;
    return typeof policy === 'string' && JOB_POLICIES.has(policy)
      ? []
      : [{ message: `the pod's restartPolicy is ${policy === undefined ? 'not set' : `"${String(policy)}"`}, not Never or OnFailure`, path: `${pod.path}.restartPolicy` }];
  },
});
