import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacBindingAdminOrEdit = rbacRiskRule(RbacRisk.BINDING_ADMIN_OR_EDIT, {
  title: 'Binding grants the built-in admin or edit ClusterRole',
  fix: 'Bind workloads to a role of exactly what they call (LeastPrivilegeServiceAccount), and keep admin and edit for people.',
});
