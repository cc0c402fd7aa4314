import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacPodsWrite = rbacRiskRule(RbacRisk.PODS_WRITE, {
  title: 'Role can create or modify Pods',
  fix: 'Let a controller create the pods (a Deployment or Job applied by the deployment pipeline); if the workload must start pods, give it a namespace whose ServiceAccounts hold nothing it may not have.',
});
