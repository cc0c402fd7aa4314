import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacServicesProxy = rbacRiskRule(RbacRisk.SERVICES_PROXY, {
  title: 'Role can proxy HTTP to any Service through the API server',
  fix: 'Drop services/proxy: call the Service directly, through NetworkPolicies that admit the caller.',
});
