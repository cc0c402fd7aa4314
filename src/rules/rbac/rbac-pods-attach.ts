import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacPodsAttach = rbacRiskRule(RbacRisk.PODS_ATTACH, {
  title: 'Role can attach to running containers',
  fix: 'Drop pods/attach: read output with get on pods/log, and give people interactive access through a short-lived, audited role.',
});
