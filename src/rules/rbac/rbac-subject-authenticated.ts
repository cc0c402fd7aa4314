import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacSubjectAuthenticated = rbacRiskRule(RbacRisk.SUBJECT_AUTHENTICATED, {
  title: 'Binding grants its role to every authenticated identity',
  fix: 'Replace system:authenticated with the groups or ServiceAccounts that need the rights.',
});
