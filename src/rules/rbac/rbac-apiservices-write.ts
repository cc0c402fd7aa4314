import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacApiservicesWrite = rbacRiskRule(RbacRisk.APISERVICES_WRITE, {
  title: 'Role can register APIServices, taking over API groups',
  fix: 'Register APIServices from the platform\'s pipeline, with the installation of the aggregated API server they point at; no workload needs to write them.',
});
