import { podRule } from '../define';
import { RelatedCheck, Severity, Violation } from '../rule';
import { policiesSelecting, policyTypes } from './network-policies';

/** Every pod is isolated for ingress and egress by at least one NetworkPolicy of the audit. */
export const podNetworkPolicy = podRule({
  id: 'pod-network-policy',
  title: 'Pod is not selected by an ingress and an egress NetworkPolicy',
  severity: Severity.HIGH,
  related: { kinds: ['NetworkPolicy'], check: RelatedCheck.CONTEXT },
  rationale: 'A pod no NetworkPolicy selects accepts connections from, and opens them to, every pod in the cluster: one compromised pod reaches everything, and data can leave freely.',
  fix: 'Put the workload in an IsolatedNamespace (default-deny ingress and egress) and declare its traffic with allowFrom/allowTo, or add NetworkPolicies selecting its pods for both Ingress and Egress.',
  kinds: ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'],
  references: {
    'polaris': ['missingNetworkPolicy'],
    'kube-score': ['pod-networkpolicy'],
    'kube-linter': ['non-isolated-pod'],
    'checkov': ['CKV2_K8S_6'],
    'nsa': ['C-0030'],
    'kubescape': ['C-0260', 'C-0030'],
    'cis': ['5.3.2'],
  },
  checkPod(pod, object, context) {
    const namespace = object.metadata?.namespace;
    const labels = pod.metadata?.labels;
    const covered = new Set<string>();
    for (const policy of policiesSelecting(context.index, namespace, labels)) policyTypes(policy).forEach(t => covered.add(t));
    const missing = ['Ingress', 'Egress'].filter(t => !covered.has(t));
    const violations: Violation[] = missing.map(t => ({
      message: `no NetworkPolicy in namespace "${namespace ?? '(none)'}" selects these pods for ${t}`,
      path: `${pod.metadataPath}.labels`,
    }));
    return violations;
  },
});
