import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacSecretsWrite = rbacRiskRule(RbacRisk.SECRETS_WRITE, {
  title: 'Role can create Secrets or rewrite any Secret',
  fix: 'Grant update or patch on the named Secrets the workload manages (resourceNames), and leave creating Secrets to an operator such as External Secrets or Sealed Secrets.',
});
