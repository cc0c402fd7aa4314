/**
 * Which RBAC permissions and bindings are dangerous, over plain Kubernetes objects.
 *
 * Pure (no constructs, no I/O), shared by `LeastPrivilegeServiceAccount`, which refuses such
 * grants unless acknowledged, and the rule engine, which reports them on any YAML Role, ClusterRole,
 * RoleBinding or ClusterRoleBinding. The patterns are the consensus of CIS 5.1, Kubescape, Trivy,
 * Checkov, kube-linter and Polaris (control catalog, section 2); what each risk is, and the ids those tools give it,
 * is the catalogue of `rbac-risks.ts`.
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
import { RbacRisk, rbacRisk, RbacRiskDefinition, RbacScope } from './rbac-risks';

// What the matcher's answers are typed by, for callers that only match.
export type { RbacRiskDefinition, RbacScope };

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
  /**
   * For a specific risk: whether only a wildcard grant of the rule carries it (`matched` is then that grant, e.g.
   * `get *` for a secrets read), so reports can say it came through the wildcard. False for wildcard findings.
   */
  readonly throughWildcard: boolean;
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

/** Where a Role's rules apply: its namespace decides whether its ConfigMaps include kube-system's. */
export interface RoleContext {
  /** Namespace of the Role; unknown for ClusterRoles and Roles without one. */
  readonly namespace?: string;
}

/** A finding on a whole RBAC object, with the path of the offending field (for the rule engine). */
export type RbacObjectFinding = (DangerousPermission | DangerousBinding) & {
  /** Dotted path inside the object, e.g. `rules[2]` or `subjects[0]`. */
  readonly path: string;
};

const CORE = '';
const RBAC = 'rbac.authorization.k8s.io';
const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'update', 'patch'];
const DELETE = ['delete', 'deletecollection'];
/** The verbs of HTTP methods, by which the API server authorizes connect requests (proxy, exec, port-forward). */
const PROXY_VERBS = ['get', 'create', 'update', 'patch', 'delete'];

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

type Match = (a: Atom, m: Matcher, scope: RbacScope, context: RoleContext) => boolean;

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
export function dangerousRules(rule: PolicyRuleLike, scope: RbacScope, context: RoleContext = {}): DangerousPermission[] {
  const atoms = atomsOf(rule);
  const specific: DangerousPermission[] = [];
  const implied: RbacRisk[] = [];
  for (const p of PATTERNS) {
    // A literal grant is the clearest thing to show; otherwise the wildcard grant that carries the risk.
    const literal = atoms.find(a => p.matches(a, LITERAL, scope, context));
    const expanded = literal || (p.clusterOnly && scope === 'namespace') ? undefined : atoms.find(a => p.matches(a, EXPANDING, scope, context));
    const matched = literal ?? expanded;
    if (!matched) continue;
    specific.push({ ...rbacRisk(p.id, scope), matched, implies: [], throughWildcard: expanded !== undefined });
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
    ...rbacRisk(id, scope), matched: a!, implies: implied, throughWildcard: false,
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
    findings.push({ ...rbacRisk(RbacRisk.BINDING_CLUSTER_ADMIN, undefined), matched: ref });
  } else if (ref.roleRefKind === 'ClusterRole' && BUILTIN_ADMIN_ROLES.includes(ref.roleRefName)) {
    findings.push({ ...rbacRisk(RbacRisk.BINDING_ADMIN_OR_EDIT, undefined), matched: ref });
  } else if (ref.roleRefKind === 'ClusterRole' && ref.roleRefName.startsWith('system:')) {
    // Every system: role, not a list of the known-dangerous ones: new control-plane roles appear with each release.
    findings.push({ ...rbacRisk(RbacRisk.BINDING_SYSTEM_ROLE, undefined), matched: ref });
  }
  (subjects ?? []).forEach((s, subjectIndex) => {
    const risk = subjectRisk(s);
    if (!risk) return;
    findings.push({
      ...rbacRisk(risk, undefined),
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
