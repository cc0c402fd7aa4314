import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { canonicalJson } from '../manifest/objects';

/** Istio settings of an IsolatedNamespace whose workloads run in the mesh. */
export interface IstioMeshOptions {
  /**
   * Trust domain of the mesh, the first part of workload identities (`<trustDomain>/ns/<namespace>/sa/<account>`).
   *
   * @default 'cluster.local'
   */
  readonly trustDomain?: string;
  /**
   * Namespace of istiod, which the sidecars must reach (TCP 15012) for configuration and certificates.
   *
   * @default 'istio-system'
   */
  readonly controlPlaneNamespace?: string;
  /**
   * Labels of the istiod pods.
   *
   * @default { app: 'istiod' }
   */
  readonly controlPlanePodLabels?: { [key: string]: string };
}

/** Internal: the mesh settings with defaults applied. */
export interface ResolvedMesh {
  readonly trustDomain: string;
  readonly controlPlaneNamespace: string;
  readonly controlPlanePodLabels: Record<string, string>;
}

export function resolveMesh(options: IstioMeshOptions): ResolvedMesh {
  return {
    trustDomain: options.trustDomain ?? 'cluster.local',
    controlPlaneNamespace: options.controlPlaneNamespace ?? 'istio-system',
    controlPlanePodLabels: { ...(options.controlPlanePodLabels ?? { app: 'istiod' }) },
  };
}

/** An AuthorizationPolicy source: who a request comes from. */
export interface MeshSource {
  readonly principals?: string[];
  readonly namespaces?: string[];
  readonly ipBlocks?: string[];
  readonly notIpBlocks?: string[];
}

/** The ALLOW rules of one AuthorizationPolicy, derived from the same declarations as the NetworkPolicies. */
export class MeshRules {
  private readonly rules = new Map<string, { source: MeshSource; ports: Set<number> }>();

  /** Allow requests from `source` to `ports`. */
  public allow(source: MeshSource, ports: readonly number[]): void {
    const key = canonicalJson(source);
    const rule = this.rules.get(key) ?? { source, ports: new Set<number>() };
    ports.forEach(p => rule.ports.add(p));
    this.rules.set(key, rule);
  }

  /** The `rules` of the AuthorizationPolicy. */
  public render(): Array<Record<string, unknown>> {
    return [...this.rules.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, r]) => ({
      from: [{ source: r.source }],
      to: [{ operation: { ports: [...r.ports].sort((a, b) => a - b).map(String) } }],
    }));
  }
}

/** Mutual TLS required for every workload of the namespace: plaintext is refused. */
export function createStrictPeerAuthentication(scope: Construct, namespace: string, labels: Record<string, string>): ApiObject {
  return new ApiObject(scope, 'PeerAuthentication', {
    apiVersion: 'security.istio.io/v1beta1',
    kind: 'PeerAuthentication',
    metadata: { name: 'default', namespace, labels },
    spec: { mtls: { mode: 'STRICT' } },
  } as any);
}

/** An ALLOW policy without rules: the mesh's default deny for the namespace, which the ALLOW policies open. */
export function createAllowNothing(scope: Construct, namespace: string, labels: Record<string, string>): ApiObject {
  return new ApiObject(scope, 'AllowNothing', {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name: 'allow-nothing', namespace, labels },
    spec: {},
  } as any);
}

/** An ALLOW policy for the pods selected by `podLabels` (all pods of the namespace if undefined). */
export function createAllowPolicy(
  scope: Construct, id: string, name: string, namespace: string, labels: Record<string, string>,
  podLabels: Record<string, string> | undefined, rules: MeshRules,
): ApiObject {
  return new ApiObject(scope, id, {
    apiVersion: 'security.istio.io/v1',
    kind: 'AuthorizationPolicy',
    metadata: { name, namespace, labels },
    spec: Lazy.any({
      produce: () => ({
        action: 'ALLOW',
        rules: rules.render(),
        ...(podLabels ? { selector: { matchLabels: podLabels } } : {}),
      }),
    }),
  } as any);
}
