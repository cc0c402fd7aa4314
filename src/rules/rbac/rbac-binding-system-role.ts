import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacBindingSystemRole = rbacRiskRule(RbacRisk.BINDING_SYSTEM_ROLE, {
  title: 'Binding grants a system: ClusterRole of the control plane',
  fix: 'Bind a role of your own with the permissions the subjects need: system: roles belong to the control plane, the nodes and the controllers.',
});
