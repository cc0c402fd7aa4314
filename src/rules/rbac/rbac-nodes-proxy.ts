import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacNodesProxy = rbacRiskRule(RbacRisk.NODES_PROXY, {
  title: 'Role grants the kubelet API (nodes/proxy)',
  fix: 'Drop nodes/proxy: read node and pod metrics from the metrics API (metrics.k8s.io) or the nodes/metrics and nodes/stats subresources, which do not open exec.',
});
