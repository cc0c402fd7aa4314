import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacNamespacesWrite = rbacRiskRule(RbacRisk.NAMESPACES_WRITE, {
  title: 'Role can change Namespace labels, lifting Pod Security and NetworkPolicy selection',
  fix: 'Manage Namespaces and their labels from the platform\'s pipeline (IsolatedNamespace); grant get on namespaces to workloads that only read them.',
});
