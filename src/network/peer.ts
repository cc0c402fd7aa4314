import { IConstruct } from 'constructs';
import type { ITrafficEndpoint } from './endpoint';
import { requireJustification } from '../core/errors';

/**
 * Something traffic can be allowed from or to. Hardened workloads and IsolatedNamespaces are peers
 * themselves; `Peer` builds the others.
 */
export interface IPeer {
  /** The peer. */
  toPeer(): Peer;
}

/** Internal: what a peer stands for. */
export type PeerSpec =
  /** A workload or IsolatedNamespace of the app: both sides of a flow are emitted. */
  | { readonly kind: 'endpoint'; readonly construct: IConstruct }
  /** Pods of a namespace by name (optionally by labels), outside the app's control. */
  | { readonly kind: 'namespace'; readonly namespace: string; readonly podLabels?: Record<string, string>; readonly role: string }
  /** Pods by labels in the namespace of whoever declares the flow. */
  | { readonly kind: 'pods'; readonly podLabels: Record<string, string> }
  /** An IP block; `justification` says why a block broader than the bound (see detectors/cidr.ts) is acceptable. */
  | { readonly kind: 'cidr'; readonly cidr: string; readonly except: readonly string[]; readonly justification?: string };

/**
 * A peer of a declared flow. Flows between constructs of the app (hardened workloads and IsolatedNamespaces)
 * get both sides emitted: the egress rule on the source and the ingress rule on the destination. Flows with
 * any other peer (external namespaces, pods by labels, ingress controllers, CIDRs) get only this app's side,
 * since nothing is ever written into a namespace the app does not own.
 */
export class Peer implements IPeer {
  /** A hardened workload of the app (the workload itself can be passed instead). */
  public static workload(workload: ITrafficEndpoint): Peer {
    return new Peer({ kind: 'endpoint', construct: workload }, `workload ${workload.node.path}`);
  }

  /** Every pod of an IsolatedNamespace of the app (the namespace itself can be passed instead). */
  public static namespace(namespace: ITrafficEndpoint): Peer {
    return new Peer({ kind: 'endpoint', construct: namespace }, `namespace ${namespace.node.path}`);
  }

  /**
   * Every pod of a namespace this app does not create, by name, e.g. a monitoring namespace.
   * Only this app's side of the flow is emitted; the other namespace must allow it on its own.
   * For namespaces of the app use `Peer.namespace(ns)`, which emits both sides.
   */
  public static namespaceName(name: string): Peer {
    return new Peer({ kind: 'namespace', namespace: name, role: 'namespace' }, `namespace "${name}"`);
  }

  /** Pods by labels in the namespace of whoever declares the flow; only the declaring side is emitted. */
  public static pods(labels: { [key: string]: string }): Peer {
    return new Peer({ kind: 'pods', podLabels: { ...labels } }, `pods ${formatLabels(labels)}`);
  }

  /** Pods by labels in a namespace by name; only this app's side is emitted. */
  public static podsInNamespace(namespace: string, labels: { [key: string]: string }): Peer {
    return new Peer({ kind: 'namespace', namespace, podLabels: { ...labels }, role: 'namespace' }, `pods ${formatLabels(labels)} in namespace "${namespace}"`);
  }

  /**
   * The pods of an ingress controller: its namespace, optionally narrowed by pod labels
   * (e.g. `Peer.ingressController('ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx' })`).
   *
   * @param podLabels default - every pod of the namespace
   */
  public static ingressController(namespace: string, podLabels?: { [key: string]: string }): Peer {
    const pods = podLabels && Object.keys(podLabels).length ? { ...podLabels } : undefined;
    return new Peer({ kind: 'namespace', namespace, podLabels: pods, role: 'ingress controller' },
      `ingress controller in namespace "${namespace}"${pods ? ` (pods ${formatLabels(pods)})` : ''}`);
  }

  /**
   * An IPv4 or IPv6 block, e.g. `Peer.cidr('10.20.0.0/16')`, optionally minus smaller blocks inside it.
   * A block that opens more public address space than a /8 of IPv4 or a /32 of IPv6 (`0.0.0.0/0`, `::/0`…) is
   * refused where the flow is declared: use `Peer.broadCidr` with a justification. Private ranges are never broad.
   *
   * @param except default - none
   */
  public static cidr(cidr: string, except?: string[]): Peer {
    const ex = [...(except ?? [])];
    return new Peer({ kind: 'cidr', cidr, except: ex }, ex.length ? `${cidr} except ${ex.join(', ')}` : cidr);
  }

  /**
   * An IP block broader than `Peer.cidr` accepts (more public space than a /8 of IPv4 or a /32 of IPv6, e.g. the
   * whole internet `0.0.0.0/0` for egress to a SaaS API without published addresses), with the reason it is
   * acceptable. The reason is recorded on the NetworkPolicy that gets the rule, as the annotation
   * `waiver.cdk8s-hardening.dev/broad-cidr`. A block that is not broad is refused: use `Peer.cidr`.
   *
   * @param except default - none
   */
  public static broadCidr(cidr: string, justification: string, except?: string[]): Peer {
    const why = requireJustification('Peer.broadCidr(…)', 'justification', justification,
      'say why these pods must reach, or be reached from, this much of the internet, so reviewers can judge it');
    const ex = [...(except ?? [])];
    return new Peer({ kind: 'cidr', cidr, except: ex, justification: why }, ex.length ? `${cidr} except ${ex.join(', ')}` : cidr);
  }

  private constructor(
    /** @internal */
    public readonly _spec: PeerSpec,
    /** How the peer reads in errors and the traffic map. */
    public readonly description: string,
  ) {}

  /** This peer. */
  public toPeer(): Peer {
    return this;
  }
}

function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
}
