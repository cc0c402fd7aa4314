import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacAdmissionWebhooksWrite = rbacRiskRule(RbacRisk.ADMISSION_WEBHOOKS_WRITE, {
  title: 'Role can change admission webhooks or admission policies',
  fix: 'Install admission configuration from the platform\'s pipeline (GuardrailsChart, the webhook\'s own chart); no workload needs to write it at run time.',
});
