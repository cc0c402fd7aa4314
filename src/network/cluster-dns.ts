import { PolicyPeer } from './policy-rules';
import { PolicyPort } from './port';
import { Protocol } from '../core/container';
import { NAMESPACE_NAME_LABEL } from '../manifest/label-selector';

/** Where the cluster's DNS server pods run, so egress can be opened to them and nothing else. */
export interface ClusterDnsOptions {
  /**
   * Namespace of the DNS pods.
   *
   * @default 'kube-system'
   */
  readonly namespaceName?: string;
  /**
   * Labels of the DNS pods (CoreDNS keeps the historical `k8s-app: kube-dns`).
   *
   * @default { 'k8s-app': 'kube-dns' }
   */
  readonly podLabels?: { [key: string]: string };
}

/** DNS answers over UDP and falls back to TCP for large responses. */
export const DNS_PORTS: readonly PolicyPort[] = [
  { protocol: Protocol.TCP, port: 53 },
  { protocol: Protocol.UDP, port: 53 },
];

/** The policy peer of the cluster DNS pods: selected by labels only, nothing is written into their namespace. */
export function clusterDnsPeer(options: ClusterDnsOptions = {}): PolicyPeer {
  return {
    namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: options.namespaceName ?? 'kube-system' } },
    podSelector: { matchLabels: { ...(options.podLabels ?? { 'k8s-app': 'kube-dns' }) } },
  };
}
