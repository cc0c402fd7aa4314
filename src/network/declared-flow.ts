import { IConstruct } from 'constructs';
import { checkCidr } from './cidr';
import { DeclaredPort, findAppNamespace, TrafficEndpoint, trafficEndpointOf } from './endpoint';
import { MeshSource } from './istio';
import { IPeer, Peer, PeerSpec } from './peer';
import { PolicyPeer } from './policy-rules';
import { Port, PolicyPort } from './port';
import { propError } from '../core/errors';
import { checkDnsLabel, checkLabels } from '../core/validation';
import { broadCidrProblem } from '../detectors/cidr';
import { NAMESPACE_NAME_LABEL } from '../manifest/label-selector';

/** One side of a flow: a construct of the app, or a peer outside its control. */
type Side =
  | { readonly endpoint: TrafficEndpoint; readonly description: string }
  | { readonly external: Exclude<PeerSpec, { kind: 'endpoint' }>; readonly description: string };

/** Annotation kind recording a justified broad CIDR peer on a NetworkPolicy (`waiver.cdk8s-hardening.dev/broad-cidr`). */
export const BROAD_CIDR_WAIVER_KIND = 'broad-cidr';

/**
 * Refuses an IP block peer Kubernetes would reject, and a broad one (more public space than a /8 of IPv4 or a
 * /32 of IPv6) without a justification, or a justification on a block that is not broad.
 */
export function checkCidrPeer(scope: IConstruct, prop: string, spec: Extract<PeerSpec, { kind: 'cidr' }>): void {
  checkCidr(scope, prop, spec.cidr, spec.except);
  const broad = broadCidrProblem(spec.cidr, spec.except);
  if (broad !== undefined && spec.justification === undefined) {
    throw propError(scope, prop, `${broad}, so this opens a large part of the internet`,
      `narrow the block to the addresses you need (the provider's published ranges), or use Peer.broadCidr('${spec.cidr}', '<why>') so the reason is recorded`);
  }
  if (broad === undefined && spec.justification !== undefined) {
    throw propError(scope, prop, `"${spec.cidr}" is not broader than a /8 of public IPv4 or a /32 of global IPv6, so there is nothing to justify`,
      `use Peer.cidr('${spec.cidr}')`);
  }
}

/** The method a flow was declared with, named in errors. */
export type FlowMethod = 'allowFrom' | 'allowTo';

/**
 * Declares that traffic may flow between `owner` and `peer`: `allowFrom` lets the peer reach the owner,
 * `allowTo` lets the owner reach the peer. The source gets the egress rule and the destination the ingress
 * rule (and, in an Istio namespace, the AuthorizationPolicy rule), each for the sides the app owns.
 * Everything is checked here, so an error points at the declaration.
 */
export function declareFlow(owner: TrafficEndpoint, method: FlowMethod, peer: IPeer, ports: readonly Port[]): void {
  const other = resolveSide(owner, method, peer.toPeer());
  const [from, to] = method === 'allowFrom' ? [other, selfSide(owner)] : [selfSide(owner), other];
  const policyPorts = resolvePorts(owner, method, to, ports);

  // Everything is resolved (and may refuse) before any rule is added, so a refused declaration leaves nothing behind.
  const ingress = 'endpoint' in to ? policyPeer(owner, method, from, to.endpoint.namespaceName) : undefined;
  const mesh = 'endpoint' in to ? to.endpoint.meshRules() : undefined;
  const meshRule = mesh && 'endpoint' in to
    ? { source: meshSource(owner, method, from, to.endpoint, mesh.trustDomain), ports: meshPorts(owner, method, policyPorts) }
    : undefined;
  const egressPeer = 'endpoint' in from ? policyPeer(owner, method, to, from.endpoint.namespaceName) : undefined;
  if (egressPeer && 'endpoint' in from) from.endpoint.rules.addEgress(egressPeer, policyPorts);
  if (ingress && 'endpoint' in to) to.endpoint.rules.addIngress(ingress, policyPorts);
  // A justified broad block is recorded on the policy that opens it, where reviewers (and the engine) read it.
  if ('external' in other && other.external.kind === 'cidr' && other.external.justification !== undefined) {
    owner.rules.addJustification(BROAD_CIDR_WAIVER_KIND, `${method === 'allowFrom' ? 'ingress from' : 'egress to'} ${other.description}: ${other.external.justification}`);
  }
  if (mesh && meshRule) mesh.rules.allow(meshRule.source, meshRule.ports);
}

function selfSide(owner: TrafficEndpoint): Side {
  return { endpoint: owner, description: describe(owner) };
}

function describe(e: TrafficEndpoint): string {
  return `${e.kind} ${e.construct.node.path}`;
}

function resolveSide(owner: TrafficEndpoint, method: FlowMethod, peer: Peer): Side {
  const scope = owner.construct;
  const prop = `${method}(peer)`;
  const spec = peer._spec;
  if (spec.kind === 'endpoint') {
    const endpoint = trafficEndpointOf(spec.construct);
    if (!endpoint) {
      throw propError(scope, prop, `${peer.description} is not a hardened workload or IsolatedNamespace of this library, so its rules cannot be emitted`,
        'pass a hardened workload or an IsolatedNamespace, or describe the pods with Peer.pods(...) or Peer.podsInNamespace(...)');
    }
    if (endpoint.construct.node.root !== scope.node.root) {
      throw propError(scope, prop, `${peer.description} belongs to another App, so its namespace and policies are not part of this app`,
        'create the peer in this App, or use Peer.podsInNamespace(namespace, labels) for pods deployed separately');
    }
    return { endpoint, description: describe(endpoint) };
  }
  if (spec.kind === 'namespace') {
    checkDnsLabel(scope, prop, spec.namespace);
    if (spec.podLabels) checkLabels(scope, prop, spec.podLabels);
    // The app's namespaces may be created after this declaration, so the check runs at synth.
    scope.node.addValidation({
      validate: () => (findAppNamespace(scope.node.root, spec.namespace)
        ? [`${prop}: namespace "${spec.namespace}" is an IsolatedNamespace of this app, whose default deny would drop the traffic because only this side is emitted. Fix: pass the IsolatedNamespace (or a workload in it) instead of its name, so both sides are emitted`]
        : []),
    });
  } else if (spec.kind === 'pods') {
    checkLabels(scope, prop, spec.podLabels);
  } else {
    checkCidrPeer(scope, prop, spec);
  }
  return { external: spec, description: peer.description };
}

/** The ports of the flow, checked against what the destination declares when it is a workload of the app. */
function resolvePorts(owner: TrafficEndpoint, method: FlowMethod, to: Side, ports: readonly Port[]): PolicyPort[] {
  const scope = owner.construct;
  const declared = 'endpoint' in to ? to.endpoint.ports : undefined;
  if (declared) {
    return resolveDeclaredPorts(scope, method, to.description, declared, ports).map(d => ({ protocol: d.protocol, port: d.number }));
  }
  if (ports.length === 0) {
    throw propError(scope, `${method}(ports)`, `no ports given; traffic with ${to.description} is only opened on explicit ports`, 'pass the ports, e.g. Port.tcp(5432)');
  }
  return ports.map((p, i) => {
    const prop = `${method}(ports[${i}])`;
    const resolved = p._resolve(scope, prop);
    if (typeof resolved.port === 'string' && 'external' in to && to.external.kind === 'cidr') {
      throw propError(scope, prop, `the named port "${resolved.port}" cannot be resolved for an IP block`, 'use a port number, e.g. Port.tcp(443)');
    }
    return resolved;
  });
}

/**
 * The declared ports of a workload that `ports` name (all of them if `ports` is empty); refuses ports the
 * workload does not declare, and ranges, which would open ports it does not declare.
 * `call` is the method named in errors, e.g. `allowTo` → `allowTo(ports[0])`.
 */
export function resolveDeclaredPorts(
  scope: IConstruct, call: string, description: string, declared: readonly DeclaredPort[], ports: readonly Port[],
): DeclaredPort[] {
  if (declared.length === 0) {
    throw propError(scope, `${call}(peer)`, `${description} declares no port, so nothing can connect to it`,
      'declare the port on that workload (port or ports), or remove this declaration');
  }
  if (ports.length === 0) return [...declared];
  const list = declared.map(d => `${d.name} (${d.protocol} ${d.number})`).join(', ');
  return ports.map((p, i) => {
    const prop = `${call}(ports[${i}])`;
    const resolved = p._resolve(scope, prop);
    if (resolved.endPort !== undefined) {
      throw propError(scope, prop, `a port range towards ${description} opens ports it does not declare`, `name the ports it declares: ${list}`);
    }
    const match = declared.find(d => d.protocol === resolved.protocol && (d.number === resolved.port || d.name === resolved.port));
    if (!match) {
      throw propError(scope, prop, `${description} does not expose ${p.toString()}`, `use one of its ports: ${list}; or declare the port on that workload`);
    }
    return match;
  });
}

/** How a policy in `policyNamespace` selects the pods of `side`. */
function policyPeer(owner: TrafficEndpoint, method: FlowMethod, side: Side, policyNamespace: string | undefined): PolicyPeer {
  const byName = (ns: string) => ({ matchLabels: { [NAMESPACE_NAME_LABEL]: ns } });
  if ('endpoint' in side) {
    const { namespaceName, podLabels } = side.endpoint;
    if (!podLabels) return { namespaceSelector: byName(namespaceName!) };
    if (namespaceName === policyNamespace) return { podSelector: { matchLabels: { ...podLabels } } };
    if (namespaceName === undefined) {
      throw propError(owner.construct, `${method}(peer)`, `${side.description} runs in a chart without a namespace, so a policy in namespace "${policyNamespace}" cannot select it`,
        'give that workload a namespace: an IsolatedNamespace (namespace prop) or a chart namespace');
    }
    return { namespaceSelector: byName(namespaceName), podSelector: { matchLabels: { ...podLabels } } };
  }
  const spec = side.external;
  switch (spec.kind) {
    case 'namespace': return { namespaceSelector: byName(spec.namespace), ...(spec.podLabels ? { podSelector: { matchLabels: { ...spec.podLabels } } } : {}) };
    case 'pods': return { podSelector: { matchLabels: { ...spec.podLabels } } };
    case 'cidr': return { ipBlock: { cidr: spec.cidr, ...(spec.except.length ? { except: [...spec.except] } : {}) } };
  }
}

/**
 * Who a request comes from, as Istio sees it. Workloads are matched by their ServiceAccount identity; pods
 * by labels have no identity of their own, so their namespace stands in (the NetworkPolicy still narrows by labels).
 */
function meshSource(owner: TrafficEndpoint, method: FlowMethod, from: Side, to: TrafficEndpoint, trustDomain: string): MeshSource {
  if ('endpoint' in from) {
    const e = from.endpoint;
    if (e.namespaceName === undefined) {
      throw propError(owner.construct, `${method}(peer)`, `${from.description} runs in a chart without a namespace, so it has no mesh identity`,
        'give that workload a namespace: an IsolatedNamespace (namespace prop) or a chart namespace');
    }
    return e.serviceAccountName !== undefined
      ? { principals: [`${trustDomain}/ns/${e.namespaceName}/sa/${e.serviceAccountName}`] }
      : { namespaces: [e.namespaceName] };
  }
  const spec = from.external;
  switch (spec.kind) {
    case 'namespace': return { namespaces: [spec.namespace] };
    case 'pods': return { namespaces: [to.namespaceName!] };
    case 'cidr': return { ipBlocks: [spec.cidr], ...(spec.except.length ? { notIpBlocks: [...spec.except] } : {}) };
  }
}

function meshPorts(owner: TrafficEndpoint, method: FlowMethod, ports: readonly PolicyPort[]): number[] {
  return ports.map((p, i) => {
    if (typeof p.port === 'string' || p.endPort !== undefined) {
      throw propError(owner.construct, `${method}(ports[${i}])`, 'Istio AuthorizationPolicies match single port numbers, not names or ranges',
        'list the port numbers, e.g. Port.tcp(8080)');
    }
    return p.port;
  });
}
