/** Rules on network exposure and isolation: NetworkPolicies, Services and Ingresses. */
import { Rule } from '../rule';
import { ingressBackendService } from './ingress-backend-service';
import { ingressNginxSnippets } from './ingress-nginx-snippets';
import { ingressPlaintextAnnotation } from './ingress-plaintext-annotation';
import { ingressTls } from './ingress-tls';
import { namespaceDefaultDeny } from './namespace-default-deny';
import { networkPolicyBroadCidr } from './network-policy-broad-cidr';
import { networkPolicySelectsPods } from './network-policy-selects-pods';
import { podNetworkPolicy } from './pod-network-policy';
import { serviceExternalIps } from './service-external-ips';
import { serviceSelectsPods } from './service-selects-pods';
import { serviceSshPort } from './service-ssh-port';
import { serviceTargetPort } from './service-target-port';
import { serviceTypeExposed } from './service-type-exposed';

/** Every network rule. */
export const NETWORK_RULES: readonly Rule[] = [
  podNetworkPolicy,
  namespaceDefaultDeny,
  networkPolicySelectsPods,
  networkPolicyBroadCidr,
  ingressTls,
  ingressBackendService,
  ingressNginxSnippets,
  ingressPlaintextAnnotation,
  serviceSelectsPods,
  serviceTypeExposed,
  serviceExternalIps,
  serviceSshPort,
  serviceTargetPort,
];
