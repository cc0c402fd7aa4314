import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacCsrApproval = rbacRiskRule(RbacRisk.CSR_APPROVAL, {
  title: 'Role can approve certificate signing requests',
  fix: 'Leave approval to the built-in approvers or a dedicated, reviewed controller, limited to the signer it serves (resourceNames on signers).',
});
