import { ApiObject } from 'cdk8s';

/**
 * A resource type, or one named object of it, that RBAC grants refer to.
 * Structurally the same as cdk8s-plus `IApiResource`, so cdk8s-plus objects (e.g. a `kplus.ConfigMap`) can be granted directly.
 */
export interface IApiResource {
  /** The API group, `""` for the core group (e.g. `apps`, `batch`). */
  readonly apiGroup: string;
  /** The resource type as it appears in the API path, e.g. `pods` or `pods/log`. */
  readonly resourceType: string;
  /**
   * The name of one object; grants on it are restricted to that object (`resourceNames`).
   *
   * @default - every object of the type
   */
  readonly resourceName?: string;
}

/** A resource type not built into this library, e.g. a CRD's. */
export interface ApiResourceOptions {
  /** The API group, e.g. `cert-manager.io`; `""` for the core group. */
  readonly apiGroup: string;
  /** The plural resource type, optionally with a subresource: `certificates`, `widgets/status`. */
  readonly resourceType: string;
  /**
   * Whether objects of the type live in a namespace. Cluster-scoped types can only be granted with `grantCluster`.
   *
   * @default true
   */
  readonly namespaced?: boolean;
}

/** Built-in types by `group/kind`, for `fromApiObject`; by `group/resource`, for scope lookups. */
const BY_KIND = new Map<string, ApiResource>();
const BY_RESOURCE = new Map<string, ApiResource>();

/**
 * A Kubernetes API resource type, for RBAC grants: `ApiResource.CONFIG_MAPS`, `ApiResource.DEPLOYMENTS`,
 * `ApiResource.custom({ apiGroup: 'cert-manager.io', resourceType: 'certificates' })`.
 * Restrict a grant to one object with `named(...)` or `ApiResource.fromApiObject(...)`.
 */
export class ApiResource implements IApiResource {
  /** Pods. */
  public static readonly PODS = ApiResource.builtin('', 'pods', 'Pod');
  /** Logs of pods (`pods/log`). */
  public static readonly PODS_LOG = ApiResource.builtin('', 'pods/log');
  /** Exec into pods (`pods/exec`): refused unless acknowledged. */
  public static readonly PODS_EXEC = ApiResource.builtin('', 'pods/exec');
  /** Attach to pods (`pods/attach`): refused unless acknowledged. */
  public static readonly PODS_ATTACH = ApiResource.builtin('', 'pods/attach');
  /** Port-forward to pods (`pods/portforward`): refused unless acknowledged. */
  public static readonly PODS_PORTFORWARD = ApiResource.builtin('', 'pods/portforward');
  /** Evict pods (`pods/eviction`), as drain tools do. */
  public static readonly PODS_EVICTION = ApiResource.builtin('', 'pods/eviction');
  /** ConfigMaps. */
  public static readonly CONFIG_MAPS = ApiResource.builtin('', 'configmaps', 'ConfigMap');
  /** Secrets. Reading them is refused unless named (or acknowledged). */
  public static readonly SECRETS = ApiResource.builtin('', 'secrets', 'Secret');
  /** Services. */
  public static readonly SERVICES = ApiResource.builtin('', 'services', 'Service');
  /** Endpoints. */
  public static readonly ENDPOINTS = ApiResource.builtin('', 'endpoints', 'Endpoints');
  /** ServiceAccounts. */
  public static readonly SERVICE_ACCOUNTS = ApiResource.builtin('', 'serviceaccounts', 'ServiceAccount');
  /** Token requests for ServiceAccounts (`serviceaccounts/token`): creating them is refused unless acknowledged. */
  public static readonly SERVICE_ACCOUNT_TOKENS = ApiResource.builtin('', 'serviceaccounts/token');
  /** PersistentVolumeClaims. */
  public static readonly PERSISTENT_VOLUME_CLAIMS = ApiResource.builtin('', 'persistentvolumeclaims', 'PersistentVolumeClaim');
  /** Events (core group). */
  public static readonly EVENTS = ApiResource.builtin('', 'events', 'Event');
  /** ReplicationControllers. */
  public static readonly REPLICATION_CONTROLLERS = ApiResource.builtin('', 'replicationcontrollers', 'ReplicationController');
  /** LimitRanges. */
  public static readonly LIMIT_RANGES = ApiResource.builtin('', 'limitranges', 'LimitRange');
  /** ResourceQuotas. */
  public static readonly RESOURCE_QUOTAS = ApiResource.builtin('', 'resourcequotas', 'ResourceQuota');
  /** Namespaces (cluster-scoped). */
  public static readonly NAMESPACES = ApiResource.builtin('', 'namespaces', 'Namespace', false);
  /** Nodes (cluster-scoped). */
  public static readonly NODES = ApiResource.builtin('', 'nodes', 'Node', false);
  /** The kubelet API of nodes (`nodes/proxy`, cluster-scoped): refused unless acknowledged. */
  public static readonly NODES_PROXY = ApiResource.builtin('', 'nodes/proxy', undefined, false);
  /** PersistentVolumes (cluster-scoped). */
  public static readonly PERSISTENT_VOLUMES = ApiResource.builtin('', 'persistentvolumes', 'PersistentVolume', false);
  /** Deployments. */
  public static readonly DEPLOYMENTS = ApiResource.builtin('apps', 'deployments', 'Deployment');
  /** The scale subresource of Deployments. */
  public static readonly DEPLOYMENTS_SCALE = ApiResource.builtin('apps', 'deployments/scale');
  /** StatefulSets. */
  public static readonly STATEFUL_SETS = ApiResource.builtin('apps', 'statefulsets', 'StatefulSet');
  /** DaemonSets. */
  public static readonly DAEMON_SETS = ApiResource.builtin('apps', 'daemonsets', 'DaemonSet');
  /** ReplicaSets. */
  public static readonly REPLICA_SETS = ApiResource.builtin('apps', 'replicasets', 'ReplicaSet');
  /** Jobs. */
  public static readonly JOBS = ApiResource.builtin('batch', 'jobs', 'Job');
  /** CronJobs. */
  public static readonly CRON_JOBS = ApiResource.builtin('batch', 'cronjobs', 'CronJob');
  /** HorizontalPodAutoscalers. */
  public static readonly HORIZONTAL_POD_AUTOSCALERS = ApiResource.builtin('autoscaling', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler');
  /** PodDisruptionBudgets. */
  public static readonly POD_DISRUPTION_BUDGETS = ApiResource.builtin('policy', 'poddisruptionbudgets', 'PodDisruptionBudget');
  /** Leases, e.g. for leader election. */
  public static readonly LEASES = ApiResource.builtin('coordination.k8s.io', 'leases', 'Lease');
  /** EndpointSlices. */
  public static readonly ENDPOINT_SLICES = ApiResource.builtin('discovery.k8s.io', 'endpointslices', 'EndpointSlice');
  /** Ingresses. */
  public static readonly INGRESSES = ApiResource.builtin('networking.k8s.io', 'ingresses', 'Ingress');
  /** NetworkPolicies. */
  public static readonly NETWORK_POLICIES = ApiResource.builtin('networking.k8s.io', 'networkpolicies', 'NetworkPolicy');
  /** Roles. */
  public static readonly ROLES = ApiResource.builtin('rbac.authorization.k8s.io', 'roles', 'Role');
  /** RoleBindings. */
  public static readonly ROLE_BINDINGS = ApiResource.builtin('rbac.authorization.k8s.io', 'rolebindings', 'RoleBinding');
  /** ClusterRoles (cluster-scoped). */
  public static readonly CLUSTER_ROLES = ApiResource.builtin('rbac.authorization.k8s.io', 'clusterroles', 'ClusterRole', false);
  /** ClusterRoleBindings (cluster-scoped). */
  public static readonly CLUSTER_ROLE_BINDINGS = ApiResource.builtin('rbac.authorization.k8s.io', 'clusterrolebindings', 'ClusterRoleBinding', false);
  /** CertificateSigningRequests (cluster-scoped). */
  public static readonly CERTIFICATE_SIGNING_REQUESTS = ApiResource.builtin('certificates.k8s.io', 'certificatesigningrequests', 'CertificateSigningRequest', false);
  /** Approval of CertificateSigningRequests (cluster-scoped): refused unless acknowledged. */
  public static readonly CERTIFICATE_SIGNING_REQUESTS_APPROVAL = ApiResource.builtin('certificates.k8s.io', 'certificatesigningrequests/approval', undefined, false);
  /** MutatingWebhookConfigurations (cluster-scoped): writes refused unless acknowledged. */
  public static readonly MUTATING_WEBHOOK_CONFIGURATIONS = ApiResource.builtin('admissionregistration.k8s.io', 'mutatingwebhookconfigurations', 'MutatingWebhookConfiguration', false);
  /** ValidatingWebhookConfigurations (cluster-scoped): writes refused unless acknowledged. */
  public static readonly VALIDATING_WEBHOOK_CONFIGURATIONS = ApiResource.builtin('admissionregistration.k8s.io', 'validatingwebhookconfigurations', 'ValidatingWebhookConfiguration', false);
  /** StorageClasses (cluster-scoped). */
  public static readonly STORAGE_CLASSES = ApiResource.builtin('storage.k8s.io', 'storageclasses', 'StorageClass', false);
  /** CustomResourceDefinitions (cluster-scoped). */
  public static readonly CUSTOM_RESOURCE_DEFINITIONS = ApiResource.builtin('apiextensions.k8s.io', 'customresourcedefinitions', 'CustomResourceDefinition', false);
  /** Every resource of every API group (`*`): refused unless acknowledged. */
  public static readonly ALL = new ApiResource('*', '*', true);

  /** A resource type not listed here, e.g. a CRD's. */
  public static custom(options: ApiResourceOptions): ApiResource {
    return new ApiResource(options.apiGroup, options.resourceType, options.namespaced ?? true);
  }

  /**
   * The object an `ApiObject` of this app defines (a ConfigMap, a Secret, a Deployment …), so a grant names exactly it.
   * Only built-in kinds are recognised; for others use `ApiResource.custom({...}).named(name)`.
   */
  public static fromApiObject(apiObject: ApiObject): ApiResource {
    const group = apiObject.apiVersion.includes('/') ? apiObject.apiVersion.split('/')[0] : '';
    const type = BY_KIND.get(`${group}/${apiObject.kind}`);
    if (!type) {
      throw new Error(`ApiResource.fromApiObject(${apiObject.kind} "${apiObject.name}"): ${apiObject.apiVersion} ${apiObject.kind} is not a built-in kind this library knows. `
        + 'Fix: use ApiResource.custom({ apiGroup, resourceType }).named(name) with its plural resource type');
    }
    return type.named(apiObject.name);
  }

  /**
   * Whether objects of a type live in a namespace: known for built-in types, assumed for others unless `custom` said otherwise.
   * @internal
   */
  public static _isNamespaced(resource: IApiResource): boolean {
    if (resource instanceof ApiResource) return resource.namespaced;
    return BY_RESOURCE.get(`${resource.apiGroup}/${resource.resourceType}`)?.namespaced ?? true;
  }

  private static builtin(apiGroup: string, resourceType: string, kind?: string, namespaced = true): ApiResource {
    const r = new ApiResource(apiGroup, resourceType, namespaced);
    if (kind) BY_KIND.set(`${apiGroup}/${kind}`, r);
    BY_RESOURCE.set(`${apiGroup}/${resourceType}`, r);
    return r;
  }

  /** The API group, `""` for the core group. */
  public readonly apiGroup: string;
  /** The resource type, e.g. `pods` or `pods/log`. */
  public readonly resourceType: string;
  /** The one object a grant is restricted to, if any. */
  public readonly resourceName?: string;
  /** Whether objects of the type live in a namespace. */
  public readonly namespaced: boolean;

  private constructor(apiGroup: string, resourceType: string, namespaced: boolean, resourceName?: string) {
    this.apiGroup = apiGroup;
    this.resourceType = resourceType;
    this.namespaced = namespaced;
    this.resourceName = resourceName;
  }

  /** One object of this type, by name: grants on it are restricted to that object (`resourceNames`). */
  public named(name: string): ApiResource {
    if (this.resourceName !== undefined) {
      throw new Error(`ApiResource ${this.resourceType} "${this.resourceName}".named("${name}"): it already names an object. Fix: call named() on the type, e.g. ApiResource.CONFIG_MAPS.named("${name}")`);
    }
    return new ApiResource(this.apiGroup, this.resourceType, this.namespaced, name);
  }
}
