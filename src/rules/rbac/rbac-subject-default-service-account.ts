import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacSubjectDefaultServiceAccount = rbacRiskRule(RbacRisk.SUBJECT_DEFAULT_SERVICE_ACCOUNT, {
  title: 'Binding grants its role to a namespace\'s default ServiceAccount',
  fix: 'Give the workload that needs the rights its own ServiceAccount (LeastPrivilegeServiceAccount) and bind that one; the default ServiceAccount should hold nothing.',
});
