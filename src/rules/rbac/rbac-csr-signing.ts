import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacCsrSigning = rbacRiskRule(RbacRisk.CSR_SIGNING, {
  title: 'Role can issue the certificates of a signer',
  fix: 'Grant sign, and writes to certificatesigningrequests/status, only to the signer\'s own controller, limited to its signer name (resourceNames on signers).',
});
