import { PolicyPort } from './port';
import { Protocol } from '../core/container';
import { waiverKey } from '../manifest/exemption-keys';
import { canonicalJson } from '../manifest/objects';

/** A NetworkPolicy peer as it appears in manifests (`podSelector`, `namespaceSelector`, `ipBlock`). */
export interface PolicyPeer {
  readonly podSelector?: { matchLabels: Record<string, string> };
  readonly namespaceSelector?: { matchLabels: Record<string, string> };
  readonly ipBlock?: { cidr: string; except?: string[] };
}

interface Rule {
  readonly peer: PolicyPeer;
  readonly ports: Map<string, PolicyPort>;
}

const PROTOCOL_ORDER = [Protocol.TCP, Protocol.UDP, Protocol.SCTP];

/**
 * The ingress and egress rules declared for one set of pods. Rules towards the same peer are merged, and
 * rules and ports are sorted, so the policy reads the same whatever order the declarations came in.
 */
export class PolicyRules {
  private readonly ingress = new Map<string, Rule>();
  private readonly egress = new Map<string, Rule>();
  private readonly justifications = new Map<string, Set<string>>();
  private annotate?: (key: string, value: string) => void;

  /** Allow traffic in from `peer` on `ports`. */
  public addIngress(peer: PolicyPeer, ports: readonly PolicyPort[]): void {
    add(this.ingress, peer, ports);
  }

  /** Allow traffic out to `peer` on `ports`. */
  public addEgress(peer: PolicyPeer, ports: readonly PolicyPort[]): void {
    add(this.egress, peer, ports);
  }

  /**
   * Records why a rule relaxes a default (e.g. a broad CIDR), as the policy's annotation
   * `waiver.cdk8s-hardening.dev/<kind>` (one line per reason, in the order declared).
   */
  public addJustification(kind: string, line: string): void {
    const lines = this.justifications.get(kind) ?? new Set<string>();
    lines.add(line);
    this.justifications.set(kind, lines);
    this.annotate?.(waiverKey(kind), [...lines].join('; '));
  }

  /** Writes the recorded justifications, now and as they come, through `annotate` (the policy object's metadata). */
  public bindAnnotations(annotate: (key: string, value: string) => void): void {
    this.annotate = annotate;
    for (const [kind, lines] of this.justifications) annotate(waiverKey(kind), [...lines].join('; '));
  }

  /** Whether any ingress rule was declared. */
  public get hasIngress(): boolean {
    return this.ingress.size > 0;
  }

  /** Whether any egress rule was declared. */
  public get hasEgress(): boolean {
    return this.egress.size > 0;
  }

  /** The `ingress` list of a NetworkPolicy spec. */
  public ingressRules(): Array<Record<string, unknown>> {
    return render(this.ingress).map(r => ({ from: [r.peer], ports: r.ports }));
  }

  /** The `egress` list of a NetworkPolicy spec. */
  public egressRules(): Array<Record<string, unknown>> {
    return render(this.egress).map(r => ({ ports: r.ports, to: [r.peer] }));
  }
}

function add(rules: Map<string, Rule>, peer: PolicyPeer, ports: readonly PolicyPort[]): void {
  const key = canonicalJson(peer);
  const rule = rules.get(key) ?? { peer, ports: new Map<string, PolicyPort>() };
  for (const p of ports) rule.ports.set(canonicalJson(p), p);
  rules.set(key, rule);
}

function render(rules: Map<string, Rule>): Array<{ peer: PolicyPeer; ports: PolicyPort[] }> {
  return [...rules.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, r]) => ({
      peer: r.peer,
      ports: [...r.ports.values()].sort(comparePorts)
        .map(p => ({ ...(p.endPort !== undefined ? { endPort: p.endPort } : {}), port: p.port, protocol: p.protocol })),
    }));
}

function comparePorts(a: PolicyPort, b: PolicyPort): number {
  const byProtocol = PROTOCOL_ORDER.indexOf(a.protocol) - PROTOCOL_ORDER.indexOf(b.protocol);
  if (byProtocol) return byProtocol;
  if (typeof a.port !== typeof b.port) return typeof a.port === 'number' ? -1 : 1;
  return a.port < b.port ? -1 : a.port > b.port ? 1 : (a.endPort ?? 0) - (b.endPort ?? 0);
}
