import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacPodsProxy = rbacRiskRule(RbacRisk.PODS_PROXY, {
  title: 'Role can proxy HTTP to any pod through the API server',
  fix: 'Drop pods/proxy: reach the pod through a Service that a NetworkPolicy admits the caller to.',
});
