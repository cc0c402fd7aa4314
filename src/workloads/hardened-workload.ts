import { ApiObject, Chart, Names } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { WorkloadExposure } from './workload-exposure';
import { PLAINTEXT_SECRETS_GATE, requireAppGate } from '../core/app-gates';
import { checkAnnotationLiterals } from '../core/credential-literals';
import { propError } from '../core/errors';
import { HardenedPod, HardenedPodProps, hardenPod, PodIntent } from '../core/pod-template';
import { checkAnnotations, checkDnsLabel, checkLabels, checkServiceName } from '../core/validation';
import { parseExemptionKey } from '../manifest/exemption-keys';
import { sortKeys } from '../manifest/objects';
import { isToolExemptionKey } from '../manifest/tool-exemptions';
import { IsolatedNamespace, RESERVED_POLICY_NAMES } from '../namespaces/isolated-namespace';
import { checkContainersFit } from '../namespaces/resource-limits';
import { clusterDnsPeer, DNS_PORTS } from '../network/cluster-dns';
import { declareFlow } from '../network/declared-flow';
import { ITrafficEndpoint, TrafficEndpoint } from '../network/endpoint';
import { ExternalServiceOptions } from '../network/external-service';
import { HardenedIngress, IngressExposureOptions } from '../network/hardened-ingress';
import { createAllowPolicy, MeshRules } from '../network/istio';
import { createRulesPolicy } from '../network/network-policies';
import { IPeer, Peer } from '../network/peer';
import { PolicyRules } from '../network/policy-rules';
import { Port } from '../network/port';
import { LeastPrivilegeServiceAccount } from '../rbac/least-privilege-service-account';
import { IServiceAccount } from '../rbac/service-account';
import { checkSecretConsumers } from '../secrets/secret-mount';

/**
 * Workload names taken per app (keyed by the root construct): `<namespace>/<name>` → construct path. Every workload
 * emits a ServiceAccount, NetworkPolicy (and Service, PodDisruptionBudget) of its own name, so two workloads of one name
 * in one namespace overwrite each other's objects at apply time whatever their kinds.
 */
const TAKEN_NAMES = new WeakMap<IConstruct, Map<string, string>>();

/**
 * Refuses a second workload of the same name in the same namespace of one app, naming both. When no namespace is set
 * the objects land wherever they are applied, so only workloads of the same chart (one output file) are known to clash.
 */
function claimName(workload: HardenedWorkload): void {
  const namespace = workload.namespace;
  const where = namespace !== undefined ? `namespace:${namespace}` : `chart:${Chart.of(workload).node.path}`;
  const key = `${where}/${workload.name}`;
  const root = workload.node.root;
  const taken = TAKEN_NAMES.get(root) ?? new Map<string, string>();
  TAKEN_NAMES.set(root, taken);
  const other = taken.get(key);
  if (other !== undefined) {
    throw propError(workload, 'name', `"${workload.name}" is already the name of the workload at ${other} in ${namespace !== undefined ? `namespace "${namespace}"` : 'the same chart'}; `
      + 'their Deployments/Jobs, ServiceAccounts, Services and NetworkPolicies would overwrite each other when applied', 'give each workload of a namespace its own name');
  }
  taken.set(key, workload.node.path);
}

/** What every hardened workload accepts besides its pod. */
export interface HardenedWorkloadProps extends HardenedPodProps {
  /**
   * Name of the workload and of the Service, ServiceAccount and PodDisruptionBudget made for it.
   *
   * @default - a unique name derived from the construct path (cdk8s convention)
   */
  readonly name?: string;
  /**
   * The application's name, `app.kubernetes.io/name`.
   *
   * @default - the workload's name
   */
  readonly appName?: string;
  /**
   * Higher-level application this is part of, `app.kubernetes.io/part-of`.
   *
   * @default - not set
   */
  readonly partOf?: string;
  /**
   * Role within the application, `app.kubernetes.io/component` (e.g. `api`, `database`).
   *
   * @default - not set
   */
  readonly component?: string;
  /**
   * Extra labels on every object and pod.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Extra annotations on the workload object.
   *
   * @default - none
   */
  readonly annotations?: { [key: string]: string };
  /**
   * ServiceAccount the pods run as, in the workload's namespace.
   *
   * @default - a dedicated LeastPrivilegeServiceAccount without permissions (automountServiceAccountToken false);
   * grant it what the pods need through the workload's `serviceAccount`
   */
  readonly serviceAccount?: IServiceAccount;
  /**
   * The IsolatedNamespace the workload runs in: its objects land there (metadata.namespace is set on each),
   * and its pods get the namespace's compliance-zone placement and fit its LimitRange.
   *
   * @default - the chart's namespace, without namespace-level isolation
   */
  readonly namespace?: IsolatedNamespace;
}

/** Internal: how a workload kind uses the shared parts. */
export interface WorkloadKind {
  readonly role: PodIntent['role'];
  readonly restartPolicy: PodIntent['restartPolicy'];
  readonly replicas?: number;
  /** Longest name the kind allows (CronJob names leave room for the Job suffix). */
  readonly maxNameLength: number;
  readonly mainVolumeMounts?: PodIntent['mainVolumeMounts'];
}

/** A workload of this library: what other constructs (policies, grants) need to refer to it. */
export interface IHardenedWorkload extends ITrafficEndpoint {
  /** Labels that select this workload's pods. */
  readonly selectorLabels: { [key: string]: string };
  /** Name of the ServiceAccount the pods run as. */
  readonly serviceAccountName: string;
}

/**
 * What every hardened workload has: a name, labels, a pod hardened by the core, and its ServiceAccount.
 * Kind-specific classes add their own object (Deployment, StatefulSet, Job, CronJob) and companions.
 * Hidden from the jsii API: its members surface on each kind's class.
 * @internal
 */
export abstract class HardenedWorkload extends Construct implements IHardenedWorkload, IPeer {
  /** Name of the workload object and its companions. */
  public readonly name: string;
  /** Labels that select this workload's pods. */
  public readonly selectorLabels: { [key: string]: string };
  /** Name of the ServiceAccount the pods run as. */
  public readonly serviceAccountName: string;
  /** The ServiceAccount object made for this workload, unless one was given. */
  public readonly serviceAccountObject?: ApiObject;
  /**
   * The LeastPrivilegeServiceAccount the pods run as: the one made for this workload, or the one given.
   * Undefined when another kind of ServiceAccount was given.
   */
  public readonly serviceAccount?: LeastPrivilegeServiceAccount;
  /**
   * The NetworkPolicy that selects the pods (Ingress and Egress) and holds the traffic declared for them with
   * `allowFrom`/`allowTo`, `exposeViaIngress` and `exposeViaService`. Outside an IsolatedNamespace it also allows
   * egress to the cluster DNS, so every pod is denied by default even without a namespace-level policy.
   */
  public readonly networkPolicy: ApiObject;
  /** The IsolatedNamespace the workload runs in, if any. */
  public readonly isolatedNamespace?: IsolatedNamespace;

  /** @internal */ protected readonly _labels: Record<string, string>;
  /** @internal */ protected readonly _pod: HardenedPod;
  /** @internal */ protected readonly _annotations: Record<string, string>;
  private readonly trafficRules = new PolicyRules();
  private serviceName?: string;
  private meshRules?: MeshRules;
  private readonly exposure: WorkloadExposure;

  protected constructor(scope: Construct, id: string, props: HardenedWorkloadProps, kind: WorkloadKind) {
    super(scope, id);
    requireAppGate(this, PLAINTEXT_SECRETS_GATE);
    this.isolatedNamespace = props.namespace;
    props.namespace?._addMember(this);
    this.name = props.name ?? Names.toDnsLabel(this, { maxLen: kind.maxNameLength });
    if (this.name.length > kind.maxNameLength) {
      throw propError(this, 'name', `"${this.name}" is longer than ${kind.maxNameLength} characters`, `use at most ${kind.maxNameLength} characters`);
    }
    checkDnsLabel(this, 'name', this.name);
    if (props.namespace && RESERVED_POLICY_NAMES.has(this.name)) {
      throw propError(this, 'name', `"${this.name}" is the name of a NetworkPolicy of the IsolatedNamespace, which the workload's own policy would replace`, 'choose another name');
    }
    claimName(this);
    if (props.annotations !== undefined) checkAnnotations(this, 'annotations', props.annotations);
    const appName = props.appName ?? this.name;
    this.selectorLabels = { 'app.kubernetes.io/instance': this.name, 'app.kubernetes.io/name': appName };

    this.serviceAccountName = props.serviceAccount?.name ?? this.name;
    checkDnsLabel(this, 'serviceAccount.name', this.serviceAccountName);
    const saNamespace = props.serviceAccount?.namespace;
    if (saNamespace !== undefined && saNamespace !== this.namespace) {
      throw propError(this, 'serviceAccount', `ServiceAccount "${this.serviceAccountName}" is in namespace "${saNamespace}", but the pods run in ${this.namespace ? `"${this.namespace}"` : 'the chart\'s (unset) namespace'}; pods can only use a ServiceAccount of their own namespace`,
        'create the ServiceAccount in the workload\'s namespace');
    }

    const pod = hardenPod(this, {
      props,
      prop: 'props',
      labels: {},
      selector: this.selectorLabels,
      serviceAccountName: this.serviceAccountName,
      role: kind.role,
      restartPolicy: kind.restartPolicy,
      replicas: kind.replicas,
      mainVolumeMounts: kind.mainVolumeMounts,
      placement: props.namespace?._zone,
    });
    if (props.namespace) {
      const spec = pod.template.spec as { containers: Array<Record<string, any>>; initContainers?: Array<Record<string, any>> };
      checkContainersFit(this, props.namespace.name, props.namespace._limits, [...spec.containers, ...(spec.initContainers ?? [])]);
    }
    this._labels = this.buildLabels(props, pod.imageTag);
    this.exposure = new WorkloadExposure({
      construct: this, labels: this._labels, isolatedNamespace: this.isolatedNamespace, endpoint: () => this._trafficEndpoint(),
    });
    (pod.template.metadata as { labels: Record<string, string> }).labels = this.podLabels(props.serviceAccount);
    this._pod = pod;
    this._annotations = this.buildAnnotations(props, pod.annotations);

    if (!props.serviceAccount) {
      this.serviceAccount = new LeastPrivilegeServiceAccount(this, 'ServiceAccount', { name: this.serviceAccountName, labels: this._labels, namespace: this.isolatedNamespace?.name });
      this.serviceAccountObject = this.serviceAccount.apiObject;
    } else if (props.serviceAccount instanceof LeastPrivilegeServiceAccount) {
      this.serviceAccount = props.serviceAccount;
    }
    checkSecretConsumers(this, props, this.namespace, this.serviceAccount);

    // Outside an IsolatedNamespace nothing else opens DNS, and a pod that cannot resolve names is broken.
    if (!props.namespace) this.trafficRules.addEgress(clusterDnsPeer(), DNS_PORTS);
    this.networkPolicy = createRulesPolicy(this, 'NetworkPolicy', this.name, this.namespace, this._labels, this.selectorLabels, this.trafficRules);
  }

  /** Namespace the workload's objects land in: its IsolatedNamespace's, else the chart's. */
  public get namespace(): string | undefined {
    return this.isolatedNamespace?.name ?? Chart.of(this).namespace;
  }

  /**
   * Allow a peer to reach this workload's pods: another hardened workload, an IsolatedNamespace, or a `Peer`
   * (pods by labels, an ingress controller, a namespace by name, a CIDR). Emits the ingress rule on this workload
   * and, when the peer is a workload or namespace of the app, the matching egress rule on the peer.
   *
   * @param ports default - every port this workload declares; each must be one it declares
   */
  public allowFrom(peer: IPeer, ...ports: Port[]): void {
    declareFlow(this._trafficEndpoint(), 'allowFrom', peer, ports);
  }

  /**
   * Allow this workload's pods to reach a peer. Emits the egress rule on this workload and, when the peer is a
   * workload or namespace of the app, the matching ingress rule on the peer.
   *
   * @param ports default - every port a hardened workload peer declares; required for any other peer
   */
  public allowTo(peer: IPeer, ...ports: Port[]): void {
    declareFlow(this._trafficEndpoint(), 'allowTo', peer, ports);
  }

  /**
   * Route HTTPS from an ingress controller to this workload: a HardenedIngress (TLS required) in the workload's
   * namespace, and an ingress rule from the controller's pods on the routed port. Call once; add more routes to
   * the returned Ingress.
   */
  public exposeViaIngress(options: IngressExposureOptions): HardenedIngress {
    return this.exposure.viaIngress(options);
  }

  /**
   * Expose the workload outside the cluster with a LoadBalancer or NodePort Service: an explicit exception to
   * exposure through an Ingress with TLS. Needs a justification, client CIDRs (which become its ingress rules),
   * and, in an IsolatedNamespace, the namespace's `loadBalancers`/`nodePorts` allowance, which lifts its quota.
   */
  public exposeViaService(options: ExternalServiceOptions): ApiObject {
    return this.exposure.viaService(options);
  }

  /** This workload as a peer of declared traffic. */
  public toPeer(): Peer {
    return Peer.workload(this);
  }

  /**
   * The workload as an end of declared flows.
   * @internal
   */
  public _trafficEndpoint(): TrafficEndpoint {
    return {
      construct: this,
      kind: 'workload',
      namespaceName: this.namespace,
      podLabels: this.selectorLabels,
      ports: this._pod.ports,
      serviceName: this.serviceName,
      serviceAccountName: this.serviceAccountName,
      rules: this.trafficRules,
      meshRules: () => {
        const mesh = this.isolatedNamespace?._mesh;
        if (!mesh) return undefined;
        this.meshRules ??= this.createMeshRules();
        return { rules: this.meshRules, trustDomain: mesh.trustDomain };
      },
    };
  }

  /**
   * Metadata of the workload object.
   * @internal
   */
  protected _metadata(): Record<string, unknown> {
    return {
      name: this.name,
      ...this.namespaceMetadata(),
      labels: this._labels,
      ...(Object.keys(this._annotations).length ? { annotations: this._annotations } : {}),
    };
  }

  /**
   * A Service for the pods' ports: ClusterIP, or headless for a StatefulSet's stable network identities.
   * @internal
   */
  protected _createService(headless: boolean): ApiObject | undefined {
    const ports = this._pod.ports;
    // A headless Service is still needed without ports: it is what gives StatefulSet pods their DNS names.
    if (ports.length === 0 && !headless) return undefined;
    checkServiceName(this, 'name', this.name);
    this.serviceName = this.name;
    return new ApiObject(this, 'Service', {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: this.name, ...this.namespaceMetadata(), labels: this._labels },
      spec: {
        ...(headless ? { clusterIP: 'None' } : {}),
        ...(ports.length ? { ports: ports.map(p => ({ name: p.name, port: p.number, protocol: p.protocol, targetPort: p.name })) } : {}),
        selector: this.selectorLabels,
        type: 'ClusterIP',
      },
    } as any);
  }

  /**
   * A PodDisruptionBudget so voluntary disruptions (drains, upgrades) take at most `maxUnavailable` pods at a time.
   * @internal
   */
  protected _createDisruptionBudget(maxUnavailable: number): ApiObject {
    return new ApiObject(this, 'PodDisruptionBudget', {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: this.name, ...this.namespaceMetadata(), labels: this._labels },
      spec: { maxUnavailable, selector: { matchLabels: this.selectorLabels } },
    } as any);
  }

  /** `metadata.namespace`, set explicitly on every object the workload emits when its namespace is known. */
  private namespaceMetadata(): { namespace?: string } {
    const namespace = this.namespace;
    return namespace !== undefined ? { namespace } : {};
  }

  /** The Istio ALLOW policy of the pods, created when the first flow into them is declared. */
  private createMeshRules(): MeshRules {
    const rules = new MeshRules();
    createAllowPolicy(this, 'AuthorizationPolicy', this.name, this.namespace!, this._labels, this.selectorLabels, rules);
    return rules;
  }

  /** The pods' labels: the workload's, plus what their ServiceAccount needs (e.g. Azure Workload Identity's). */
  private podLabels(serviceAccount: IServiceAccount | undefined): Record<string, string> {
    const extra = serviceAccount?.podLabels ?? {};
    if (Object.keys(extra).length === 0) return this._labels;
    checkLabels(this, 'serviceAccount.podLabels', extra);
    for (const key of Object.keys(extra)) {
      if (key in this._labels && this._labels[key] !== extra[key]) {
        throw propError(this, `labels["${key}"]`, `the ServiceAccount needs the pods to carry ${key}=${extra[key]}`, 'remove the label; the workload sets it');
      }
    }
    return sortKeys({ ...this._labels, ...extra });
  }

  private buildLabels(props: HardenedWorkloadProps, imageTag: string | undefined): Record<string, string> {
    const recommended: Record<string, string> = {
      ...this.selectorLabels,
      'app.kubernetes.io/managed-by': 'cdk8s',
      ...(props.partOf ? { 'app.kubernetes.io/part-of': props.partOf } : {}),
      ...(props.component ? { 'app.kubernetes.io/component': props.component } : {}),
      ...(imageTag && /^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/.test(imageTag) ? { 'app.kubernetes.io/version': imageTag } : {}),
    };
    for (const key of Object.keys(props.labels ?? {})) {
      if (key in this.selectorLabels) {
        throw propError(this, `labels["${key}"]`, 'this label selects the pods and is set by the library', 'use appName or name to change it');
      }
    }
    const labels = { ...recommended, ...props.labels };
    checkLabels(this, 'labels', labels);
    return sortKeys(labels);
  }

  private buildAnnotations(props: HardenedWorkloadProps, waivers: Record<string, string>): Record<string, string> {
    for (const key of Object.keys(props.annotations ?? {})) {
      // Exemptions are written by the library from typed, justified props, never by hand (waivers, container waivers, suppressions).
      const exemption = parseExemptionKey(key);
      if (exemption) {
        throw propError(this, `annotations["${key}"]`, `${exemption.type} annotations are written by the library from typed, justified props`,
          exemption.type === 'waiver' ? 'pass a Waiver in `waivers` instead' : 'use HardeningAudit.suppress(construct, ruleId, reason)');
      }
      // A hand-written kube-score or Checkov exemption would hide a check from the user's own scan with no typed, justified prop.
      if (isToolExemptionKey(key)) {
        throw propError(this, `annotations["${key}"]`, 'checker exemption annotations are written by the library, beside the waiver they follow from',
          'pass a Waiver in `waivers`; the library writes kube-score/ignore and checkov.io/skip<N> from it');
      }
    }
    checkAnnotationLiterals(this, 'annotations', props.annotations);
    return { ...props.annotations, ...waivers };
  }
}
