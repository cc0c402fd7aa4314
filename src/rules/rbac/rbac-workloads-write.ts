import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacWorkloadsWrite = rbacRiskRule(RbacRisk.WORKLOADS_WRITE, {
  title: 'Role can create or modify workload controllers',
  fix: 'Apply Deployments, StatefulSets, Jobs and CronJobs from the deployment pipeline with its own identity; if the workload must update its own controllers, name them (resourceNames) and drop create.',
});
