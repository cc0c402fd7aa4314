/**
 * The RBAC rules: one per risk of the catalogue (src/detectors/rbac-risks.ts), in its order, then the binding
 * rule that names who receives a dangerous role and its workload view, then the ServiceAccount rules (default's token, accounts nothing uses).
 */
import { rbacAdmissionWebhooksWrite } from './rbac-admission-webhooks-write';
import { rbacApiservicesWrite } from './rbac-apiservices-write';
import { rbacBind } from './rbac-bind';
import { rbacBindingAdminOrEdit } from './rbac-binding-admin-or-edit';
import { rbacBindingClusterAdmin } from './rbac-binding-cluster-admin';
import { rbacBindingSystemRole } from './rbac-binding-system-role';
import { rbacBindingToDangerousRole } from './rbac-binding-to-dangerous-role';
import { rbacCrdWrite } from './rbac-crd-write';
import { rbacCriticalConfigmapsWrite } from './rbac-critical-configmaps-write';
import { rbacCsrApproval } from './rbac-csr-approval';
import { rbacCsrSigning } from './rbac-csr-signing';
import { rbacDefaultServiceAccountAutomount } from './rbac-default-service-account-automount';
import { rbacDeleteResources } from './rbac-delete-resources';
import { rbacEscalate } from './rbac-escalate';
import { rbacEventsDelete } from './rbac-events-delete';
import { rbacImpersonate } from './rbac-impersonate';
import { rbacNamespacesDelete } from './rbac-namespaces-delete';
import { rbacNamespacesWrite } from './rbac-namespaces-write';
import { rbacNetworkWrite } from './rbac-network-write';
import { rbacNodesProxy } from './rbac-nodes-proxy';
import { rbacNodesWrite } from './rbac-nodes-write';
import { rbacPersistentVolumesCreate } from './rbac-persistent-volumes-create';
import { rbacPodsAttach } from './rbac-pods-attach';
import { rbacPodsExec } from './rbac-pods-exec';
import { rbacPodsLogDelete } from './rbac-pods-log-delete';
import { rbacPodsPortforward } from './rbac-pods-portforward';
import { rbacPodsProxy } from './rbac-pods-proxy';
import { rbacPodsWrite } from './rbac-pods-write';
import { rbacRoleBindingsWrite } from './rbac-role-bindings-write';
import { rbacSecretsRead } from './rbac-secrets-read';
import { rbacSecretsWrite } from './rbac-secrets-write';
import { rbacServiceAccountTokenCreate } from './rbac-service-account-token-create';
import { rbacServiceAccountUnused } from './rbac-service-account-unused';
import { rbacServicesProxy } from './rbac-services-proxy';
import { rbacServicesStatusWrite } from './rbac-services-status-write';
import { rbacSubjectAnonymous } from './rbac-subject-anonymous';
import { rbacSubjectAuthenticated } from './rbac-subject-authenticated';
import { rbacSubjectDefaultServiceAccount } from './rbac-subject-default-service-account';
import { rbacSubjectSystemMasters } from './rbac-subject-system-masters';
import { rbacWildcardAll } from './rbac-wildcard-all';
import { rbacWildcardApiGroups } from './rbac-wildcard-api-groups';
import { rbacWildcardResources } from './rbac-wildcard-resources';
import { rbacWildcardVerbs } from './rbac-wildcard-verbs';
import { rbacWorkloadDangerousRole } from './rbac-workload-dangerous-role';
import { rbacWorkloadsWrite } from './rbac-workloads-write';
import { Rule } from '../rule';

/** Every RBAC rule. */
export const RBAC_RULES: readonly Rule[] = [
  rbacWildcardAll,
  rbacWildcardVerbs,
  rbacWildcardResources,
  rbacWildcardApiGroups,
  rbacSecretsRead,
  rbacSecretsWrite,
  rbacPodsWrite,
  rbacWorkloadsWrite,
  rbacDeleteResources,
  rbacEventsDelete,
  rbacPodsLogDelete,
  rbacPodsExec,
  rbacPodsAttach,
  rbacPodsPortforward,
  rbacPodsProxy,
  rbacServicesProxy,
  rbacNodesProxy,
  rbacNodesWrite,
  rbacNamespacesWrite,
  rbacNamespacesDelete,
  rbacEscalate,
  rbacBind,
  rbacImpersonate,
  rbacRoleBindingsWrite,
  rbacServiceAccountTokenCreate,
  rbacPersistentVolumesCreate,
  rbacCsrApproval,
  rbacCsrSigning,
  rbacAdmissionWebhooksWrite,
  rbacApiservicesWrite,
  rbacCrdWrite,
  rbacCriticalConfigmapsWrite,
  rbacNetworkWrite,
  rbacServicesStatusWrite,
  rbacBindingClusterAdmin,
  rbacBindingAdminOrEdit,
  rbacBindingSystemRole,
  rbacSubjectSystemMasters,
  rbacSubjectAnonymous,
  rbacSubjectAuthenticated,
  rbacSubjectDefaultServiceAccount,
  rbacBindingToDangerousRole,
  rbacWorkloadDangerousRole,
  rbacDefaultServiceAccountAutomount,
  rbacServiceAccountUnused,
];
