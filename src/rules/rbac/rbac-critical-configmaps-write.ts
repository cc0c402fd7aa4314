import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacCriticalConfigmapsWrite = rbacRiskRule(RbacRisk.CRITICAL_CONFIGMAPS_WRITE, {
  title: 'Role can write the coredns or aws-auth ConfigMaps',
  fix: 'Manage cluster DNS and aws-auth (or EKS access entries) from the platform\'s pipeline; grant ConfigMap writes on the named ConfigMaps the workload owns (resourceNames), outside kube-system.',
});
