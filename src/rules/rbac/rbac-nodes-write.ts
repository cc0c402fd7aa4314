import { rbacRiskRule } from './rbac-rule';
import { RbacRisk } from '../../detectors/rbac-risks';

// Severity, rationale and references are the catalogue entry of the risk, which LeastPrivilegeServiceAccount's refusals quote.
export const rbacNodesWrite = rbacRiskRule(RbacRisk.NODES_WRITE, {
  title: 'Role can relabel, taint, cordon or delete Nodes',
  fix: 'Leave node labels, taints and lifecycle to the node controller, the kubelet and the cluster autoscaler; grant get, list and watch on nodes to workloads that only read them.',
});
