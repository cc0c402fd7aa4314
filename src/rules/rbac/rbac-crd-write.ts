import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacCrdWrite = rbacRiskRule(RbacRisk.CRD_WRITE, {
  title: 'Role can change or delete CustomResourceDefinitions',
  fix: 'Install CRDs from the platform\'s pipeline; an operator that manages its own CRDs should be limited to them (resourceNames).',
});
