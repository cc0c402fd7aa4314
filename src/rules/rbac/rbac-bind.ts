import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacBind = rbacRiskRule(RbacRisk.BIND, {
  title: 'Role grants the bind verb on roles or bindings',
  fix: 'Drop bind and create the bindings in the platform\'s pipeline; a controller that must bind should be limited to the roles it hands out (resourceNames).',
});
