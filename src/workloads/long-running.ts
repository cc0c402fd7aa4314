import { HardenedWorkloadProps } from './hardened-workload';

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
