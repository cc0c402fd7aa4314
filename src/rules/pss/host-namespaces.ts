import { ReferenceRelation, Severity } from '../rule';
import { pssRule } from './pss-rule';

const HOST_NAMESPACE_FIELDS = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

/** PSA `hostNamespaces`: the pod must not share the node's network, PID or IPC namespace. */
export const hostNamespaces = pssRule({
  id: 'pss-host-namespaces',
  checkId: 'hostNamespaces',
  level: 'baseline',
  minMinor: 0,
  title: 'Pod shares a host namespace (hostNetwork, hostPID or hostIPC)',
  severity: Severity.HIGH,
  waivedBy: ['host-network', 'host-pid', 'host-ipc'],
  rationale: 'Sharing the node\'s network, process or IPC namespace lets the pod sniff and bind node traffic, see and signal every process on the node, '
    + 'and read other workloads\' shared memory; it removes the isolation the other controls rely on.',
  fix: 'Remove hostNetwork, hostPID and hostIPC from the pod spec (or set them to false).',
  references: {
    'cis': ['5.2.5', '5.2.3', '5.2.4'],
    'nsa': ['C-0041', 'C-0038'],
    'polaris': ['hostNetworkSet', 'hostPIDSet', 'hostIPCSet'],
    'kube-linter': ['host-network', 'host-pid', 'host-ipc'],
    'checkov': [
      {
        id: 'CKV_K8S_19',
        relation: ReferenceRelation.STRICTER,
        why: 'The rule fails a pod that shares any host namespace (hostNetwork, hostPID or hostIPC); this check looks at hostNetwork only.',
      },
      {
        id: 'CKV_K8S_17',
        relation: ReferenceRelation.STRICTER,
        why: 'The rule fails a pod that shares any host namespace (hostNetwork, hostPID or hostIPC); this check looks at hostPID only.',
      },
      {
        id: 'CKV_K8S_18',
        relation: ReferenceRelation.STRICTER,
        why: 'The rule fails a pod that shares any host namespace (hostNetwork, hostPID or hostIPC); this check looks at hostIPC only.',
      },
    ],
    'kubescape': ['C-0041', 'C-0038', 'C-0275', 'C-0276'],
    'trivy': [
      {
        id: 'KSV-0009',
        relation: ReferenceRelation.STRICTER,
        why: 'The rule fails a pod that shares any host namespace (hostNetwork, hostPID or hostIPC); this check looks at hostNetwork only.',
      },
      {
        id: 'KSV-0010',
        relation: ReferenceRelation.STRICTER,
        why: 'The rule fails a pod that shares any host namespace (hostNetwork, hostPID or hostIPC); this check looks at hostPID only.',
      },
      {
        id: 'KSV-0008',
        relation: ReferenceRelation.STRICTER,
        why: 'The rule fails a pod that shares any host namespace (hostNetwork, hostPID or hostIPC); this check looks at hostIPC only.',
      },
    ],
  },
  checkPod(pod) {
    return HOST_NAMESPACE_FIELDS
      .filter(field => pod.spec[field] === true)
      .map(field => ({ message: `pod sets ${field}=true`, path: `${pod.path}.${field}` }));
  },
});
