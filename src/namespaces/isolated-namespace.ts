import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { ComplianceZone, ZonePlacement, zonePlacement } from './compliance-zone';
import { membersEmittedFirst } from './output-order';
import { isPodSecurityLabel, podSecurityMetadata, PodSecurityOptions } from './pod-security';
import { ContainerLimits, createLimitRange, createQuota, NamespaceQuota, ResolvedLimits } from './resource-limits';
import { allMembers, TeamAccess, TeamRoles } from './team-access';
import { Protocol } from '../core/container';
import { checkAnnotationLiterals } from '../core/credential-literals';
import { propError } from '../core/errors';
import { checkDnsLabel, checkLabels } from '../core/validation';
import { parseExemptionKey } from '../manifest/exemption-keys';
import { NAMESPACE_NAME_LABEL } from '../manifest/label-selector';
import { sortKeys } from '../manifest/objects';
import { ClusterDnsOptions, clusterDnsPeer, DNS_PORTS } from '../network/cluster-dns';
import { declareFlow } from '../network/declared-flow';
import { findAppNamespace, ITrafficEndpoint, registerAppNamespace, TrafficEndpoint } from '../network/endpoint';
import { ExternalServiceType } from '../network/external-service';
import { createAllowNothing, createAllowPolicy, createStrictPeerAuthentication, IstioMeshOptions, MeshRules, ResolvedMesh, resolveMesh } from '../network/istio';
import { justifiedAnnotation } from '../network/justification';
import { createDefaultDeny, createRulesPolicy } from '../network/network-policies';
import { IPeer, Peer } from '../network/peer';
import { PolicyRules } from '../network/policy-rules';
import { Port } from '../network/port';

/** An explicit, justified allowance for Services reachable from outside the cluster. */
export interface ExposureAllowance {
  /** How many such Services the namespace may have. */
  readonly count: number;
  /** Why the namespace needs them; recorded on the ResourceQuota. */
  readonly justification: string;
}

/** Props of an IsolatedNamespace. */
export interface IsolatedNamespaceProps {
  /** Namespace name (DNS-1123 label); not `default` or a `kube-` namespace. */
  readonly name: string;
  /**
   * Extra labels of the Namespace (the Pod Security Admission labels are set from `podSecurity`).
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Extra annotations of the Namespace.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * Pod Security Admission level and pinned version.
   *
   * @default - enforce, audit and warn `restricted` at v1.33
   */
  readonly podSecurity?: PodSecurityOptions;
  /**
   * Totals of the ResourceQuota.
   *
   * @default - see NamespaceQuota
   */
  readonly quota?: NamespaceQuota;
  /**
   * Per-container defaults and maximums of the LimitRange.
   *
   * @default - see ContainerLimits
   */
  readonly limits?: ContainerLimits;
  /**
   * Allow Services of type LoadBalancer (`exposeViaService`); the quota holds them at 0 otherwise.
   *
   * @default - none allowed
   */
  readonly loadBalancers?: ExposureAllowance;
  /**
   * Allow Services of type NodePort (`exposeViaService`); the quota holds them at 0 otherwise.
   *
   * @default - none allowed
   */
  readonly nodePorts?: ExposureAllowance;
  /**
   * Who may view, edit and administer the namespace.
   *
   * @default - nobody beyond cluster-wide roles
   */
  readonly team?: TeamAccess;
  /**
   * Dedicated nodes for the namespace's workloads; hardened workloads in it get the nodeSelector and toleration.
   *
   * @default - pods go to any node that does not taint them away
   */
  readonly complianceZone?: ComplianceZone;
  /**
   * Where the cluster DNS pods run; the namespace's only default egress.
   *
   * @default - pods labelled `k8s-app: kube-dns` in `kube-system`
   */
  readonly clusterDns?: ClusterDnsOptions;
  /**
   * Run the namespace in the Istio mesh: sidecar injection, mutual TLS STRICT (PeerAuthentication), an allow-nothing
   * AuthorizationPolicy, and ALLOW policies derived from the same declarations as the NetworkPolicies.
   * Needs the Istio CNI plugin: the `istio-init` container is refused by Pod Security `restricted`.
   *
   * @default - not in a mesh
   */
  readonly istio?: IstioMeshOptions;
}

const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'cdk8s' };
const RESERVED = /^(default|kube-.*)$/;

/**
 * A namespace that is isolated by default:
 *
 * - Pod Security Admission `restricted` (enforce, audit, warn; version pinned);
 * - a default-deny NetworkPolicy for ingress and egress of every pod, plus egress to the cluster DNS pods only
 *   (selected by labels; nothing is ever written into `kube-system`);
 * - a ResourceQuota (no node ports or load balancers unless allowed with a justification) and a LimitRange;
 * - the `default` ServiceAccount without an automatic token;
 * - team access through namespaced Roles without Secrets or exec;
 * - optionally, dedicated nodes (compliance zone) and Istio mTLS STRICT.
 *
 * Workloads join it with their `namespace` prop; traffic is opened only by declarations (`allowFrom`/`allowTo`).
 *
 * Ordering: its objects are emitted by the chart that contains it, at its place in the construct tree, so the
 * Namespace precedes its workloads when the namespace is created in an earlier chart (cdk8s emits charts in
 * creation order) or earlier in the same chart. No chart dependency is added (they make synth quadratic); a
 * workload placed before its namespace is refused at synth.
 */
export class IsolatedNamespace extends Construct implements IPeer, ITrafficEndpoint {
  /** The namespace's name. */
  public readonly name: string;
  /** The Namespace object. */
  public readonly apiObject: ApiObject;
  /** The NetworkPolicy that denies all ingress and egress not opened by another policy. */
  public readonly defaultDenyPolicy: ApiObject;
  /** The ResourceQuota. */
  public readonly quota: ApiObject;
  /** The compliance zone, if the namespace has one. */
  public readonly complianceZone?: ComplianceZone;

  /** @internal */ public readonly _zone?: ZonePlacement;
  /** @internal */ public readonly _limits: ResolvedLimits;
  /** @internal */ public readonly _mesh?: ResolvedMesh;

  private readonly props: IsolatedNamespaceProps;
  private readonly objectLabels: Record<string, string>;
  private readonly teamRoles: TeamRoles;
  private readonly members: IConstruct[] = [];
  private readonly exposures = new Map<ExternalServiceType, Array<{ owner: IConstruct; ports: number }>>();
  private readonly sharedWith = new Set<IsolatedNamespace>();
  private namespaceRules?: PolicyRules;
  private namespaceMesh?: MeshRules;

  public constructor(scope: Construct, id: string, props: IsolatedNamespaceProps) {
    super(scope, id);
    this.props = props;
    this.name = props.name;
    checkDnsLabel(this, 'name', props.name);
    if (RESERVED.test(props.name)) {
      throw propError(this, 'name', `"${props.name}" is a namespace of the cluster itself; this library never writes into it`, 'give the application its own namespace');
    }
    const existing = findAppNamespace(this.node.root, props.name);
    if (existing) {
      throw propError(this, 'name', `namespace "${props.name}" is already created by ${existing.node.path}`, 'give each IsolatedNamespace its own name, and put workloads in it with their namespace prop');
    }
    this.objectLabels = { ...MANAGED_BY };
    this.complianceZone = props.complianceZone;
    this._zone = props.complianceZone ? zonePlacement(this, props.complianceZone) : undefined;
    this._mesh = props.istio ? resolveMesh(props.istio) : undefined;
    const clusterDns = props.clusterDns ?? {};
    if (clusterDns.namespaceName !== undefined) checkDnsLabel(this, 'clusterDns.namespaceName', clusterDns.namespaceName);
    if (clusterDns.podLabels) checkLabels(this, 'clusterDns.podLabels', clusterDns.podLabels);

    this.apiObject = this.createNamespace(props);
    new ApiObject(this, 'DefaultServiceAccount', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'default', namespace: this.name, labels: this.objectLabels },
      // Pods that name no ServiceAccount run as `default`; they get no API token unless they ask for one.
      automountServiceAccountToken: false,
    } as any);

    this.defaultDenyPolicy = createDefaultDeny(this, this.name, this.objectLabels);
    const dns = new PolicyRules();
    dns.addEgress(clusterDnsPeer(clusterDns), DNS_PORTS);
    createRulesPolicy(this, 'AllowClusterDns', 'allow-cluster-dns', this.name, this.objectLabels, undefined, dns);
    if (this._mesh) this.createMeshObjects(this._mesh);

    this.quota = createQuota(this, this.name, this.objectLabels, this.allowanceAnnotations(props), props.quota ?? {}, {
      loadBalancers: props.loadBalancers?.count ?? 0,
      nodePorts: () => [...this.exposures.values()].flat().reduce((sum, e) => sum + e.ports, 0),
    });
    this._limits = createLimitRange(this, this.name, this.objectLabels, props.limits ?? {});

    this.teamRoles = new TeamRoles(this, this.name, this.objectLabels);
    if (props.team) this.teamRoles.bindTeam(this, props.team);

    this.node.addValidation({ validate: () => membersEmittedFirst(this, this.members) });
    registerAppNamespace(this.node.root, props.name, this);
  }

  /**
   * Allow traffic from a peer into every pod of the namespace, on the given ports (required: a namespace
   * declares no ports of its own). Emits the ingress rule here and, when the peer is a workload or namespace
   * of the app, its egress rule.
   */
  public allowFrom(peer: IPeer, ...ports: Port[]): void {
    declareFlow(this._trafficEndpoint(), 'allowFrom', peer, ports);
  }

  /**
   * Allow every pod of the namespace to reach a peer, on the given ports (by default, all ports a hardened
   * workload peer declares; required for any other peer). Emits the egress rule here and, when the peer is a
   * workload or namespace of the app, its ingress rule.
   */
  public allowTo(peer: IPeer, ...ports: Port[]): void {
    declareFlow(this._trafficEndpoint(), 'allowTo', peer, ports);
  }

  /**
   * Let this namespace's team (viewers, editors and admins) view the sibling namespaces read-only, e.g. so the
   * members of a team see each other's applications but change only their own. The RoleBindings are emitted in
   * each sibling, which must be an IsolatedNamespace of the same app.
   */
  public shareViewWith(...siblings: IsolatedNamespace[]): void {
    const members = allMembers(this.props.team);
    if (members.length === 0) {
      throw propError(this, 'shareViewWith(siblings)', 'this namespace has no team members to share the view with', 'set team.viewers, team.editors or team.admins');
    }
    siblings.forEach((sibling, i) => {
      const prop = `shareViewWith(siblings[${i}])`;
      if (sibling === this) throw propError(this, prop, 'a namespace cannot share its view with itself', 'pass the other namespaces of the team');
      if (sibling.node.root !== this.node.root) {
        throw propError(this, prop, `${sibling.node.path} belongs to another App`, 'share views among namespaces of the same App');
      }
      if (this.sharedWith.has(sibling)) return;
      this.sharedWith.add(sibling);
      sibling.teamRoles.bindSiblingViewers(`SiblingView-${this.name}`, `team-viewer-from-${this.name}`.slice(0, 63).replace(/-+$/, ''), members);
    });
  }

  /** The namespace as a peer: every pod in it. */
  public toPeer(): Peer {
    return Peer.namespace(this);
  }

  /**
   * The namespace as an end of declared flows.
   * @internal
   */
  public _trafficEndpoint(): TrafficEndpoint {
    const self = this;
    return {
      construct: this,
      kind: 'namespace',
      namespaceName: this.name,
      get rules() {
        self.namespaceRules ??= createNamespaceRules(self);
        return self.namespaceRules;
      },
      meshRules: () => {
        if (!this._mesh) return undefined;
        this.namespaceMesh ??= this.createNamespaceMesh();
        return { rules: this.namespaceMesh, trustDomain: this._mesh.trustDomain };
      },
    };
  }

  /**
   * Records a workload placed in this namespace (checked at synth to come after the namespace's objects).
   * @internal
   */
  public _addMember(member: IConstruct): void {
    if (member.node.root !== this.node.root) {
      throw propError(member, 'namespace', `${this.node.path} belongs to another App, so its Namespace would not be deployed with this workload`,
        'create the IsolatedNamespace in the same App as its workloads');
    }
    this.members.push(member);
  }

  /**
   * Counts an external Service against the namespace's allowance, refusing one that is not allowed.
   * @internal
   */
  public _admitExternalService(owner: IConstruct, prop: string, type: ExternalServiceType, ports: number): void {
    const allowance = type === ExternalServiceType.LOAD_BALANCER ? this.props.loadBalancers : this.props.nodePorts;
    const allowanceProp = type === ExternalServiceType.LOAD_BALANCER ? 'loadBalancers' : 'nodePorts';
    const used = this.exposures.get(type) ?? [];
    if (!allowance || allowance.count <= used.length) {
      throw propError(owner, prop, `namespace "${this.name}" allows ${allowance ? `only ${allowance.count}` : 'no'} Service(s) of type ${type}${used.length ? `, used by ${used.map(u => u.owner.node.path).join(', ')}` : ''}`,
        `set ${allowanceProp}: { count: ${used.length + 1}, justification: '<why>' } on the IsolatedNamespace ${this.node.path}, or expose through an Ingress with TLS`);
    }
    used.push({ owner, ports });
    this.exposures.set(type, used);
  }

  private createNamespace(props: IsolatedNamespaceProps): ApiObject {
    for (const key of Object.keys(props.labels ?? {})) {
      if (isPodSecurityLabel(key) || key === NAMESPACE_NAME_LABEL) {
        throw propError(this, `labels["${key}"]`, 'this label is set by the library (or the API server)', key === NAMESPACE_NAME_LABEL ? 'remove it' : 'use the podSecurity prop');
      }
    }
    for (const key of Object.keys(props.annotations ?? {})) {
      if (parseExemptionKey(key)) {
        throw propError(this, `annotations["${key}"]`, 'exemption annotations are written by the library from justified props', 'use the prop that relaxes the setting, with its justification');
      }
    }
    const psa = podSecurityMetadata(this, props.podSecurity);
    const labels = sortKeys({ ...MANAGED_BY, ...props.labels, ...this._zone?.namespaceLabels, ...(this._mesh ? { 'istio-injection': 'enabled' } : {}), ...psa.labels });
    checkLabels(this, 'labels', labels);
    checkAnnotationLiterals(this, 'annotations', props.annotations);
    const annotations = sortKeys({ ...props.annotations, ...this._zone?.namespaceAnnotations, ...psa.annotations });
    const ns = new ApiObject(this, 'Namespace', {
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: props.name, labels, ...(Object.keys(annotations).length ? { annotations } : {}) },
    } as any);
    // A Namespace is cluster-scoped: the chart's default namespace must not be stamped on it.
    if (Chart.of(this).namespace !== undefined) ns.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
    return ns;
  }

  private allowanceAnnotations(props: IsolatedNamespaceProps): Record<string, string> {
    const annotations: Record<string, string> = {};
    for (const [prop, kind, allowance] of [['loadBalancers', 'load-balancers', props.loadBalancers], ['nodePorts', 'node-ports', props.nodePorts]] as const) {
      if (!allowance) continue;
      if (!Number.isInteger(allowance.count) || allowance.count < 1) {
        throw propError(this, `${prop}.count`, `${allowance.count} is not a positive number of Services`, `use 1 or more, or leave ${prop} out`);
      }
      const [key, value] = justifiedAnnotation(this, prop, kind, allowance.justification);
      annotations[key] = `${allowance.count}: ${value}`;
    }
    return annotations;
  }

  private createMeshObjects(mesh: ResolvedMesh): void {
    createStrictPeerAuthentication(this, this.name, this.objectLabels);
    createAllowNothing(this, this.name, this.objectLabels);
    // Sidecars fetch their configuration and certificates from istiod; without this the default deny cuts them off.
    const controlPlane = new PolicyRules();
    controlPlane.addEgress({
      namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: mesh.controlPlaneNamespace } },
      podSelector: { matchLabels: mesh.controlPlanePodLabels },
    }, [{ protocol: Protocol.TCP, port: 15012 }]);
    createRulesPolicy(this, 'AllowMeshControlPlane', 'allow-istio-control-plane', this.name, this.objectLabels, undefined, controlPlane);
  }

  private createNamespaceMesh(): MeshRules {
    const rules = new MeshRules();
    createAllowPolicy(this, 'NamespaceAuthorization', 'namespace-traffic', this.name, this.objectLabels, undefined, rules);
    return rules;
  }

}

/** Names of the namespace-level policies, which a workload's own policy must not take. */
export const RESERVED_POLICY_NAMES = new Set(['default-deny', 'allow-cluster-dns', 'allow-istio-control-plane', 'namespace-traffic', 'allow-nothing']);

function createNamespaceRules(ns: IsolatedNamespace): PolicyRules {
  const rules = new PolicyRules();
  createRulesPolicy(ns, 'NamespaceTraffic', 'namespace-traffic', ns.name, { ...MANAGED_BY }, undefined, rules);
  return rules;
}
