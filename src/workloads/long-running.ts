import { IConstruct } from 'constructs';
import { HardenedWorkloadProps } from './hardened-workload';
import { propError } from '../core/errors';
import { checkPositiveInteger } from '../core/validation';

/** Props shared by workloads that run continuously (Deployment, StatefulSet). */
export interface LongRunningWorkloadProps extends HardenedWorkloadProps {
  /**
   * Number of pods. Fewer than 2 needs `Waiver.singleReplica`.
   *
   * @default 2
   */
  readonly replicas?: number;
  /**
   * Most pods a voluntary disruption (drain, upgrade) may take down at once, enforced by a PodDisruptionBudget.
   *
   * @default 1
   */
  readonly maxUnavailable?: number;
}

/**
 * Refuses a PodDisruptionBudget that protects nothing: with maxUnavailable at or above the replica count a drain may
 * take every pod at once. A single replica (waived) keeps maxUnavailable 1, or the node could never be drained.
 */
export function checkMaxUnavailable(scope: IConstruct, maxUnavailable: number, replicas: number): void {
  checkPositiveInteger(scope, 'maxUnavailable', maxUnavailable, 1);
  if (replicas >= 2 && maxUnavailable >= replicas) {
    throw propError(scope, 'maxUnavailable', `${maxUnavailable} of ${replicas} replicas lets a drain or upgrade take every pod down at once`,
      `use at most ${replicas - 1}, or raise replicas`);
  }
}
