import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacSubjectAnonymous = rbacRiskRule(RbacRisk.SUBJECT_ANONYMOUS, {
  title: 'Binding grants its role to unauthenticated requests',
  fix: 'Remove system:anonymous and system:unauthenticated from the subjects, and bind the identities that need the rights.',
});
