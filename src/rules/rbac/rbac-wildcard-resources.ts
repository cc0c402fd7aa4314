import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacWildcardResources = rbacRiskRule(RbacRisk.WILDCARD_RESOURCES, {
  title: 'Role grants every resource (`*`) of its API groups',
  fix: 'Name the resources and subresources the workload uses, so Secrets, pods/exec, nodes/proxy and CRDs installed later are not included.',
});
