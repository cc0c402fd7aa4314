import { ApiObject } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { propError } from '../core/errors';
import { WAIVER_ANNOTATION_PREFIX } from '../core/waiver';
import { dangerousRbacObject } from '../detectors/dangerous-permissions';
import { justifiedAnnotation } from '../network/justification';

/**
 * A person or group of the team, as the cluster's authenticator names them. Kubernetes' own `system:` identities
 * are refused as members: `system:masters`, `system:authenticated`, `system:unauthenticated`, `system:anonymous`,
 * ServiceAccounts (`system:serviceaccounts[:<namespace>]`, `system:serviceaccount:<namespace>:<name>`) and
 * components (`system:nodes`, `system:kube-*` …) are everyone, anyone, beyond RBAC, or workloads, never the people
 * the team levels are for.
 */
export class TeamMember {
  /** A group, e.g. from the OIDC `groups` claim. */
  public static group(name: string): TeamMember {
    return new TeamMember('Group', name);
  }

  /** A single user. Prefer groups: membership then changes without a deploy. */
  public static user(name: string): TeamMember {
    return new TeamMember('User', name);
  }

  private constructor(
    /** `Group` or `User`. */
    public readonly kind: string,
    /** The name the authenticator gives. */
    public readonly name: string,
  ) {}

  /** @internal */
  public _toSubject(): Record<string, string> {
    return { apiGroup: 'rbac.authorization.k8s.io', kind: this.kind, name: this.name };
  }
}

/** Access the team levels leave out, granted only explicitly and with a justification. */
export enum SensitiveAccess {
  /** Read Secrets (get, list, watch): every credential of the namespace. */
  SECRETS_READ = 'SECRETS_READ',
  /** Run commands in containers (pods/exec): everything the pod can reach, including its secrets. */
  POD_EXEC = 'POD_EXEC',
  /** Attach to a running container's process (pods/attach). */
  POD_ATTACH = 'POD_ATTACH',
  /** Tunnel to pod ports from a workstation (pods/portforward), around the NetworkPolicies. */
  POD_PORT_FORWARD = 'POD_PORT_FORWARD',
}

/** One sensitive access for some members, with the reason. */
export interface SensitiveGrant {
  /** What is granted. */
  readonly access: SensitiveAccess;
  /** Who gets it. */
  readonly members: TeamMember[];
  /** Why; recorded in the annotation `waiver.cdk8s-hardening.dev/<access>` of the RoleBinding. */
  readonly justification: string;
}

/**
 * Who may do what in an IsolatedNamespace. Each level is a namespaced Role of this library, not the built-in
 * `view`/`edit`/`admin` ClusterRoles (which grant pods/exec and, for edit and admin, Secrets):
 *
 * - viewers read workloads, pods, logs, events, Services, ConfigMaps and policies (never Secrets);
 * - editors also create, update and patch workloads, pods, Services, ConfigMaps, claims, autoscalers and Ingresses;
 * - admins also delete them.
 *
 * No level may change RBAC, NetworkPolicies, quotas or limits: those come from code. Secrets, exec, attach and
 * port-forward are only granted through `sensitiveGrants`.
 */
export interface TeamAccess {
  /**
   * Read-only members.
   *
   * @default - none
   */
  readonly viewers?: TeamMember[];
  /**
   * Members who change workloads and their configuration.
   *
   * @default - none
   */
  readonly editors?: TeamMember[];
  /**
   * Members who may also delete.
   *
   * @default - none
   */
  readonly admins?: TeamMember[];
  /**
   * Sensitive access, each with a justification.
   *
   * @default - none
   */
  readonly sensitiveGrants?: SensitiveGrant[];
}

/** Team levels, from least to most. */
export type TeamLevel = 'viewer' | 'editor' | 'admin';

const READ = ['get', 'list', 'watch'];
const WRITE = ['create', 'patch', 'update'];
const DELETE = ['delete', 'deletecollection'];

/** What every level may read: the `view` ClusterRole's resources, without Secrets. */
const READABLE: Array<[string, string[]]> = [
  ['', ['configmaps', 'endpoints', 'events', 'limitranges', 'persistentvolumeclaims', 'pods', 'pods/log', 'pods/status', 'replicationcontrollers', 'resourcequotas', 'serviceaccounts', 'services']],
  ['apps', ['controllerrevisions', 'daemonsets', 'deployments', 'deployments/scale', 'replicasets', 'statefulsets', 'statefulsets/scale']],
  ['autoscaling', ['horizontalpodautoscalers']],
  ['batch', ['cronjobs', 'jobs']],
  ['discovery.k8s.io', ['endpointslices']],
  ['networking.k8s.io', ['ingresses', 'networkpolicies']],
  ['policy', ['poddisruptionbudgets']],
  ['rbac.authorization.k8s.io', ['rolebindings', 'roles']],
];

/** What editors change and admins delete: workloads and their configuration, never policy objects. */
const CHANGEABLE: Array<[string, string[]]> = [
  ['', ['configmaps', 'persistentvolumeclaims', 'pods', 'services']],
  ['apps', ['deployments', 'deployments/scale', 'statefulsets', 'statefulsets/scale']],
  ['autoscaling', ['horizontalpodautoscalers']],
  ['batch', ['cronjobs', 'jobs']],
  ['networking.k8s.io', ['ingresses']],
  ['policy', ['poddisruptionbudgets']],
];

const SENSITIVE: Record<SensitiveAccess, { resource: string; verbs: string[]; role: string }> = {
  [SensitiveAccess.SECRETS_READ]: { resource: 'secrets', verbs: READ, role: 'team-secrets-read' },
  // Exec, attach and port-forward are `create` on the subresource; websocket clients also need `get`.
  [SensitiveAccess.POD_EXEC]: { resource: 'pods/exec', verbs: ['create', 'get'], role: 'team-pods-exec' },
  [SensitiveAccess.POD_ATTACH]: { resource: 'pods/attach', verbs: ['create', 'get'], role: 'team-pods-attach' },
  [SensitiveAccess.POD_PORT_FORWARD]: { resource: 'pods/portforward', verbs: ['create', 'get'], role: 'team-pods-portforward' },
};

function levelRules(level: TeamLevel): Array<Record<string, unknown>> {
  const rules = READABLE.map(([group, resources]) => ({ apiGroups: [group], resources, verbs: READ }));
  if (level === 'viewer') return rules;
  const verbs = level === 'admin' ? [...WRITE, ...DELETE] : WRITE;
  return [...rules, ...CHANGEABLE.map(([group, resources]) => ({ apiGroups: [group], resources, verbs: [...verbs].sort() }))];
}

/** The namespace's Roles and RoleBindings for its team, created on first use. */
export class TeamRoles {
  private readonly roles = new Set<string>();

  constructor(
    private readonly scope: Construct,
    private readonly namespace: string,
    private readonly labels: Record<string, string>,
  ) {}

  /** The Role of a level (created once). */
  public levelRole(level: TeamLevel): string {
    // Editors and admins are people trusted with the namespace's workloads: the write access their Role
    // holds is the point of the level, so it is acknowledged on the Role for reviewers and the rule engine.
    return this.role(`Role-${level}`, `team-${level}`, levelRules(level),
      `team ${level}s manage the workloads of namespace ${this.namespace} (IsolatedNamespace team access; people, not workloads, are bound)`);
  }

  /** Binds the team's members, checking the sensitive grants. */
  public bindTeam(owner: IConstruct, team: TeamAccess): void {
    const levels: Array<[TeamLevel, TeamMember[] | undefined]> = [['viewer', team.viewers], ['editor', team.editors], ['admin', team.admins]];
    for (const [level, members] of levels) {
      if (members !== undefined) this.bind(`Team-${level}`, `team-${level}`, this.levelRole(level), checkMembers(owner, `team.${level}s`, members));
    }
    const granted = new Set<SensitiveAccess>();
    (team.sensitiveGrants ?? []).forEach((g, i) => {
      const prop = `team.sensitiveGrants[${i}]`;
      if (granted.has(g.access)) throw propError(owner, prop, `${g.access} is granted twice`, 'give each access once, listing every member who needs it');
      granted.add(g.access);
      const members = checkMembers(owner, `${prop}.members`, g.members);
      const [key, value] = justifiedAnnotation(owner, prop, SENSITIVE[g.access].role.replace(/^team-/, ''), g.justification);
      const s = SENSITIVE[g.access];
      const role = this.role(`Role-${s.role}`, s.role, [{ apiGroups: [''], resources: [s.resource], verbs: s.verbs }], value);
      this.bind(`Grant-${s.role}`, s.role, role, members, { [key]: value });
    });
  }

  /** Binds members of another namespace's team to this namespace's viewer Role. */
  public bindSiblingViewers(id: string, name: string, members: TeamMember[]): void {
    this.bind(id, name, this.levelRole('viewer'), members);
  }

  /** A Role, with each dangerous permission it holds acknowledged by `justification` (the same annotation LeastPrivilegeServiceAccount writes). */
  private role(id: string, name: string, rules: Array<Record<string, unknown>>, justification: string): string {
    if (!this.roles.has(name)) {
      const risks = new Set(dangerousRbacObject({ kind: 'Role', metadata: { namespace: this.namespace }, rules }).map(f => f.id));
      const annotations = Object.fromEntries([...risks].sort().map(risk => [`${WAIVER_ANNOTATION_PREFIX}${risk}`, justification]));
      new ApiObject(this.scope, id, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'Role',
        metadata: { name, namespace: this.namespace, labels: this.labels, ...(risks.size ? { annotations } : {}) },
        rules,
      } as any);
      this.roles.add(name);
    }
    return name;
  }

  private bind(id: string, name: string, role: string, members: TeamMember[], annotations: Record<string, string> = {}): void {
    new ApiObject(this.scope, id, {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name, namespace: this.namespace, labels: this.labels, ...(Object.keys(annotations).length ? { annotations } : {}) },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role },
      subjects: members.map(m => m._toSubject()),
    } as any);
  }
}

/** Every member of a team, for sibling view. */
export function allMembers(team: TeamAccess | undefined): TeamMember[] {
  const seen = new Map<string, TeamMember>();
  for (const m of [...(team?.viewers ?? []), ...(team?.editors ?? []), ...(team?.admins ?? [])]) seen.set(`${m.kind}/${m.name}`, m);
  return [...seen.values()];
}

function checkMembers(owner: IConstruct, prop: string, members: TeamMember[]): TeamMember[] {
  if (members.length === 0) throw propError(owner, prop, 'no members given', 'list at least one TeamMember, or leave the prop out');
  const seen = new Set<string>();
  members.forEach((m, i) => {
    if (m.name.trim() === '' || m.name !== m.name.trim()) {
      throw propError(owner, `${prop}[${i}]`, `"${m.name}" is not a ${m.kind.toLowerCase()} name`, 'use the name exactly as the authenticator reports it, without surrounding spaces');
    }
    const reserved = reservedIdentity(m.name);
    if (reserved) {
      throw propError(owner, `${prop}[${i}]`, `${m.kind} "${m.name}" ${reserved}, and team access is for the team's people`,
        m.name.startsWith('system:serviceaccount')
          ? 'give the workload its own LeastPrivilegeServiceAccount with the grants it needs; list the people with TeamMember.group or TeamMember.user'
          : 'name the team\'s own group from the identity provider, e.g. TeamMember.group("payments-developers")');
    }
    const key = `${m.kind}/${m.name}`;
    if (seen.has(key)) throw propError(owner, `${prop}[${i}]`, `${m.kind} "${m.name}" is listed twice`, 'list each member once');
    seen.add(key);
  });
  return members;
}

/**
 * Why a `system:` identity cannot be a team member, or undefined for any other name. Kubernetes reserves the
 * prefix for itself, and every such identity is either broad (everyone, anyone, every ServiceAccount), beyond RBAC
 * (system:masters) or a component or workload, never the people the team levels (and their acknowledged Roles) are for.
 */
function reservedIdentity(name: string): string | undefined {
  if (!name.startsWith('system:')) return undefined;
  switch (name) {
    case 'system:masters': return 'is the group that bypasses RBAC altogether: a binding adds nothing and hides who is meant to have access';
    case 'system:authenticated': return 'is every identity the cluster knows: every ServiceAccount of every namespace and, on managed clusters, identities of the whole cloud account';
    case 'system:unauthenticated':
    case 'system:anonymous': return 'is anyone who can reach the API server, without credentials';
    case 'system:serviceaccounts': return 'is every ServiceAccount of the cluster';
    default:
      if (name.startsWith('system:serviceaccounts:')) return 'is every ServiceAccount of a namespace';
      if (name.startsWith('system:serviceaccount:')) return 'is a ServiceAccount, a workload';
      return 'is reserved by Kubernetes for its own components (nodes, controllers, the control plane)';
  }
}
