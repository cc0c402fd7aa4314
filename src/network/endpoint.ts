import { IConstruct } from 'constructs';
import { MeshRules } from './istio';
import { PolicyRules } from './policy-rules';
import { Protocol } from '../core/container';
import { propError } from '../core/errors';

/** A port a workload's containers declare. */
export interface DeclaredPort {
  readonly name: string;
  readonly number: number;
  readonly protocol: Protocol;
}

/**
 * What the network layer needs from a workload or an IsolatedNamespace of the app to emit both sides of a
 * declared flow: where its pods are, which ports they open, and where its rules go.
 */
export interface TrafficEndpoint {
  readonly construct: IConstruct;
  readonly kind: 'workload' | 'namespace';
  /** Namespace of its pods; undefined when it runs in a chart without a namespace. */
  readonly namespaceName: string | undefined;
  /** Labels of its pods; undefined for a whole namespace. */
  readonly podLabels?: Record<string, string>;
  /** Ports its containers declare (workloads only). */
  readonly ports?: readonly DeclaredPort[];
  /** The ClusterIP Service that selects its pods, if it has one (workloads only). */
  readonly serviceName?: string;
  /** The ServiceAccount its pods run as (workloads only): their mesh identity. */
  readonly serviceAccountName?: string;
  /** The rules of the NetworkPolicy that selects its pods. */
  readonly rules: PolicyRules;
  /** Its Istio authorization rules, when its namespace is in the mesh (created on first use). */
  meshRules(): MeshTarget | undefined;
}

/** The Istio side of an endpoint: the ALLOW rules of its AuthorizationPolicy and the mesh's trust domain. */
export interface MeshTarget {
  readonly rules: MeshRules;
  readonly trustDomain: string;
}

/**
 * A construct of the app whose pods a flow reaches with both of its sides emitted: a hardened workload
 * (`IHardenedWorkload`) or an `IsolatedNamespace`. The network layer reads what it needs from it as a
 * `TrafficEndpoint`, so it never depends on the constructs above it.
 */
export interface ITrafficEndpoint extends IConstruct {
  /** Name of the workload or namespace. */
  readonly name: string;
}

/** What an IsolatedNamespace does when a construct joins it: checks the App and counts exposures. */
interface NamespaceMembership {
  _addMember(member: IConstruct): void;
}

/**
 * Makes `member` (a workload or Ingress created in `namespace`) a member of that IsolatedNamespace, refusing
 * anything else passed as a namespace.
 */
export function joinAppNamespace(namespace: ITrafficEndpoint | undefined, member: IConstruct): void {
  if (namespace === undefined) return;
  const ns = namespace as Partial<NamespaceMembership>;
  if (typeof ns._addMember !== 'function') {
    throw propError(member, 'namespace', `${namespace.node?.path ?? String(namespace)} is not an IsolatedNamespace of this library`,
      'pass an IsolatedNamespace, or leave the prop out to use the chart\'s namespace');
  }
  ns._addMember(member);
}

/** Constructs of this library that can be a peer of a flow with both sides emitted. */
interface EndpointProvider {
  _trafficEndpoint(): TrafficEndpoint;
}

/** The endpoint of a construct of this library, or undefined for anything else. */
export function trafficEndpointOf(x: unknown): TrafficEndpoint | undefined {
  const provider = x as Partial<EndpointProvider> | undefined;
  return typeof provider?._trafficEndpoint === 'function' ? provider._trafficEndpoint() : undefined;
}


const appNamespaces = new WeakMap<IConstruct, Map<string, IConstruct>>();

/** Records that the app whose root is `root` creates the namespace `name` (one IsolatedNamespace per name). */
export function registerAppNamespace(root: IConstruct, name: string, construct: IConstruct): void {
  const names = appNamespaces.get(root) ?? new Map<string, IConstruct>();
  appNamespaces.set(root, names);
  names.set(name, construct);
}

/** The IsolatedNamespace of the app with this name, if any. */
export function findAppNamespace(root: IConstruct, name: string): IConstruct | undefined {
  return appNamespaces.get(root)?.get(name);
}
