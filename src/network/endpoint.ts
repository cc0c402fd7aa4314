import { IConstruct } from 'constructs';
import { MeshRules } from './istio';
import { PolicyRules } from './policy-rules';
import { Protocol } from '../core/container';

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

/** Constructs of this library that can be a peer of a flow with both sides emitted. */
interface EndpointProvider {
  _trafficEndpoint(): TrafficEndpoint;
}

/** The endpoint of a construct of this library, or undefined for anything else. */
export function trafficEndpointOf(x: unknown): TrafficEndpoint | undefined {
  const provider = x as Partial<EndpointProvider> | undefined;
  return typeof provider?._trafficEndpoint === 'function' ? provider._trafficEndpoint() : undefined;
}

/** The label every namespace carries with its own name (set by the API server since Kubernetes 1.21). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

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
