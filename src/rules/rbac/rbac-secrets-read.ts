import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacSecretsRead = rbacRiskRule(RbacRisk.SECRETS_READ, {
  title: 'Role can read every Secret of its scope',
  fix: 'Name the Secrets the workload reads (resourceNames; LeastPrivilegeServiceAccount.grantRead with resourceNames), or mount them as volumes, which needs no RBAC read at all.',
});
