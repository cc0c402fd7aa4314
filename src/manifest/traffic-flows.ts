/**
 * Who can talk to whom, read from NetworkPolicies in plain manifests: the pure half of `TrafficMap`, which the CLI
 * uses without loading any construct.
 */
import { matchesSelector, NAMESPACE_NAME_LABEL, PlainLabelSelector } from './label-selector';

/** One allowed flow of a traffic map. */
export interface TrafficFlow {
  /** Source: a workload as `namespace/Kind/name`, or an outside peer (`cidr 10.0.0.0/8`, `namespace x`, `anywhere`). */
  readonly from: string;
  /** Destination, named like `from`. */
  readonly to: string;
  /** What is allowed, e.g. `TCP 8080`, `TCP 8000-8100`, `UDP 53`, or `all ports`. */
  readonly ports: string[];
}

/** A plain manifest object, as synthesized or parsed from YAML. */
type Obj = Record<string, any>;

interface Workload {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly ports: ReadonlyArray<{ name?: string; number: number; protocol: string }>;
}

interface Policy {
  readonly namespace: string;
  readonly podSelector: PlainLabelSelector;
  readonly ingress?: Obj[];
  readonly egress?: Obj[];
}

/** Ports a flow may use: every port, or intervals of one protocol. */
type PortSet = 'all' | Interval[];
interface Interval { readonly protocol: string; readonly from: number; readonly to: number }

const ANYWHERE_IN = 'anywhere (no ingress policy)';
const ANYWHERE_OUT = 'anywhere (no egress policy)';
const ANY_SOURCE = 'any source';
const ANY_DESTINATION = 'any destination';

/**
 * The flows the NetworkPolicies among `objects` allow, computed like the API server and CNI do: a flow between
 * two workloads needs the source's egress and the destination's ingress to allow it (a pod selected by no
 * policy of a direction is unrestricted in it), named ports resolve against the destination's containers, and
 * peers outside the objects (CIDRs, other namespaces) count with the side that is visible.
 * A pure function over plain objects, so it works on synthesized output and on YAML alike.
 */
export function trafficFlows(objects: readonly Obj[]): TrafficFlow[] {
  const namespaces = namespaceLabels(objects);
  const workloads = objects.flatMap(toWorkload).sort((a, b) => a.id.localeCompare(b.id));
  for (const w of workloads) if (!namespaces.has(w.namespace)) namespaces.set(w.namespace, { [NAMESPACE_NAME_LABEL]: w.namespace });
  const policies = objects.filter(o => o.kind === 'NetworkPolicy' && o.spec).map(toPolicy);
  const selecting = (w: Workload, direction: 'ingress' | 'egress') => policies.filter(p =>
    p.namespace === w.namespace && p[direction] !== undefined && matchesSelector(p.podSelector, w.labels));

  const flows = new Map<string, { from: string; to: string; ports: PortSet | string[] }>();
  const add = (from: string, to: string, ports: PortSet | string[]) => {
    const key = `${from}\u0000${to}`;
    const existing = flows.get(key);
    flows.set(key, { from, to, ports: existing ? unionAny(existing.ports, ports) : ports });
  };
  const matches = (peer: Obj, policyNamespace: string, w: Workload) => peerMatches(peer, policyNamespace, w, namespaces);

  for (const a of workloads) {
    const egress = selecting(a, 'egress');
    if (egress.length === 0) add(a.id, ANYWHERE_OUT, 'all');
    for (const b of workloads) {
      const ingress = selecting(b, 'ingress');
      // Two unrestricted sides are drawn once each as "anywhere" edges rather than as every pair.
      if (egress.length === 0 && ingress.length === 0) continue;
      if (a === b && (egress.length === 0 || ingress.length === 0)) continue;
      const out = egress.length === 0 ? 'all' : allowedPorts(egress, 'egress', 'to', p => matches(p, a.namespace, b), b);
      const into = ingress.length === 0 ? 'all' : allowedPorts(ingress, 'ingress', 'from', p => matches(p, b.namespace, a), b);
      const both = intersect(out, into);
      if (both === 'all' || both.length) add(a.id, b.id, both);
    }
    for (const p of egress) {
      for (const rule of p.egress ?? []) {
        for (const outside of outsidePeers(rule.to, namespaces, ANY_DESTINATION)) add(a.id, outside, rawPorts(rule.ports));
      }
    }
  }
  for (const b of workloads) {
    const ingress = selecting(b, 'ingress');
    if (ingress.length === 0) add(ANYWHERE_IN, b.id, 'all');
    for (const p of ingress) {
      for (const rule of p.ingress ?? []) {
        for (const outside of outsidePeers(rule.from, namespaces, ANY_SOURCE)) add(outside, b.id, rawPorts(rule.ports));
      }
    }
  }
  return [...flows.values()]
    .map(f => ({ from: f.from, to: f.to, ports: formatPorts(f.ports) }))
    .sort((x, y) => x.from.localeCompare(y.from) || x.to.localeCompare(y.to));
}

/**
 * The flows as a Mermaid flowchart: workloads grouped by namespace, outside peers as rounded nodes,
 * edges labelled with their ports. Deterministic, so it diffs cleanly in pull requests.
 */
export function renderMermaid(flows: readonly TrafficFlow[], objects: readonly Obj[]): string {
  const workloads = objects.flatMap(toWorkload);
  const byId = new Map(workloads.map(w => [w.id, w]));
  const nodes = [...new Set([...workloads.map(w => w.id), ...flows.flatMap(f => [f.from, f.to])])].sort();
  const ids = new Map(nodes.map((n, i) => [n, `n${i}`]));
  const lines = ['flowchart LR'];
  const byNamespace = new Map<string, Workload[]>();
  for (const n of nodes) {
    const w = byId.get(n);
    if (w) byNamespace.set(w.namespace, [...(byNamespace.get(w.namespace) ?? []), w]);
  }
  [...byNamespace.keys()].sort().forEach((ns, i) => {
    lines.push(`  subgraph ns${i}["namespace ${escape(ns)}"]`);
    for (const w of byNamespace.get(ns)!) lines.push(`    ${ids.get(w.id)}["${escape(`${w.kind} ${w.name}`)}"]`);
    lines.push('  end');
  });
  for (const n of nodes) if (!byId.has(n)) lines.push(`  ${ids.get(n)}(["${escape(n)}"])`);
  for (const f of flows) lines.push(`  ${ids.get(f.from)} -->|"${escape(f.ports.join(', '))}"| ${ids.get(f.to)}`);
  return lines.join('\n') + '\n';
}

function namespaceLabels(objects: readonly Obj[]): Map<string, Record<string, string>> {
  const result = new Map<string, Record<string, string>>();
  for (const o of objects) {
    if (o.kind !== 'Namespace' || !o.metadata?.name) continue;
    result.set(o.metadata.name, { ...o.metadata.labels, [NAMESPACE_NAME_LABEL]: o.metadata.name });
  }
  return result;
}

function toWorkload(o: Obj): Workload[] {
  const template = o.kind === 'Pod' ? o
    : o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template
      : ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'ReplicationController'].includes(o.kind) ? o.spec?.template : undefined;
  if (!template || !o.metadata?.name) return [];
  const namespace = o.metadata.namespace ?? 'default';
  const containers: Obj[] = template.spec?.containers ?? [];
  return [{
    id: `${namespace}/${o.kind}/${o.metadata.name}`,
    kind: o.kind,
    name: o.metadata.name,
    namespace,
    labels: template.metadata?.labels ?? {},
    ports: containers.flatMap(c => (c.ports ?? []).map((p: Obj) => ({ name: p.name, number: p.containerPort, protocol: p.protocol ?? 'TCP' }))),
  }];
}

function toPolicy(o: Obj): Policy {
  const types: string[] = o.spec.policyTypes ?? ['Ingress', ...(o.spec.egress ? ['Egress'] : [])];
  return {
    namespace: o.metadata?.namespace ?? 'default',
    podSelector: o.spec.podSelector ?? {},
    // A direction the policy governs with no rules denies everything in it: an empty list, not "no policy".
    ingress: types.includes('Ingress') ? (o.spec.ingress ?? []) : undefined,
    egress: types.includes('Egress') ? (o.spec.egress ?? []) : undefined,
  };
}

function peerMatches(peer: Obj, policyNamespace: string, w: Workload, namespaces: Map<string, Record<string, string>>): boolean {
  if (peer.ipBlock) return false;
  if (peer.namespaceSelector) {
    return matchesSelector(peer.namespaceSelector, namespaces.get(w.namespace)) && matchesSelector(peer.podSelector, w.labels);
  }
  return w.namespace === policyNamespace && matchesSelector(peer.podSelector, w.labels);
}

/** Ports allowed towards `target` by the rules whose peers `match` (no peers: everyone). */
function allowedPorts(policies: readonly Policy[], direction: 'ingress' | 'egress', peersKey: 'from' | 'to', match: (peer: Obj) => boolean, target: Workload): PortSet {
  let result: PortSet = [];
  for (const p of policies) {
    for (const rule of p[direction] ?? []) {
      const peers: Obj[] | undefined = rule[peersKey];
      if (peers?.length && !peers.some(match)) continue;
      result = union(result, resolvePorts(rule.ports, target));
    }
  }
  return result;
}

/** Rule ports as intervals, named ports resolved against the destination's containers (unknown names open nothing). */
function resolvePorts(ports: Obj[] | undefined, target: Workload): PortSet {
  if (!ports?.length) return 'all';
  return ports.flatMap((p): Interval[] => {
    const protocol = p.protocol ?? 'TCP';
    if (p.port === undefined) return [{ protocol, from: 1, to: 65535 }];
    if (typeof p.port === 'string') {
      const named = target.ports.find(c => c.name === p.port && c.protocol === protocol);
      return named ? [{ protocol, from: named.number, to: named.number }] : [];
    }
    return [{ protocol, from: p.port, to: p.endPort ?? p.port }];
  });
}

/** Peers of a rule that lie outside the workloads of the objects, as node names. */
function outsidePeers(peers: Obj[] | undefined, namespaces: Map<string, Record<string, string>>, anyone: string): string[] {
  if (!peers?.length) return [anyone];
  return peers.flatMap(peer => {
    if (peer.ipBlock) return [`cidr ${peer.ipBlock.cidr}${peer.ipBlock.except?.length ? ` except ${peer.ipBlock.except.join(', ')}` : ''}`];
    if (!peer.namespaceSelector) return [];
    const pods = peer.podSelector && !isEmptySelector(peer.podSelector) ? ` pods ${formatSelector(peer.podSelector)}` : '';
    const byName: string | undefined = peer.namespaceSelector.matchLabels?.[NAMESPACE_NAME_LABEL];
    if (byName !== undefined) return namespaces.has(byName) ? [] : [`namespace ${byName}${pods}`];
    // A selector by other labels may also match namespaces outside the objects.
    return [`namespaces ${isEmptySelector(peer.namespaceSelector) ? '(all)' : formatSelector(peer.namespaceSelector)}${pods}`];
  });
}

function rawPorts(ports: Obj[] | undefined): string[] {
  if (!ports?.length) return ['all ports'];
  return ports.map(p => `${p.protocol ?? 'TCP'} ${p.port === undefined ? 'all' : p.endPort !== undefined ? `${p.port}-${p.endPort}` : p.port}`);
}

function isEmptySelector(s: PlainLabelSelector): boolean {
  return !Object.keys(s.matchLabels ?? {}).length && !(s.matchExpressions ?? []).length;
}

function formatSelector(s: PlainLabelSelector): string {
  const labels = Object.entries(s.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  const exprs = (s.matchExpressions ?? []).map(e => `${e.key} ${e.operator}${e.values?.length ? ` (${e.values.join(',')})` : ''}`);
  return [...labels, ...exprs].join(',');
}

function union(a: PortSet, b: PortSet): PortSet {
  return a === 'all' || b === 'all' ? 'all' : [...a, ...b];
}

function unionAny(a: PortSet | string[], b: PortSet | string[]): PortSet | string[] {
  if (a === 'all' || b === 'all') return 'all';
  if (isRaw(a) || isRaw(b)) return [...new Set([...formatPorts(a), ...formatPorts(b)])];
  return [...a, ...b];
}

function isRaw(p: Interval[] | string[]): p is string[] {
  return p.length > 0 && typeof p[0] === 'string';
}

function intersect(a: PortSet, b: PortSet): PortSet {
  if (a === 'all') return b;
  if (b === 'all') return a;
  return a.flatMap(x => b.filter(y => y.protocol === x.protocol && y.from <= x.to && x.from <= y.to)
    .map(y => ({ protocol: x.protocol, from: Math.max(x.from, y.from), to: Math.min(x.to, y.to) })));
}

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

function formatPorts(ports: PortSet | string[]): string[] {
  if (ports === 'all') return ['all ports'];
  if (isRaw(ports)) return [...ports].sort();
  const sorted = [...ports].sort((x, y) => PROTOCOLS.indexOf(x.protocol) - PROTOCOLS.indexOf(y.protocol) || x.from - y.from);
  const merged: Interval[] = [];
  for (const p of sorted) {
    const last = merged[merged.length - 1];
    if (last && last.protocol === p.protocol && p.from <= last.to + 1) merged[merged.length - 1] = { ...last, to: Math.max(last.to, p.to) };
    else merged.push(p);
  }
  return merged.map(p => `${p.protocol} ${p.from === p.to ? p.from : `${p.from}-${p.to}`}`);
}

function escape(text: string): string {
  return text.replace(/"/g, '#quot;');
}
