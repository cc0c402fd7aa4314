import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacImpersonate = rbacRiskRule(RbacRisk.IMPERSONATE, {
  title: 'Role grants the impersonate verb',
  fix: 'Drop impersonate; an authenticating proxy that needs it should be limited to the users, groups or ServiceAccounts it fronts (resourceNames), never system:masters.',
});
