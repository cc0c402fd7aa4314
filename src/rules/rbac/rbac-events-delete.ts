import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacEventsDelete = rbacRiskRule(RbacRisk.EVENTS_DELETE, {
  title: 'Role can delete Events',
  fix: 'Drop delete and deletecollection on events: the API server expires Events on its own, and no workload needs to remove them.',
});
