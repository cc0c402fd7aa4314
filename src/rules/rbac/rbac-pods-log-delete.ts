import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacPodsLogDelete = rbacRiskRule(RbacRisk.PODS_LOG_DELETE, {
  title: 'Role grants delete on container logs (pods/log)',
  fix: 'Drop delete on pods/log: reading logs needs only get, and log retention belongs to the logging pipeline.',
});
