import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacBindingClusterAdmin = rbacRiskRule(RbacRisk.BINDING_CLUSTER_ADMIN, {
  title: 'Binding grants the cluster-admin ClusterRole',
  fix: 'Bind a role that lists what the subjects need (LeastPrivilegeServiceAccount for workloads); give people cluster-admin through short-lived, audited access, not a standing binding.',
});
