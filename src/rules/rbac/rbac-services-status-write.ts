import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacServicesStatusWrite = rbacRiskRule(RbacRisk.SERVICES_STATUS_WRITE, {
  title: 'Role can set Service status, such as LoadBalancer IPs',
  fix: 'Leave services/status to the cloud or load-balancer controller: no workload needs to write it.',
});
