import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacWildcardAll = rbacRiskRule(RbacRisk.WILDCARD_ALL, {
  title: 'Role grants every verb on every resource of every API group',
  fix: 'List the API groups, resources and verbs the workload calls instead of `*`; in a ClusterRole this is cluster-admin, which no workload needs.',
});
