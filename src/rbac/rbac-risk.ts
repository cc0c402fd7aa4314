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
