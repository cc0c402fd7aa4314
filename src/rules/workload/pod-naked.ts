import { objectRule } from '../define';
import { Severity } from '../rule';

/** No Pod is created directly, without a controller. */
export const podNaked = objectRule({
  id: 'pod-naked',
  title: 'Pod is created without a controller',
  severity: Severity.LOW,
  rationale: 'A bare Pod is not recreated when its node fails or is drained, cannot be rolled out or scaled, and often bypasses the policies '
    + 'and reviews that apply to workloads.',
  fix: 'Run it as a Deployment, StatefulSet, Job or CronJob (HardenedDeployment, HardenedStatefulSet, HardenedJob, HardenedCronJob).',
  kinds: ['Pod'],
  references: {
    kubescape: ['C-0073'],
  },
  check(object) {
    const owners = object.metadata?.ownerReferences;
    if (Array.isArray(owners) && owners.some((o: { controller?: unknown }) => o?.controller === true)) return [];
    return [{ message: `Pod "${object.metadata?.name ?? '(unnamed)'}" has no controller`, path: 'kind' }];
  },
});
