import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacWildcardApiGroups = rbacRiskRule(RbacRisk.WILDCARD_API_GROUPS, {
  title: 'Role grants its resources in every API group (`*`)',
  fix: 'Name the API group of each resource (`""` for the core group, `apps`, `batch`…), so same-named resources of other groups and of CRDs installed later are not included.',
});
