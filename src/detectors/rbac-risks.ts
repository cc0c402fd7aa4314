/**
 * The catalogue of dangerous RBAC permissions and bindings: the one list of risks, each with its severity, what it
 * grants, why an attacker wants it, and the controls of other frameworks that flag it. Pure (no constructs, no I/O):
 * `LeastPrivilegeServiceAccount` refuses grants with these words, and each rule of `src/rules/rbac/` reports one risk
 * with them. Which grants carry a risk is decided in `dangerous-permissions.ts`.
 */
import { ReferenceClaim, ReferenceRelation, RuleReference, Severity, toReference } from './severity';

/**
 * A dangerous RBAC permission or binding, by its stable rule id.
 *
 * The same ids name the findings of the rule engine and the acknowledgements of
 * `LeastPrivilegeServiceAccount`, so a justification written for a grant reads the same as the
 * finding it silences. Ids are never reused for another meaning.
 */
export enum RbacRisk {
  /** `*` verbs on `*` resources in `*` API groups: everything, like cluster-admin (in its scope). */
  WILDCARD_ALL = 'rbac-wildcard-all',
  /** `*` in verbs: every verb, including ones added by future API versions and aggregated roles. */
  WILDCARD_VERBS = 'rbac-wildcard-verbs',
  /** `*` in resources: every resource type and subresource, including secrets, pods/exec and future CRDs. */
  WILDCARD_RESOURCES = 'rbac-wildcard-resources',
  /** `*` in apiGroups: the resources of every API group, including CRDs installed later. */
  WILDCARD_API_GROUPS = 'rbac-wildcard-api-groups',
  /** get, list or watch on Secrets without resourceNames. */
  SECRETS_READ = 'rbac-secrets-read',
  /** create Secrets, or update/patch them without resourceNames. */
  SECRETS_WRITE = 'rbac-secrets-write',
  /** create, update or patch Pods (or their ephemeral containers). */
  PODS_WRITE = 'rbac-pods-write',
  /** create, update or patch workload controllers (Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers, Jobs, CronJobs). */
  WORKLOADS_WRITE = 'rbac-workloads-write',
  /** delete or deletecollection on Secrets, Pods, Services or workloads without resourceNames. */
  DELETE_RESOURCES = 'rbac-delete-resources',
  /** delete or deletecollection on Events without resourceNames. */
  EVENTS_DELETE = 'rbac-events-delete',
  /** delete on pods/log. */
  PODS_LOG_DELETE = 'rbac-pods-log-delete',
  /** get or create on pods/exec. */
  PODS_EXEC = 'rbac-pods-exec',
  /** get or create on pods/attach. */
  PODS_ATTACH = 'rbac-pods-attach',
  /** get or create on pods/portforward. */
  PODS_PORTFORWARD = 'rbac-pods-portforward',
  /** Any verb on pods/proxy: HTTP to any port of the namespace's pods, through the API server. */
  PODS_PROXY = 'rbac-pods-proxy',
  /** Any verb on services/proxy: HTTP to any port of the namespace's Services, through the API server. */
  SERVICES_PROXY = 'rbac-services-proxy',
  /** Any verb on nodes/proxy. */
  NODES_PROXY = 'rbac-nodes-proxy',
  /** create, update, patch or delete Nodes, or update/patch nodes/status: relabel, untaint, cordon or remove nodes. */
  NODES_WRITE = 'rbac-nodes-write',
  /** update or patch Namespaces: their Pod Security Admission labels and the labels NetworkPolicies select by. */
  NAMESPACES_WRITE = 'rbac-namespaces-write',
  /** delete or deletecollection on Namespaces: everything in them goes too. */
  NAMESPACES_DELETE = 'rbac-namespaces-delete',
  /** The `escalate` verb. */
  ESCALATE = 'rbac-escalate',
  /** The `bind` verb. */
  BIND = 'rbac-bind',
  /** The `impersonate` verb. */
  IMPERSONATE = 'rbac-impersonate',
  /** create, update or patch RoleBindings or ClusterRoleBindings. */
  ROLE_BINDINGS_WRITE = 'rbac-role-bindings-write',
  /** create on serviceaccounts/token. */
  SERVICE_ACCOUNT_TOKEN_CREATE = 'rbac-service-account-token-create',
  /** create on PersistentVolumes. */
  PERSISTENT_VOLUMES_CREATE = 'rbac-persistent-volumes-create',
  /** update/patch on certificatesigningrequests/approval, or approve on signers. */
  CSR_APPROVAL = 'rbac-csr-approval',
  /** sign on signers, or update/patch on certificatesigningrequests/status: issuing the certificates of a signer. */
  CSR_SIGNING = 'rbac-csr-signing',
  /** Writes to admission webhook configurations or admission policies. */
  ADMISSION_WEBHOOKS_WRITE = 'rbac-admission-webhooks-write',
  /** Writes to APIServices (apiregistration.k8s.io): where the API server sends a whole API group. */
  APISERVICES_WRITE = 'rbac-apiservices-write',
  /** Writes to CustomResourceDefinitions: their schemas, conversion webhooks, and (by deleting one) every object of the type. */
  CRD_WRITE = 'rbac-crd-write',
  /** Writes to the `coredns` or `aws-auth` ConfigMaps (or to any ConfigMap of kube-system, or cluster-wide). */
  CRITICAL_CONFIGMAPS_WRITE = 'rbac-critical-configmaps-write',
  /** Writes to Services, Endpoints, EndpointSlices, NetworkPolicies or Ingresses. */
  NETWORK_WRITE = 'rbac-network-write',
  /** update/patch on services/status. */
  SERVICES_STATUS_WRITE = 'rbac-services-status-write',
  /** A binding to the `cluster-admin` ClusterRole. */
  BINDING_CLUSTER_ADMIN = 'rbac-binding-cluster-admin',
  /** A binding to the built-in `admin` or `edit` ClusterRole. */
  BINDING_ADMIN_OR_EDIT = 'rbac-binding-admin-or-edit',
  /** A binding to a `system:` ClusterRole: the roles of the control plane, nodes and controllers. */
  BINDING_SYSTEM_ROLE = 'rbac-binding-system-role',
  /** A binding whose subject is the `system:masters` group. */
  SUBJECT_SYSTEM_MASTERS = 'rbac-subject-system-masters',
  /** A binding whose subject is `system:anonymous` or `system:unauthenticated`. */
  SUBJECT_ANONYMOUS = 'rbac-subject-anonymous',
  /** A binding whose subject is the `system:authenticated` group. */
  SUBJECT_AUTHENTICATED = 'rbac-subject-authenticated',
  /** A binding whose subject is a namespace's `default` ServiceAccount. */
  SUBJECT_DEFAULT_SERVICE_ACCOUNT = 'rbac-subject-default-service-account',
}

/** Where a rule applies: a Role (one namespace) or a ClusterRole (bound cluster-wide, or reusable in every namespace). */
export type RbacScope = 'namespace' | 'cluster';

/** What a risk is, independent of where it was found. */
export interface RbacRiskDefinition {
  readonly id: RbacRisk;
  /** One line: what is granted. */
  readonly title: string;
  /** Why it is dangerous: what an attacker holding it can do. */
  readonly why: string;
  readonly severity: Severity;
  /** Every framework control that flags it, in either scope. */
  readonly references: readonly RuleReference[];
}

// A bare id claims the control's verdicts; a ReferenceClaim declares how the risk's rule differs, and why.
type Ref = readonly [framework: string, id: string | ReferenceClaim, scope?: RbacScope];

interface Definition {
  readonly title: string;
  readonly why: string;
  readonly severity: Severity;
  readonly refs: readonly Ref[];
}

const CLUSTER_ADMIN_EQUIVALENT: Ref[] = [['kube-linter', 'wildcard-in-rules'], ['checkov', 'CKV_K8S_49']];

/** CIS 5.1.3 asks for no wildcard anywhere in a role: the four wildcard risks cover it together, each one dimension. */
const cisWildcards = (dimension: string): Ref => ['cis', {
  id: '5.1.3',
  relation: ReferenceRelation.NARROWER,
  why: `5.1.3 asks for no wildcard anywhere in a role; the four rbac-wildcard-* rules cover it together, this one ${dimension}`,
}];

/**
 * Kubescape's RBAC controls judge a role through the subjects a binding of the input gives it to (its subject →
 * binding → role vector; rules/*\/raw.rego of kubescape/regolibrary), so a role no binding grants passes them; the risk
 * rules judge the role itself, bound or not (rbac-binding-to-dangerous-role and rbac-workload-dangerous-role name who
 * receives it). `also` says how the match sets differ besides.
 */
const kubescape = (id: string, relation: ReferenceRelation, also = ''): Ref => ['kubescape', {
  id,
  relation,
  why: `Kubescape fails a role only through a binding of the input that gives it to a subject, this rule reports the role bound or not${also}`,
}];

/**
 * Kubescape's cluster-admin test (rule-list-all-cluster-admins-v1, behind C-0187 and, with a binding to cluster-admin,
 * C-0035): verbs * on resources * of apiGroups "" or *.
 */
const KUBESCAPE_ALL = '; Kubescape\'s test is verbs * together with resources * in apiGroups "" or *';
const KUBESCAPE_ALL_CORE = `${KUBESCAPE_ALL}, so it also fails apiGroups [""], reported here as rbac-wildcard-verbs and rbac-wildcard-resources`;

const DEFINITIONS: Record<RbacRisk, Definition> = {
  [RbacRisk.WILDCARD_ALL]: {
    title: 'every verb on every resource of every API group',
    why: 'the holder can do anything in its scope: read every Secret, run any pod, grant itself more; in a ClusterRole this is cluster-admin',
    severity: Severity.CRITICAL,
    refs: [cisWildcards('reports * in all three at once'), kubescape('C-0187', ReferenceRelation.RELATED, KUBESCAPE_ALL_CORE),
      ...CLUSTER_ADMIN_EQUIVALENT, kubescape('C-0035', ReferenceRelation.RELATED, `${KUBESCAPE_ALL_CORE}, and a binding to cluster-admin (rbac-binding-cluster-admin)`),
      ['trivy', 'KSV-0044'], ['polaris', 'rolebindingClusterAdminRole']],
  },
  [RbacRisk.WILDCARD_VERBS]: {
    title: 'a wildcard (*) in verbs',
    why: 'every verb includes delete, escalate, bind and impersonate where they apply, and verbs added later; list the verbs the workload calls',
    severity: Severity.HIGH,
    refs: [cisWildcards('reports * in verbs (unless resources and apiGroups are * too: rbac-wildcard-all)'),
      kubescape('C-0187', ReferenceRelation.RELATED, `${KUBESCAPE_ALL}, so it passes * verbs on named resources, which this rule reports`),
      ...CLUSTER_ADMIN_EQUIVALENT, ['trivy', 'KSV-0045']],
  },
  [RbacRisk.WILDCARD_RESOURCES]: {
    title: 'a wildcard (*) in resources',
    why: 'every resource includes Secrets, pods/exec, nodes/proxy and any CRD installed later; list the resources the workload uses',
    severity: Severity.HIGH,
    refs: [cisWildcards('reports * in resources (unless verbs and apiGroups are * too: rbac-wildcard-all)'),
      kubescape('C-0187', ReferenceRelation.RELATED, `${KUBESCAPE_ALL}, so it passes * resources with named verbs, which this rule reports`),
      ...CLUSTER_ADMIN_EQUIVALENT, ['trivy', 'KSV-0046', 'cluster'], ['trivy', 'KSV-0112', 'namespace']],
  },
  [RbacRisk.WILDCARD_API_GROUPS]: {
    title: 'a wildcard (*) in apiGroups',
    why: 'the rule also matches same-named resources of every API group, including CRDs installed later; name the group',
    severity: Severity.MEDIUM,
    refs: [cisWildcards('reports * in apiGroups'), kubescape('C-0187', ReferenceRelation.RELATED, `${KUBESCAPE_ALL}; a * apiGroup alone passes it`),
      ...CLUSTER_ADMIN_EQUIVALENT],
  },
  [RbacRisk.SECRETS_READ]: {
    title: 'read access to all Secrets',
    why: 'every Secret of the scope becomes readable, including other workloads\' credentials and legacy ServiceAccount tokens, which are a path to their permissions; name the Secrets (resourceNames)',
    severity: Severity.HIGH,
    refs: [['cis', { id: '5.1.2', relation: ReferenceRelation.NARROWER, why: 'a read restricted to named Secrets (resourceNames) passes: it reads those Secrets only, the minimum 5.1.2 asks for' }],
      ['kube-linter', 'access-to-secrets'], ['checkov', 'CKV2_K8S_5'],
      kubescape('C-0015', ReferenceRelation.RELATED, '; and Kubescape also fails a read restricted to named Secrets (resourceNames), which this rule passes'),
      ['kubescape', 'C-0186'],
      ['trivy', 'KSV-0041', 'cluster'], ['trivy', 'KSV-0113', 'namespace']],
  },
  [RbacRisk.SECRETS_WRITE]: {
    title: 'create Secrets, or update/patch any Secret',
    why: 'creating a kubernetes.io/service-account-token Secret mints a long-lived token for any ServiceAccount of the namespace, and rewriting Secrets swaps other workloads\' credentials; name the Secrets to update',
    severity: Severity.HIGH,
    refs: [['cis', { id: '5.1.2', relation: ReferenceRelation.RELATED, why: '5.1.2 is about reading Secrets (get, list, watch); creating and rewriting them is this rule' }],
      ['kube-linter', 'access-to-secrets'], ['trivy', 'KSV-0041', 'cluster'], ['trivy', 'KSV-0113', 'namespace']],
  },
  [RbacRisk.PODS_WRITE]: {
    title: 'create, update or patch Pods',
    why: 'a pod runs any image as any ServiceAccount of the namespace and mounts its Secrets, so this is every permission of every ServiceAccount there (and host access where admission allows it)',
    severity: Severity.HIGH,
    refs: [['cis', { id: '5.1.4', relation: ReferenceRelation.STRICTER, why: '5.1.4 asks to minimize create on pods; this rule also reports update and patch, which replace a pod\'s image or add an ephemeral container' }],
      ['kube-linter', 'access-to-create-pods'],
      kubescape('C-0188', ReferenceRelation.STRICTER, ', and it also reports update and patch on pods and pods/ephemeralcontainers, which Kubescape passes'),
      ['kubescape', { id: 'C-0267', relation: ReferenceRelation.RELATED, why: 'C-0267 reports the workload whose ServiceAccount holds the permission; that is rbac-workload-dangerous-role, this rule reports the role' }],
      ['trivy', 'KSV-0048']],
  },
  [RbacRisk.WORKLOADS_WRITE]: {
    title: 'create, update or patch workload controllers',
    why: 'a Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job or CronJob creates pods, so this is the same as creating pods: any image, any ServiceAccount of the namespace',
    severity: Severity.HIGH,
    refs: [['cis', { id: '5.1.4', relation: ReferenceRelation.RELATED, why: '5.1.4 names create on pods; a workload controller creates the pods for its writer, which is this rule' }],
      ['kube-linter', 'access-to-create-pods'], ['trivy', 'KSV-0048']],
  },
  [RbacRisk.DELETE_RESOURCES]: {
    title: 'delete any Secret, Pod, Service or workload',
    why: 'the holder can take the namespace\'s applications down or destroy their data; name the objects it may delete',
    severity: Severity.MEDIUM,
    refs: [['kubescape', 'C-0007']],
  },
  [RbacRisk.EVENTS_DELETE]: {
    title: 'delete Events',
    why: 'deleting Events erases the trail of what happened, which attackers use to cover their tracks',
    severity: Severity.MEDIUM,
    refs: [['kubescape', 'C-0031']],
  },
  [RbacRisk.PODS_LOG_DELETE]: {
    title: 'delete on pods/log',
    why: 'it signals an intent to erase container logs, the evidence of an intrusion',
    severity: Severity.MEDIUM,
    refs: [['trivy', 'KSV-0042']],
  },
  [RbacRisk.PODS_EXEC]: {
    title: 'exec into pods (pods/exec)',
    why: 'a shell in another pod runs with that pod\'s identity, token and mounted Secrets; `get` suffices over WebSockets',
    severity: Severity.HIGH,
    refs: [['polaris', { id: 'clusterrolePodExecAttach', relation: ReferenceRelation.RELATED, why: 'Polaris fails a role that grants exec or attach (this rule judges exec only; the attach rule judges attach), and passes roles named system:*, which this rule judges like any other' }, 'cluster'], ['polaris', { id: 'rolePodExecAttach', relation: ReferenceRelation.RELATED, why: 'Polaris fails a role that grants exec or attach (this rule judges exec only; the attach rule judges attach), and passes roles named system:*, which this rule judges like any other' }, 'namespace'], ['checkov', 'CKV2_K8S_2'],
      kubescape('C-0002', ReferenceRelation.STRICTER, ', and it also reports get on pods/exec (exec over WebSockets) and the */exec subresource wildcard, which Kubescape passes'),
      ['trivy', 'KSV-0053']],
  },
  [RbacRisk.PODS_ATTACH]: {
    title: 'attach to pods (pods/attach)',
    why: 'attaching to a running container\'s console gives its process\'s input and output, often a shell with that pod\'s identity',
    severity: Severity.HIGH,
    refs: [['polaris', { id: 'clusterrolePodExecAttach', relation: ReferenceRelation.RELATED, why: 'Polaris fails a role that grants exec or attach (this rule judges attach only; the exec rule judges exec), and passes roles named system:*, which this rule judges like any other' }, 'cluster'], ['polaris', { id: 'rolePodExecAttach', relation: ReferenceRelation.RELATED, why: 'Polaris fails a role that grants exec or attach (this rule judges attach only; the exec rule judges exec), and passes roles named system:*, which this rule judges like any other' }, 'namespace'], ['trivy', 'KSV-0054']],
  },
  [RbacRisk.PODS_PORTFORWARD]: {
    title: 'port-forward to pods (pods/portforward)',
    why: 'port-forwarding reaches any port of any pod through the API server, bypassing NetworkPolicies and Services',
    severity: Severity.HIGH,
    refs: [['kubescape', 'C-0063']],
  },
  [RbacRisk.PODS_PROXY]: {
    title: 'access to pods/proxy',
    why: 'the API server relays HTTP to any port of any pod of the scope, from the control plane: NetworkPolicies do not apply, and every verb maps to an HTTP method, so admin and debug endpoints are reachable as with port-forward',
    severity: Severity.HIGH,
    refs: [['k8s', 'access-cluster-services#manually-constructing-apiserver-proxy-urls']],
  },
  [RbacRisk.SERVICES_PROXY]: {
    title: 'access to services/proxy',
    why: 'the API server relays HTTP to any port of any Service of the scope, from the control plane: NetworkPolicies do not apply, so internal dashboards and unauthenticated endpoints are reachable as with port-forward',
    severity: Severity.HIGH,
    refs: [['k8s', 'access-cluster-services#manually-constructing-apiserver-proxy-urls']],
  },
  [RbacRisk.NODES_PROXY]: {
    title: 'access to nodes/proxy',
    why: 'nodes/proxy is the kubelet API: exec into and read every pod of the node, unaudited by the API server',
    severity: Severity.HIGH,
    refs: [['cis', '5.1.10'], ['checkov', 'CKV2_K8S_2'], ['kubescape', 'C-0279'], ['trivy', 'KSV-0047']],
  },
  [RbacRisk.NODES_WRITE]: {
    title: 'create, update, patch or delete Nodes, or write nodes/status',
    why: 'relabelling or untainting a node steers pods that select it (a compliance zone, the control plane) onto a node the holder controls; cordoning and deleting nodes moves or stops every pod they run',
    severity: Severity.HIGH,
    refs: [['rbac-police', 'steal_pods'], ['rbac-police', 'modify_node_status'], ['k8s', 'assign-pod-node#node-isolation-restriction']],
  },
  [RbacRisk.NAMESPACES_WRITE]: {
    title: 'update or patch Namespaces',
    why: 'a namespace\'s labels are its Pod Security Admission level (pod-security.kubernetes.io/enforce: privileged) and what NetworkPolicy namespaceSelectors trust, so changing them lifts both; a Role grants this on its own namespace',
    severity: Severity.HIGH,
    refs: [['k8s', 'rbac-good-practices#namespace-modification']],
  },
  [RbacRisk.NAMESPACES_DELETE]: {
    title: 'delete Namespaces',
    why: 'deleting a namespace deletes every object in it, Secrets, volume claims and all; a Role grants this on its own namespace',
    severity: Severity.HIGH,
    refs: [['k8s', 'namespaces#deleting-a-namespace']],
  },
  [RbacRisk.ESCALATE]: {
    title: 'the escalate verb',
    why: 'escalate lets the holder write Roles with permissions it does not have, bypassing RBAC\'s privilege-escalation check',
    severity: Severity.CRITICAL,
    refs: [['cis', '5.1.8'], ['checkov', 'CKV_K8S_158'], ['kubescape', 'C-0191'], ['trivy', 'KSV-0050']],
  },
  [RbacRisk.BIND]: {
    title: 'the bind verb',
    why: 'bind lets the holder bind Roles with permissions it does not have (to itself, too), bypassing RBAC\'s privilege-escalation check',
    severity: Severity.CRITICAL,
    refs: [['cis', '5.1.8'], ['checkov', 'CKV_K8S_157'], ['checkov', 'CKV2_K8S_1'], ['kubescape', 'C-0191'], ['trivy', 'KSV-0050'], ['trivy', 'KSV-0051'], ['trivy', 'KSV-0052']],
  },
  [RbacRisk.IMPERSONATE]: {
    title: 'the impersonate verb',
    why: 'impersonating a user, group or ServiceAccount acts with all of its permissions (impersonating system:masters is cluster-admin)',
    severity: Severity.CRITICAL,
    refs: [['cis', '5.1.8'], ['checkov', 'CKV2_K8S_3'], ['kubescape', 'C-0065'], ['kubescape', 'C-0191'], ['trivy', 'KSV-0043']],
  },
  [RbacRisk.ROLE_BINDINGS_WRITE]: {
    title: 'create, update or patch RoleBindings or ClusterRoleBindings',
    why: 'the holder can bind any Role whose permissions it also holds to any subject, including itself through other accounts, spreading its rights',
    severity: Severity.LOW,
    refs: [['trivy', 'KSV-0055']],
  },
  [RbacRisk.SERVICE_ACCOUNT_TOKEN_CREATE]: {
    title: 'create ServiceAccount tokens (serviceaccounts/token)',
    why: 'the holder mints tokens for ServiceAccounts and acts with their permissions, for as long as the tokens live',
    severity: Severity.HIGH,
    refs: [['cis', '5.1.13'], ['kubescape', 'C-0282']],
  },
  [RbacRisk.PERSISTENT_VOLUMES_CREATE]: {
    title: 'create PersistentVolumes',
    why: 'a PersistentVolume can point at a hostPath, so creating one mounts any directory of a node into a pod',
    severity: Severity.HIGH,
    refs: [['cis', '5.1.9'], ['kubescape', 'C-0278']],
  },
  [RbacRisk.CSR_APPROVAL]: {
    title: 'approve certificate signing requests',
    why: 'approving a CSR for the kube-apiserver-client signer issues a client certificate for any user or group, e.g. system:masters',
    severity: Severity.HIGH,
    refs: [['cis', '5.1.11'], ['checkov', 'CKV_K8S_156'], ['kubescape', 'C-0280']],
  },
  [RbacRisk.CSR_SIGNING]: {
    title: 'sign on signers, or write certificatesigningrequests/status',
    why: 'the holder issues the certificates of a signer: whatever it writes into a CSR\'s status is what kubelets and clients receive as their certificate',
    severity: Severity.HIGH,
    refs: [['k8s', 'rbac-good-practices#csrs-and-certificate-issuing']],
  },
  [RbacRisk.ADMISSION_WEBHOOKS_WRITE]: {
    title: 'write admission webhook configurations or admission policies',
    why: 'admission controls every object the cluster accepts: a webhook can read or rewrite every request (Secrets included), and removing a policy disables its enforcement',
    severity: Severity.CRITICAL,
    refs: [['cis', '5.1.12'], ['checkov', 'CKV_K8S_155', 'cluster'], ['kubescape', 'C-0281'], ['trivy', 'KSV-0114']],
  },
  [RbacRisk.APISERVICES_WRITE]: {
    title: 'write APIServices',
    why: 'an APIService tells the API server to forward a whole API group (e.g. metrics.k8s.io, or any group not served locally) to a Service: the holder receives those requests with the callers\' identities and answers them as the API',
    severity: Severity.CRITICAL,
    refs: [['k8s', 'apiserver-aggregation']],
  },
  [RbacRisk.CRD_WRITE]: {
    title: 'write CustomResourceDefinitions',
    why: 'a CRD write replaces the type\'s schema, adds a conversion webhook that receives and rewrites every object of the type, or deletes the type with all its objects, policies of admission controllers included',
    severity: Severity.HIGH,
    refs: [['k8s', 'custom-resource-definition-versioning#webhook-conversion'], ['k8s', 'custom-resource-definitions#delete-a-customresourcedefinition']],
  },
  [RbacRisk.CRITICAL_CONFIGMAPS_WRITE]: {
    title: 'write the coredns or aws-auth ConfigMaps',
    why: 'coredns decides where every Service name resolves (traffic interception); aws-auth maps AWS identities to Kubernetes groups (cluster-admin for any AWS role)',
    severity: Severity.CRITICAL,
    refs: [['kubescape', 'C-0037'], ['trivy', 'KSV-0049'], ['trivy', 'KSV-0115']],
  },
  [RbacRisk.NETWORK_WRITE]: {
    title: 'write Services, Endpoints, EndpointSlices, NetworkPolicies or Ingresses',
    why: 'the holder can redirect other workloads\' traffic to itself (endpoints, externalIPs: CVE-2020-8554), expose them, or remove their network isolation',
    severity: Severity.HIGH,
    refs: [['trivy', 'KSV-0056']],
  },
  [RbacRisk.SERVICES_STATUS_WRITE]: {
    title: 'update or patch services/status',
    why: 'setting a LoadBalancer\'s status.ingress IP intercepts traffic to that IP cluster-wide (CVE-2020-8554)',
    severity: Severity.MEDIUM,
    refs: [['checkov', 'CKV2_K8S_4']],
  },
  [RbacRisk.BINDING_CLUSTER_ADMIN]: {
    title: 'a binding to the cluster-admin ClusterRole',
    why: 'cluster-admin is every permission (in the namespace for a RoleBinding, everywhere for a ClusterRoleBinding)',
    severity: Severity.CRITICAL,
    refs: [['cis', '5.1.1'], ['polaris', 'clusterrolebindingClusterAdmin'], ['polaris', 'rolebindingClusterAdminClusterRole'], ['kube-linter', 'cluster-admin-role-binding'],
      ['kubescape', 'C-0185'], ['trivy', 'KSV-0111']],
  },
  [RbacRisk.BINDING_ADMIN_OR_EDIT]: {
    title: 'a binding to the built-in admin or edit ClusterRole',
    why: 'admin and edit read every Secret and create pods and workloads, so they reach every ServiceAccount of the namespace; they are meant for people, not workloads',
    severity: Severity.HIGH,
    refs: [['trivy', 'KSV-0111']],
  },
  [RbacRisk.BINDING_SYSTEM_ROLE]: {
    title: 'a binding to a system: ClusterRole',
    why: 'system: roles are the permissions of the control plane, nodes and controllers (system:node, system:kube-controller-manager, system:controller:*), several of which read every Secret or escalate; they are not meant for workloads or people',
    severity: Severity.HIGH,
    refs: [['k8s', 'rbac#core-component-roles'], ['k8s', 'rbac#controller-roles']],
  },
  [RbacRisk.SUBJECT_SYSTEM_MASTERS]: {
    title: 'a binding to the system:masters group',
    why: 'system:masters bypasses RBAC altogether; binding it is meaningless at best and hides who is meant to have the rights',
    severity: Severity.CRITICAL,
    refs: [['cis', '5.1.7'], ['kubescape', 'C-0246'], ['trivy', 'KSV-0123']],
  },
  [RbacRisk.SUBJECT_ANONYMOUS]: {
    title: 'a binding to system:anonymous or system:unauthenticated',
    why: 'anyone who can reach the API server gets these rights without credentials',
    severity: Severity.CRITICAL,
    refs: [['kubescape', 'C-0262'], ['trivy', 'KSV-0122']],
  },
  [RbacRisk.SUBJECT_AUTHENTICATED]: {
    title: 'a binding to the system:authenticated group',
    why: 'every identity the cluster knows, including every ServiceAccount of every namespace and, on managed clusters, any account of the cloud provider, gets these rights',
    severity: Severity.HIGH,
    refs: [['kubescape', 'C-0265'], ['trivy', 'KSV-01011']],
  },
  [RbacRisk.SUBJECT_DEFAULT_SERVICE_ACCOUNT]: {
    title: 'a binding to a default ServiceAccount',
    why: 'every pod that names no ServiceAccount runs as default, so its rights go to workloads nobody granted them to',
    severity: Severity.MEDIUM,
    refs: [['cis', {
      id: '5.1.5',
      relation: ReferenceRelation.NARROWER,
      why: 'CIS 5.1.5 also asks that no pod run as default and that default mount no token; those are pod-default-service-account and rbac-default-service-account-automount',
    }],
    ['checkov', 'CKV_K8S_42'], ['kube-linter', 'default-service-account'],
    ['kubescape', {
      id: 'C-0189',
      relation: ReferenceRelation.RELATED,
      why: 'C-0189 tests the default ServiceAccount\'s automountServiceAccountToken and that a namespace has another account, not bindings; its first half is rbac-default-service-account-automount',
    }]],
  },
};

/** Every risk with its definition, in the order of `RbacRisk` (the order rules and reports list them). */
export const RBAC_RISKS: readonly RbacRiskDefinition[] = (Object.values(RbacRisk) as RbacRisk[]).map(id => definition(id, undefined));

/** The definition of one risk; `scope` keeps only the references that apply to it. */
export function rbacRisk(id: RbacRisk, scope?: RbacScope): RbacRiskDefinition {
  return definition(id, scope);
}

function definition(id: RbacRisk, scope: RbacScope | undefined): RbacRiskDefinition {
  const d = DEFINITIONS[id];
  const seen = new Set<string>();
  const references: RuleReference[] = [];
  for (const [framework, refId, refScope] of d.refs) {
    if (scope && refScope && refScope !== scope) continue;
    const reference = toReference(framework, refId);
    if (seen.has(`${framework}/${reference.id}`)) continue;
    seen.add(`${framework}/${reference.id}`);
    references.push(reference);
  }
  return { id, title: d.title, why: d.why, severity: d.severity, references };
}

/** The enum member name of a risk (`RbacRisk.PODS_EXEC` for `rbac-pods-exec`), as fixes and refusals spell it in code. */
export function rbacRiskKey(risk: RbacRisk): string {
  return Object.entries(RbacRisk).find(([, id]) => id === risk)![0];
}
