/**
 * Which RBAC permissions and bindings are dangerous, over plain Kubernetes objects.
 *
 * One pure module (no constructs, no I/O) shared by `LeastPrivilegeServiceAccount`, which refuses such
 * grants unless acknowledged, and the rule engine, which reports them on any YAML Role, ClusterRole,
 * RoleBinding or ClusterRoleBinding. The patterns are the consensus of CIS 5.1, Kubescape, Trivy,
 * Checkov, kube-linter and Polaris (control catalog, section 2); each entry cites them by their own ids.
 *
 * Matching follows the RBAC authorizer: `*` in verbs, resources or apiGroups matches everything,
 * `*\/sub` matches that subresource of every resource. A wildcard is reported as a wildcard finding
 * and as each specific risk it carries (the wildcard finding lists them in `implies`), so a risk is
 * named however it is granted. `nonResourceURLs` are not inspected.
 *
 * Deliberately not dangerous: reading pods, services or logs; `create pods/eviction` (the eviction API
 * honours PodDisruptionBudgets, so it cannot take an application below what its owners allow, and it is
 * what drain tools use); writes to ConfigMaps outside kube-system; leases; events.
 */
import { RbacRisk } from './rbac-risk';

/** Where a rule applies: a Role (one namespace) or a ClusterRole (bound cluster-wide, or reusable in every namespace). */
export type RbacScope = 'namespace' | 'cluster';

/** Severity of a risk; the values of the rule engine's `Severity`. */
export type RiskSeverity = 'low' | 'medium' | 'high' | 'critical';

/** A `rules[]` entry of a Role or ClusterRole, as it appears in YAML. */
export interface PolicyRuleLike {
  readonly apiGroups?: readonly string[];
  readonly resources?: readonly string[];
  readonly verbs?: readonly string[];
  readonly resourceNames?: readonly string[];
  readonly nonResourceURLs?: readonly string[];
}

/** The `roleRef` of a RoleBinding or ClusterRoleBinding. */
export interface RoleRefLike {
  readonly apiGroup?: string;
  readonly kind?: string;
  readonly name?: string;
}

/** A `subjects[]` entry of a binding. */
export interface SubjectLike {
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly apiGroup?: string;
}

/** A control of another framework that flags the same thing, e.g. `{ framework: 'trivy', id: 'KSV-0041' }`. */
export interface FrameworkReference {
  /**
   * `cis`, `kubescape`, `trivy`, `checkov`, `kube-linter`, `polaris` or `rbac-police` (a check that flags it), or `k8s`:
   * a section of the Kubernetes documentation (`page#anchor` under kubernetes.io/docs) that describes the risk or the
   * mechanism behind it, for risks no checker flags yet.
   */
  readonly framework: string;
  /** The control's id, exactly as that framework spells it. */
  readonly id: string;
}

/** What a risk is, independent of where it was found. */
export interface RbacRiskDefinition {
  readonly id: RbacRisk;
  /** One line: what is granted. */
  readonly title: string;
  /** Why it is dangerous: what an attacker holding it can do. */
  readonly why: string;
  readonly severity: RiskSeverity;
  /** Every framework control that flags it, in either scope. */
  readonly references: readonly FrameworkReference[];
}

/** One (apiGroup, resource, verb, resourceName) combination a rule grants; `*` where the rule has a wildcard. */
export interface MatchedPermission {
  readonly verb: string;
  readonly resource: string;
  /** `""` for the core group. */
  readonly apiGroup: string;
  /** Set when the rule restricts the grant to named objects. */
  readonly resourceName?: string;
}

/** A dangerous permission found in one policy rule. */
export interface DangerousPermission extends RbacRiskDefinition {
  /** The first grant of the rule that matched. */
  readonly matched: MatchedPermission;
  /** For wildcard findings: the specific risks the wildcard also grants (each also reported on its own). Empty otherwise. */
  readonly implies: readonly RbacRisk[];
}

/** What a dangerous binding refers to. */
export interface MatchedBinding {
  readonly roleRefKind: string;
  readonly roleRefName: string;
  /** Set for subject findings. */
  readonly subjectKind?: string;
  readonly subjectName?: string;
  readonly subjectNamespace?: string;
  /** Index of the subject in `subjects`. */
  readonly subjectIndex?: number;
}

/** A dangerous roleRef or subject of a binding. */
export interface DangerousBinding extends RbacRiskDefinition {
  readonly matched: MatchedBinding;
}

/** Where else the rule is evaluated: the namespace of a Role decides whether its ConfigMaps include kube-system's. */
export interface RuleContext {
  /** Namespace of the Role; unknown for ClusterRoles and Roles without one. */
  readonly namespace?: string;
}

/** A finding on a whole RBAC object, with the path of the offending field (for the rule engine). */
export type RbacObjectFinding = (DangerousPermission | DangerousBinding) & {
  /** Dotted path inside the object, e.g. `rules[2]` or `subjects[0]`. */
  readonly path: string;
};

type Ref = readonly [framework: string, id: string, scope?: RbacScope];

interface Definition {
  readonly title: string;
  readonly why: string;
  readonly severity: RiskSeverity;
  readonly refs: readonly Ref[];
}

const CORE = '';
const RBAC = 'rbac.authorization.k8s.io';
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch'];
const DELETE = ['delete', 'deletecollection'];
/** The verbs of HTTP methods, by which the API server authorizes connect requests (proxy, exec, port-forward). */
const PROXY_VERBS = ['get', 'create', 'update', 'patch', 'delete'];
const CLUSTER_ADMIN_EQUIVALENT: Ref[] = [['cis', '5.1.3'], ['kubescape', 'C-0187'], ['kube-linter', 'wildcard-in-rules'], ['checkov', 'CKV_K8S_49']];

const DEFINITIONS: Record<RbacRisk, Definition> = {
  [RbacRisk.WILDCARD_ALL]: {
    title: 'every verb on every resource of every API group',
    why: 'the holder can do anything in its scope: read every Secret, run any pod, grant itself more; in a ClusterRole this is cluster-admin',
    severity: 'critical',
    refs: [...CLUSTER_ADMIN_EQUIVALENT, ['kubescape', 'C-0035'], ['trivy', 'KSV-0044'], ['polaris', 'rolebindingClusterAdminRole']],
  },
  [RbacRisk.WILDCARD_VERBS]: {
    title: 'a wildcard (*) in verbs',
    why: 'every verb includes delete, escalate, bind and impersonate where they apply, and verbs added later; list the verbs the workload calls',
    severity: 'high',
    refs: [...CLUSTER_ADMIN_EQUIVALENT, ['trivy', 'KSV-0045']],
  },
  [RbacRisk.WILDCARD_RESOURCES]: {
    title: 'a wildcard (*) in resources',
    why: 'every resource includes Secrets, pods/exec, nodes/proxy and any CRD installed later; list the resources the workload uses',
    severity: 'high',
    refs: [...CLUSTER_ADMIN_EQUIVALENT, ['trivy', 'KSV-0046', 'cluster'], ['trivy', 'KSV-0112', 'namespace']],
  },
  [RbacRisk.WILDCARD_API_GROUPS]: {
    title: 'a wildcard (*) in apiGroups',
    why: 'the rule also matches same-named resources of every API group, including CRDs installed later; name the group',
    severity: 'medium',
    refs: CLUSTER_ADMIN_EQUIVALENT,
  },
  [RbacRisk.SECRETS_READ]: {
    title: 'read access to all Secrets',
    why: 'every Secret of the scope becomes readable, including other workloads\' credentials and legacy ServiceAccount tokens, which are a path to their permissions; name the Secrets (resourceNames)',
    severity: 'high',
    refs: [['cis', '5.1.2'], ['kube-linter', 'access-to-secrets'], ['checkov', 'CKV2_K8S_5'], ['kubescape', 'C-0015'], ['kubescape', 'C-0186'],
      ['trivy', 'KSV-0041', 'cluster'], ['trivy', 'KSV-0113', 'namespace']],
  },
  [RbacRisk.SECRETS_WRITE]: {
    title: 'create Secrets, or update/patch any Secret',
    why: 'creating a kubernetes.io/service-account-token Secret mints a long-lived token for any ServiceAccount of the namespace, and rewriting Secrets swaps other workloads\' credentials; name the Secrets to update',
    severity: 'high',
    refs: [['cis', '5.1.2'], ['kube-linter', 'access-to-secrets'], ['trivy', 'KSV-0041', 'cluster'], ['trivy', 'KSV-0113', 'namespace']],
  },
  [RbacRisk.PODS_WRITE]: {
    title: 'create, update or patch Pods',
    why: 'a pod runs any image as any ServiceAccount of the namespace and mounts its Secrets, so this is every permission of every ServiceAccount there (and host access where admission allows it)',
    severity: 'high',
    refs: [['cis', '5.1.4'], ['kube-linter', 'access-to-create-pods'], ['kubescape', 'C-0188'], ['kubescape', 'C-0267'], ['trivy', 'KSV-0048']],
  },
  [RbacRisk.WORKLOADS_WRITE]: {
    title: 'create, update or patch workload controllers',
    why: 'a Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job or CronJob creates pods, so this is the same as creating pods: any image, any ServiceAccount of the namespace',
    severity: 'high',
    refs: [['cis', '5.1.4'], ['kube-linter', 'access-to-create-pods'], ['trivy', 'KSV-0048']],
  },
  [RbacRisk.DELETE_RESOURCES]: {
    title: 'delete any Secret, Pod, Service or workload',
    why: 'the holder can take the namespace\'s applications down or destroy their data; name the objects it may delete',
    severity: 'medium',
    refs: [['kubescape', 'C-0007']],
  },
  [RbacRisk.EVENTS_DELETE]: {
    title: 'delete Events',
    why: 'deleting Events erases the trail of what happened, which attackers use to cover their tracks',
    severity: 'medium',
    refs: [['kubescape', 'C-0031']],
  },
  [RbacRisk.PODS_LOG_DELETE]: {
    title: 'delete on pods/log',
    why: 'it signals an intent to erase container logs, the evidence of an intrusion',
    severity: 'medium',
    refs: [['trivy', 'KSV-0042']],
  },
  [RbacRisk.PODS_EXEC]: {
    title: 'exec into pods (pods/exec)',
    why: 'a shell in another pod runs with that pod\'s identity, token and mounted Secrets; `get` suffices over WebSockets',
    severity: 'high',
    refs: [['polaris', 'clusterrolePodExecAttach', 'cluster'], ['polaris', 'rolePodExecAttach', 'namespace'], ['checkov', 'CKV2_K8S_2'], ['kubescape', 'C-0002'], ['trivy', 'KSV-0053']],
  },
  [RbacRisk.PODS_ATTACH]: {
    title: 'attach to pods (pods/attach)',
    why: 'attaching to a running container\'s console gives its process\'s input and output, often a shell with that pod\'s identity',
    severity: 'high',
    refs: [['polaris', 'clusterrolePodExecAttach', 'cluster'], ['polaris', 'rolePodExecAttach', 'namespace'], ['trivy', 'KSV-0054']],
  },
  [RbacRisk.PODS_PORTFORWARD]: {
    title: 'port-forward to pods (pods/portforward)',
    why: 'port-forwarding reaches any port of any pod through the API server, bypassing NetworkPolicies and Services',
    severity: 'high',
    refs: [['kubescape', 'C-0063']],
  },
  [RbacRisk.PODS_PROXY]: {
    title: 'access to pods/proxy',
    why: 'the API server relays HTTP to any port of any pod of the scope, from the control plane: NetworkPolicies do not apply, and every verb maps to an HTTP method, so admin and debug endpoints are reachable as with port-forward',
    severity: 'high',
    refs: [['k8s', 'access-cluster-services#manually-constructing-apiserver-proxy-urls']],
  },
  [RbacRisk.SERVICES_PROXY]: {
    title: 'access to services/proxy',
    why: 'the API server relays HTTP to any port of any Service of the scope, from the control plane: NetworkPolicies do not apply, so internal dashboards and unauthenticated endpoints are reachable as with port-forward',
    severity: 'high',
    refs: [['k8s', 'access-cluster-services#manually-constructing-apiserver-proxy-urls']],
  },
  [RbacRisk.NODES_PROXY]: {
    title: 'access to nodes/proxy',
    why: 'nodes/proxy is the kubelet API: exec into and read every pod of the node, unaudited by the API server',
    severity: 'high',
    refs: [['cis', '5.1.10'], ['checkov', 'CKV2_K8S_2'], ['kubescape', 'C-0279'], ['trivy', 'KSV-0047']],
  },
  [RbacRisk.NODES_WRITE]: {
    title: 'create, update, patch or delete Nodes, or write nodes/status',
    why: 'relabelling or untainting a node steers pods that select it (a compliance zone, the control plane) onto a node the holder controls; cordoning and deleting nodes moves or stops every pod they run',
    severity: 'high',
    refs: [['rbac-police', 'steal_pods'], ['rbac-police', 'modify_node_status'], ['k8s', 'assign-pod-node#node-isolation-restriction']],
  },
  [RbacRisk.NAMESPACES_WRITE]: {
    title: 'update or patch Namespaces',
    why: 'a namespace\'s labels are its Pod Security Admission level (pod-security.kubernetes.io/enforce: privileged) and what NetworkPolicy namespaceSelectors trust, so changing them lifts both; a Role grants this on its own namespace',
    severity: 'high',
    refs: [['k8s', 'rbac-good-practices#namespace-modification']],
  },
  [RbacRisk.NAMESPACES_DELETE]: {
    title: 'delete Namespaces',
    why: 'deleting a namespace deletes every object in it, Secrets, volume claims and all; a Role grants this on its own namespace',
    severity: 'high',
    refs: [['k8s', 'namespaces#deleting-a-namespace']],
  },
  [RbacRisk.ESCALATE]: {
    title: 'the escalate verb',
    why: 'escalate lets the holder write Roles with permissions it does not have, bypassing RBAC\'s privilege-escalation check',
    severity: 'critical',
    refs: [['cis', '5.1.8'], ['checkov', 'CKV_K8S_158'], ['kubescape', 'C-0191'], ['trivy', 'KSV-0050']],
  },
  [RbacRisk.BIND]: {
    title: 'the bind verb',
    why: 'bind lets the holder bind Roles with permissions it does not have (to itself, too), bypassing RBAC\'s privilege-escalation check',
    severity: 'critical',
    refs: [['cis', '5.1.8'], ['checkov', 'CKV_K8S_157'], ['checkov', 'CKV2_K8S_1'], ['kubescape', 'C-0191'], ['trivy', 'KSV-0050'], ['trivy', 'KSV-0051'], ['trivy', 'KSV-0052']],
  },
  [RbacRisk.IMPERSONATE]: {
    title: 'the impersonate verb',
    why: 'impersonating a user, group or ServiceAccount acts with all of its permissions (impersonating system:masters is cluster-admin)',
    severity: 'critical',
    refs: [['cis', '5.1.8'], ['checkov', 'CKV2_K8S_3'], ['kubescape', 'C-0065'], ['kubescape', 'C-0191'], ['trivy', 'KSV-0043']],
  },
  [RbacRisk.ROLE_BINDINGS_WRITE]: {
    title: 'create, update or patch RoleBindings or ClusterRoleBindings',
    why: 'the holder can bind any Role whose permissions it also holds to any subject, including itself through other accounts, spreading its rights',
    severity: 'low',
    refs: [['trivy', 'KSV-0055']],
  },
  [RbacRisk.SERVICE_ACCOUNT_TOKEN_CREATE]: {
    title: 'create ServiceAccount tokens (serviceaccounts/token)',
    why: 'the holder mints tokens for ServiceAccounts and acts with their permissions, for as long as the tokens live',
    severity: 'high',
    refs: [['cis', '5.1.13'], ['kubescape', 'C-0282']],
  },
  [RbacRisk.PERSISTENT_VOLUMES_CREATE]: {
    title: 'create PersistentVolumes',
    why: 'a PersistentVolume can point at a hostPath, so creating one mounts any directory of a node into a pod',
    severity: 'high',
    refs: [['cis', '5.1.9'], ['kubescape', 'C-0278']],
  },
  [RbacRisk.CSR_APPROVAL]: {
    title: 'approve certificate signing requests',
    why: 'approving a CSR for the kube-apiserver-client signer issues a client certificate for any user or group, e.g. system:masters',
    severity: 'high',
    refs: [['cis', '5.1.11'], ['checkov', 'CKV_K8S_156'], ['kubescape', 'C-0280']],
  },
  [RbacRisk.CSR_SIGNING]: {
    title: 'sign on signers, or write certificatesigningrequests/status',
    why: 'the holder issues the certificates of a signer: whatever it writes into a CSR\'s status is what kubelets and clients receive as their certificate',
    severity: 'high',
    refs: [['k8s', 'rbac-good-practices#csrs-and-certificate-issuing']],
  },
  [RbacRisk.ADMISSION_WEBHOOKS_WRITE]: {
    title: 'write admission webhook configurations or admission policies',
    why: 'admission controls every object the cluster accepts: a webhook can read or rewrite every request (Secrets included), and removing a policy disables its enforcement',
    severity: 'critical',
    refs: [['cis', '5.1.12'], ['checkov', 'CKV_K8S_155', 'cluster'], ['kubescape', 'C-0281'], ['trivy', 'KSV-0114']],
  },
  [RbacRisk.APISERVICES_WRITE]: {
    title: 'write APIServices',
    why: 'an APIService tells the API server to forward a whole API group (e.g. metrics.k8s.io, or any group not served locally) to a Service: the holder receives those requests with the callers\' identities and answers them as the API',
    severity: 'critical',
    refs: [['k8s', 'apiserver-aggregation']],
  },
  [RbacRisk.CRD_WRITE]: {
    title: 'write CustomResourceDefinitions',
    why: 'a CRD write replaces the type\'s schema, adds a conversion webhook that receives and rewrites every object of the type, or deletes the type with all its objects, policies of admission controllers included',
    severity: 'high',
    refs: [['k8s', 'custom-resource-definition-versioning#webhook-conversion'], ['k8s', 'custom-resource-definitions#delete-a-customresourcedefinition']],
  },
  [RbacRisk.CRITICAL_CONFIGMAPS_WRITE]: {
    title: 'write the coredns or aws-auth ConfigMaps',
    why: 'coredns decides where every Service name resolves (traffic interception); aws-auth maps AWS identities to Kubernetes groups (cluster-admin for any AWS role)',
    severity: 'critical',
    refs: [['kubescape', 'C-0037'], ['trivy', 'KSV-0049'], ['trivy', 'KSV-0115']],
  },
  [RbacRisk.NETWORK_WRITE]: {
    title: 'write Services, Endpoints, EndpointSlices, NetworkPolicies or Ingresses',
    why: 'the holder can redirect other workloads\' traffic to itself (endpoints, externalIPs: CVE-2020-8554), expose them, or remove their network isolation',
    severity: 'high',
    refs: [['trivy', 'KSV-0056']],
  },
  [RbacRisk.SERVICES_STATUS_WRITE]: {
    title: 'update or patch services/status',
    why: 'setting a LoadBalancer\'s status.ingress IP intercepts traffic to that IP cluster-wide (CVE-2020-8554)',
    severity: 'medium',
    refs: [['checkov', 'CKV2_K8S_4']],
  },
  [RbacRisk.BINDING_CLUSTER_ADMIN]: {
    title: 'a binding to the cluster-admin ClusterRole',
    why: 'cluster-admin is every permission (in the namespace for a RoleBinding, everywhere for a ClusterRoleBinding)',
    severity: 'critical',
    refs: [['cis', '5.1.1'], ['polaris', 'clusterrolebindingClusterAdmin'], ['polaris', 'rolebindingClusterAdminClusterRole'], ['kube-linter', 'cluster-admin-role-binding'],
      ['kubescape', 'C-0185'], ['trivy', 'KSV-0111']],
  },
  [RbacRisk.BINDING_ADMIN_OR_EDIT]: {
    title: 'a binding to the built-in admin or edit ClusterRole',
    why: 'admin and edit read every Secret and create pods and workloads, so they reach every ServiceAccount of the namespace; they are meant for people, not workloads',
    severity: 'high',
    refs: [['trivy', 'KSV-0111']],
  },
  [RbacRisk.BINDING_SYSTEM_ROLE]: {
    title: 'a binding to a system: ClusterRole',
    why: 'system: roles are the permissions of the control plane, nodes and controllers (system:node, system:kube-controller-manager, system:controller:*), several of which read every Secret or escalate; they are not meant for workloads or people',
    severity: 'high',
    refs: [['k8s', 'rbac#core-component-roles'], ['k8s', 'rbac#controller-roles']],
  },
  [RbacRisk.SUBJECT_SYSTEM_MASTERS]: {
    title: 'a binding to the system:masters group',
    why: 'system:masters bypasses RBAC altogether; binding it is meaningless at best and hides who is meant to have the rights',
    severity: 'critical',
    refs: [['cis', '5.1.7'], ['kubescape', 'C-0246'], ['trivy', 'KSV-0123']],
  },
  [RbacRisk.SUBJECT_ANONYMOUS]: {
    title: 'a binding to system:anonymous or system:unauthenticated',
    why: 'anyone who can reach the API server gets these rights without credentials',
    severity: 'critical',
    refs: [['kubescape', 'C-0262'], ['trivy', 'KSV-0122']],
  },
  [RbacRisk.SUBJECT_AUTHENTICATED]: {
    title: 'a binding to the system:authenticated group',
    why: 'every identity the cluster knows, including every ServiceAccount of every namespace and, on managed clusters, any account of the cloud provider, gets these rights',
    severity: 'high',
    refs: [['kubescape', 'C-0265'], ['trivy', 'KSV-01011']],
  },
  [RbacRisk.SUBJECT_DEFAULT_SERVICE_ACCOUNT]: {
    title: 'a binding to a default ServiceAccount',
    why: 'every pod that names no ServiceAccount runs as default, so its rights go to workloads nobody granted them to',
    severity: 'medium',
    refs: [['cis', '5.1.5'], ['checkov', 'CKV_K8S_42'], ['kube-linter', 'default-service-account'], ['kubescape', 'C-0189']],
  },
};

/** Every risk with its definition, in a stable order (for the rule engine's metadata). */
export const RBAC_RISKS: readonly RbacRiskDefinition[] = (Object.values(RbacRisk) as RbacRisk[]).map(id => definition(id, undefined));

/** The definition of one risk; `scope` keeps only the references that apply to it. */
export function rbacRisk(id: RbacRisk, scope?: RbacScope): RbacRiskDefinition {
  return definition(id, scope);
}

function definition(id: RbacRisk, scope: RbacScope | undefined): RbacRiskDefinition {
  const d = DEFINITIONS[id];
  const seen = new Set<string>();
  const references: FrameworkReference[] = [];
  for (const [framework, refId, refScope] of d.refs) {
    if (scope && refScope && refScope !== scope) continue;
    if (seen.has(`${framework}/${refId}`)) continue;
    seen.add(`${framework}/${refId}`);
    references.push({ framework, id: refId });
  }
  return { id, title: d.title, why: d.why, severity: d.severity, references };
}

interface Atom {
  readonly apiGroup: string;
  readonly resource: string;
  readonly verb: string;
  readonly resourceName?: string;
}

/**
 * Compares one granted value with the dangerous ones. Literal: only exact values match.
 * Expanding: RBAC wildcards in the grant match too (used to find what a wildcard implies).
 */
interface Matcher {
  group(value: string, dangerous: readonly string[]): boolean;
  resource(value: string, dangerous: readonly string[]): boolean;
  verb(value: string, dangerous: readonly string[]): boolean;
}

const LITERAL: Matcher = {
  group: (v, d) => d.includes(v),
  resource: (v, d) => d.includes(v),
  verb: (v, d) => d.includes(v),
};

const EXPANDING: Matcher = {
  group: (v, d) => v === '*' || d.includes(v),
  // `*/sub` is the authorizer's subresource wildcard; `pods/*` is not one, but tools read it as one, and so do we.
  resource: (v, d) => v === '*' || d.includes(v)
    || (v.startsWith('*/') && d.some(r => r.endsWith(v.slice(1))))
    || (v.endsWith('/*') && d.some(r => r.startsWith(v.slice(0, -1)))),
  verb: (v, d) => v === '*' || d.includes(v),
};

type Match = (a: Atom, m: Matcher, scope: RbacScope, context: RuleContext) => boolean;

interface Pattern {
  readonly id: RbacRisk;
  readonly matches: Match;
  /** Set for risks of cluster-scoped resources only (see `clusterScoped`). */
  readonly clusterOnly?: boolean;
}

/** A risk that any of `matches` shows. */
function pattern(id: RbacRisk, ...matches: Match[]): Pattern {
  return { id, matches: (a, m, s, c) => matches.some(match => match(a, m, s, c)) };
}

/**
 * A risk of cluster-scoped resources only. A Role cannot grant them (its rules apply to requests in its
 * namespace), so a wildcard in a Role does not carry them; a Role that names them literally is still reported,
 * as the checkers do, since it shows the intent.
 */
function clusterScoped(id: RbacRisk, ...matches: Match[]): Pattern {
  return { ...pattern(id, ...matches), clusterOnly: true };
}

/** Grants of (apiGroups × resources × verbs); `unnamedOnly` when naming the objects makes the grant narrow enough. */
function grant(groups: readonly string[], resources: readonly string[], verbs: readonly string[], unnamedOnly = false): Match {
  return (a, m) => m.group(a.apiGroup, groups) && m.resource(a.resource, resources) && m.verb(a.verb, verbs)
    && !(unnamedOnly && a.resourceName !== undefined);
}

const WORKLOADS: Array<[string, string[]]> = [
  ['apps', ['deployments', 'statefulsets', 'daemonsets', 'replicasets']],
  [CORE, ['replicationcontrollers']],
  ['batch', ['jobs', 'cronjobs']],
];
const CRITICAL_CONFIGMAPS = ['coredns', 'aws-auth'];
const ADMISSION = ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations',
  'validatingadmissionpolicies', 'validatingadmissionpolicybindings', 'mutatingadmissionpolicies', 'mutatingadmissionpolicybindings'];

/** The specific patterns, in report order. Wildcards are handled apart (see `dangerousRules`). */
const PATTERNS: readonly Pattern[] = [
  pattern(RbacRisk.SECRETS_READ, grant([CORE], ['secrets'], READ, true)),
  pattern(RbacRisk.SECRETS_WRITE, grant([CORE], ['secrets'], ['create']), grant([CORE], ['secrets'], ['update', 'patch'], true)),
  pattern(RbacRisk.PODS_WRITE, grant([CORE], ['pods', 'pods/ephemeralcontainers'], WRITE)),
  pattern(RbacRisk.WORKLOADS_WRITE, ...WORKLOADS.map(([g, r]) => grant([g], r, WRITE))),
  pattern(RbacRisk.DELETE_RESOURCES, grant([CORE], ['secrets', 'pods', 'services'], DELETE, true),
    ...WORKLOADS.filter(([g]) => g !== CORE).map(([g, r]) => grant([g], r, DELETE, true))),
  pattern(RbacRisk.EVENTS_DELETE, grant([CORE, 'events.k8s.io'], ['events'], DELETE, true)),
  pattern(RbacRisk.PODS_LOG_DELETE, grant([CORE], ['pods/log'], DELETE)),
  pattern(RbacRisk.PODS_EXEC, grant([CORE], ['pods/exec'], ['get', 'create'])),
  pattern(RbacRisk.PODS_ATTACH, grant([CORE], ['pods/attach'], ['get', 'create'])),
  pattern(RbacRisk.PODS_PORTFORWARD, grant([CORE], ['pods/portforward'], ['get', 'create'])),
  // A proxied request is authorized by its HTTP method (GET is get, POST create …), so each such verb opens the proxy.
  pattern(RbacRisk.PODS_PROXY, grant([CORE], ['pods/proxy'], PROXY_VERBS)),
  pattern(RbacRisk.SERVICES_PROXY, grant([CORE], ['services/proxy'], PROXY_VERBS)),
  clusterScoped(RbacRisk.NODES_PROXY, (a, m) => m.group(a.apiGroup, [CORE]) && m.resource(a.resource, ['nodes/proxy'])),
  clusterScoped(RbacRisk.NODES_WRITE, grant([CORE], ['nodes'], [...WRITE, ...DELETE]), grant([CORE], ['nodes/status'], ['update', 'patch'])),
  // A namespace request's namespace is the namespace itself, so a Role grants these on its own namespace.
  pattern(RbacRisk.NAMESPACES_WRITE, grant([CORE], ['namespaces'], ['update', 'patch'])),
  pattern(RbacRisk.NAMESPACES_DELETE, grant([CORE], ['namespaces'], DELETE)),
  pattern(RbacRisk.ESCALATE, grant([RBAC], ['roles', 'clusterroles'], ['escalate'])),
  // Bind is only checked on roles; Checkov also flags it on bindings, where it shows the same intent.
  pattern(RbacRisk.BIND, grant([RBAC], ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'], ['bind'])),
  pattern(RbacRisk.IMPERSONATE, grant([CORE], ['users', 'groups', 'serviceaccounts'], ['impersonate']),
    grant(['authentication.k8s.io'], ['uids', 'userextras'], ['impersonate']),
    (a, m) => m.group(a.apiGroup, ['authentication.k8s.io']) && a.resource.startsWith('userextras/') && m.verb(a.verb, ['impersonate'])),
  pattern(RbacRisk.ROLE_BINDINGS_WRITE, grant([RBAC], ['rolebindings', 'clusterrolebindings'], WRITE)),
  pattern(RbacRisk.SERVICE_ACCOUNT_TOKEN_CREATE, grant([CORE], ['serviceaccounts/token'], ['create'])),
  clusterScoped(RbacRisk.PERSISTENT_VOLUMES_CREATE, grant([CORE], ['persistentvolumes'], ['create'])),
  clusterScoped(RbacRisk.CSR_APPROVAL, grant(['certificates.k8s.io'], ['certificatesigningrequests/approval'], ['update', 'patch']),
    grant(['certificates.k8s.io'], ['signers'], ['approve'])),
  clusterScoped(RbacRisk.CSR_SIGNING, grant(['certificates.k8s.io'], ['signers'], ['sign']),
    grant(['certificates.k8s.io'], ['certificatesigningrequests/status'], ['update', 'patch'])),
  clusterScoped(RbacRisk.ADMISSION_WEBHOOKS_WRITE, grant(['admissionregistration.k8s.io'], ADMISSION, [...WRITE, ...DELETE])),
  clusterScoped(RbacRisk.APISERVICES_WRITE, grant(['apiregistration.k8s.io'], ['apiservices', 'apiservices/status'], [...WRITE, ...DELETE])),
  clusterScoped(RbacRisk.CRD_WRITE, grant(['apiextensions.k8s.io'], ['customresourcedefinitions', 'customresourcedefinitions/status'], [...WRITE, ...DELETE])),
  // Unnamed writes reach coredns and aws-auth only in kube-system, or from a ClusterRole.
  pattern(RbacRisk.CRITICAL_CONFIGMAPS_WRITE, (a, m, scope, context) => grant([CORE], ['configmaps'], [...WRITE, ...DELETE])(a, m, scope, context)
    && (a.resourceName !== undefined ? CRITICAL_CONFIGMAPS.includes(a.resourceName) : scope === 'cluster' || context.namespace === 'kube-system')),
  pattern(RbacRisk.NETWORK_WRITE, grant([CORE], ['services'], WRITE), grant([CORE], ['endpoints'], [...WRITE, ...DELETE]),
    grant(['discovery.k8s.io'], ['endpointslices'], [...WRITE, ...DELETE]), grant(['networking.k8s.io'], ['networkpolicies', 'ingresses'], [...WRITE, ...DELETE])),
  pattern(RbacRisk.SERVICES_STATUS_WRITE, grant([CORE], ['services/status'], ['update', 'patch'])),
];

/** Every (apiGroup, resource, verb, resourceName) the rule grants. */
function atomsOf(rule: PolicyRuleLike): Atom[] {
  const names: Array<string | undefined> = rule.resourceNames?.length ? [...rule.resourceNames] : [undefined];
  const atoms: Atom[] = [];
  for (const apiGroup of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs ?? []) {
        for (const resourceName of names) atoms.push({ apiGroup, resource, verb, ...(resourceName !== undefined ? { resourceName } : {}) });
      }
    }
  }
  return atoms;
}

const hasWildcard = (value: string) => value.includes('*');

/**
 * The dangerous permissions one policy rule grants, one entry per risk (matched: the first grant that
 * shows it), in a stable order: wildcard findings first, then the specific risks. Empty for a safe rule.
 *
 * A wildcard is reported as itself and as each specific risk it carries: `*` verbs on pods/exec is also an
 * exec grant, `*` resources with `get` also reads Secrets. So every specific risk is named (and must be
 * acknowledged) however it is granted; the wildcard finding lists them again in `implies`.
 *
 * @param rule a `rules[]` entry of a Role or ClusterRole
 * @param scope `namespace` for a Role, `cluster` for a ClusterRole
 * @param context the Role's namespace, if known
 */
export function dangerousRules(rule: PolicyRuleLike, scope: RbacScope, context: RuleContext = {}): DangerousPermission[] {
  const atoms = atomsOf(rule);
  const specific: DangerousPermission[] = [];
  const implied: RbacRisk[] = [];
  for (const p of PATTERNS) {
    // A literal grant is the clearest thing to show; otherwise the wildcard grant that carries the risk.
    const literal = atoms.find(a => p.matches(a, LITERAL, scope, context));
    const expanded = literal || (p.clusterOnly && scope === 'namespace') ? undefined : atoms.find(a => p.matches(a, EXPANDING, scope, context));
    const matched = literal ?? expanded;
    if (!matched) continue;
    specific.push({ ...definition(p.id, scope), matched, implies: [] });
    if (expanded) implied.push(p.id);
  }

  const wildVerb = atoms.find(a => a.verb === '*');
  const wildResource = atoms.find(a => hasWildcard(a.resource));
  const wildGroup = atoms.find(a => a.apiGroup === '*');
  const all = atoms.find(a => a.verb === '*' && a.resource === '*' && a.apiGroup === '*');
  const wildcards: Array<[RbacRisk, Atom | undefined]> = all
    ? [[RbacRisk.WILDCARD_ALL, all]]
    : [[RbacRisk.WILDCARD_VERBS, wildVerb], [RbacRisk.WILDCARD_RESOURCES, wildResource], [RbacRisk.WILDCARD_API_GROUPS, wildGroup]];
  const wildcardFindings = wildcards.filter(([, a]) => a).map(([id, a]): DangerousPermission => ({
    ...definition(id, scope), matched: a!, implies: implied,
  }));
  return [...wildcardFindings, ...specific];
}

const BUILTIN_ADMIN_ROLES = ['admin', 'edit'];

/**
 * The dangerous parts of a RoleBinding or ClusterRoleBinding: its roleRef (cluster-admin, admin, edit, any `system:` ClusterRole)
 * and each dangerous subject (system:masters, anonymous, all authenticated users, default ServiceAccounts).
 * Built-in system bindings are not exempted here; the caller decides.
 */
export function dangerousBinding(roleRef: RoleRefLike, subjects: readonly SubjectLike[] | undefined): DangerousBinding[] {
  const ref = { roleRefKind: roleRef.kind ?? '', roleRefName: roleRef.name ?? '' };
  const findings: DangerousBinding[] = [];
  if (ref.roleRefKind === 'ClusterRole' && ref.roleRefName === 'cluster-admin') {
    findings.push({ ...definition(RbacRisk.BINDING_CLUSTER_ADMIN, undefined), matched: ref });
  } else if (ref.roleRefKind === 'ClusterRole' && BUILTIN_ADMIN_ROLES.includes(ref.roleRefName)) {
    findings.push({ ...definition(RbacRisk.BINDING_ADMIN_OR_EDIT, undefined), matched: ref });
  } else if (ref.roleRefKind === 'ClusterRole' && ref.roleRefName.startsWith('system:')) {
    // Every system: role, not a list of the known-dangerous ones: new control-plane roles appear with each release.
    findings.push({ ...definition(RbacRisk.BINDING_SYSTEM_ROLE, undefined), matched: ref });
  }
  (subjects ?? []).forEach((s, subjectIndex) => {
    const risk = subjectRisk(s);
    if (!risk) return;
    findings.push({
      ...definition(risk, undefined),
      matched: { ...ref, subjectKind: s.kind ?? '', subjectName: s.name ?? '', ...(s.namespace ? { subjectNamespace: s.namespace } : {}), subjectIndex },
    });
  });
  return findings;
}

function subjectRisk(s: SubjectLike): RbacRisk | undefined {
  const name = s.name ?? '';
  if (name === 'system:masters') return RbacRisk.SUBJECT_SYSTEM_MASTERS;
  if (name === 'system:anonymous' || name === 'system:unauthenticated') return RbacRisk.SUBJECT_ANONYMOUS;
  if (name === 'system:authenticated') return RbacRisk.SUBJECT_AUTHENTICATED;
  if ((s.kind === 'ServiceAccount' && name === 'default') || (s.kind === 'User' && /^system:serviceaccount:[^:]+:default$/.test(name))) {
    return RbacRisk.SUBJECT_DEFAULT_SERVICE_ACCOUNT;
  }
  return undefined;
}

/** A plain RBAC object, as parsed from YAML. */
export interface RbacObjectLike {
  readonly kind?: string;
  readonly metadata?: { readonly namespace?: string };
  readonly rules?: readonly PolicyRuleLike[] | null;
  readonly roleRef?: RoleRefLike;
  readonly subjects?: readonly SubjectLike[] | null;
}

/**
 * Every dangerous permission or binding of a Role, ClusterRole, RoleBinding or ClusterRoleBinding, with
 * the path of the field that holds it. Other kinds give `[]`. Aggregated ClusterRoles are judged by the
 * rules they list (the aggregation controller fills them in a cluster).
 */
export function dangerousRbacObject(object: RbacObjectLike): RbacObjectFinding[] {
  switch (object.kind) {
    case 'Role':
    case 'ClusterRole': {
      const scope: RbacScope = object.kind === 'Role' ? 'namespace' : 'cluster';
      const context = object.kind === 'Role' && object.metadata?.namespace ? { namespace: object.metadata.namespace } : {};
      return (object.rules ?? []).flatMap((rule, i) => dangerousRules(rule, scope, context).map(f => ({ ...f, path: `rules[${i}]` })));
    }
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      return dangerousBinding(object.roleRef ?? {}, object.subjects ?? []).map(f => ({
        ...f, path: f.matched.subjectIndex !== undefined ? `subjects[${f.matched.subjectIndex}]` : 'roleRef',
      }));
    default:
      return [];
  }
}

/** A short human description of a matched permission, e.g. `get secrets "db-password"` or `create deployments.apps`. */
export function describePermission(p: MatchedPermission): string {
  const resource = p.apiGroup ? `${p.resource}.${p.apiGroup}` : p.resource;
  return `${p.verb} ${resource}${p.resourceName !== undefined ? ` "${p.resourceName}"` : ''}`;
}

/** A short human description of a dangerous binding, e.g. `ClusterRole/cluster-admin` or `subject Group/system:masters`. */
export function describeBinding(b: MatchedBinding): string {
  if (b.subjectIndex === undefined) return `roleRef ${b.roleRefKind}/${b.roleRefName}`;
  return `subject ${b.subjectKind}/${b.subjectNamespace ? `${b.subjectNamespace}/` : ''}${b.subjectName}`;
}
