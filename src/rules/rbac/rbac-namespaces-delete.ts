import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacNamespacesDelete = rbacRiskRule(RbacRisk.NAMESPACES_DELETE, {
  title: 'Role can delete Namespaces and everything in them',
  fix: 'Drop delete and deletecollection on namespaces: namespaces are deleted by the platform\'s pipeline that creates them.',
});
