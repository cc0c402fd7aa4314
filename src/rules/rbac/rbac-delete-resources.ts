import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacDeleteResources = rbacRiskRule(RbacRisk.DELETE_RESOURCES, {
  title: 'Role can delete any Secret, Pod, Service or workload of its scope',
  fix: 'Name the objects the workload may delete (resourceNames), or leave deletion to the controller or pipeline that owns them.',
});
