import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacPodsExec = rbacRiskRule(RbacRisk.PODS_EXEC, {
  title: 'Role can exec into pods',
  fix: 'Drop pods/exec: run the task in the pod itself (a sidecar, a Job or a CronJob), and give people debugging access through a short-lived, audited role instead of a standing grant.',
});
