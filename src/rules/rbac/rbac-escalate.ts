import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacEscalate = rbacRiskRule(RbacRisk.ESCALATE, {
  title: 'Role grants the escalate verb on roles',
  fix: 'Drop escalate, and grant the role the permissions it needs directly, where reviewers see them; only the platform\'s RBAC managers need escalate.',
});
