import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacSubjectSystemMasters = rbacRiskRule(RbacRisk.SUBJECT_SYSTEM_MASTERS, {
  title: 'Binding names the system:masters group as a subject',
  fix: 'Remove the subject: system:masters needs no binding, as it bypasses RBAC; bind the named groups that need rights to roles of what they need.',
});
