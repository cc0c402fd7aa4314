import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacWildcardVerbs = rbacRiskRule(RbacRisk.WILDCARD_VERBS, {
  title: 'Role grants every verb (`*`) on its resources',
  fix: 'Replace `*` with the verbs the workload calls (often get, list and watch), so delete, escalate, bind, impersonate and verbs added later are granted only where listed.',
});
