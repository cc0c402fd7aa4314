import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacRoleBindingsWrite = rbacRiskRule(RbacRisk.ROLE_BINDINGS_WRITE, {
  title: 'Role can create or modify RoleBindings or ClusterRoleBindings',
  fix: 'Create bindings in the platform\'s pipeline instead of from a workload; a controller that must manage bindings should hold nothing beyond the permissions it binds.',
});
