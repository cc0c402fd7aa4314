import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacNetworkWrite = rbacRiskRule(RbacRisk.NETWORK_WRITE, {
  title: 'Role can change Services, Endpoints, NetworkPolicies or Ingresses',
  fix: 'Declare Services, NetworkPolicies and Ingresses with the app (TrafficMap, HardenedIngress) instead of writing them at run time; a controller that must should name the objects it updates (resourceNames).',
});
