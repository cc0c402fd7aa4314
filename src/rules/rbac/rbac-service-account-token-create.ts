import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacServiceAccountTokenCreate = rbacRiskRule(RbacRisk.SERVICE_ACCOUNT_TOKEN_CREATE, {
  title: 'Role can mint tokens for ServiceAccounts',
  fix: 'Drop create on serviceaccounts/token: a pod receives its own short-lived token through a projected volume; a token broker should be limited to the ServiceAccounts it serves (resourceNames).',
});
