import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacPodsPortforward = rbacRiskRule(RbacRisk.PODS_PORTFORWARD, {
  title: 'Role can port-forward to pods',
  fix: 'Drop pods/portforward: reach the pod through a Service that a NetworkPolicy admits the caller to, and give people port-forwarding through a short-lived, audited role.',
});
