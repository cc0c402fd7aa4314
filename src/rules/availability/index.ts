/** Rules on availability: replicas, disruption budgets, spreading, autoscaling, rollouts and batch hygiene. */
import { Rule } from '../rule';
import { cronjobStartingDeadline } from './cronjob-starting-deadline';
import { deploymentReplicasWithHpa } from './deployment-replicas-with-hpa';
import { deploymentRollingUpdate } from './deployment-rolling-update';
import { hpaReplicas } from './hpa-replicas';
import { hpaTargetExists } from './hpa-target-exists';
import { jobTtlAfterFinished } from './job-ttl-after-finished';
import { pdbAllowsEviction } from './pdb-allows-eviction';
import { statefulsetServiceName } from './statefulset-service-name';
import { workloadDisruptionBudget } from './workload-disruption-budget';
import { workloadReplicas } from './workload-replicas';
import { workloadSelectorMatches } from './workload-selector-matches';
import { workloadTopologySpread } from './workload-topology-spread';

/** Every availability rule. */
export const AVAILABILITY_RULES: readonly Rule[] = [
  workloadReplicas,
  workloadDisruptionBudget,
  pdbAllowsEviction,
  workloadTopologySpread,
  hpaReplicas,
  hpaTargetExists,
  deploymentReplicasWithHpa,
  deploymentRollingUpdate,
  workloadSelectorMatches,
  cronjobStartingDeadline,
  jobTtlAfterFinished,
  statefulsetServiceName,
];
