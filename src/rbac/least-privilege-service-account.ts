import { ApiObject, Chart, JsonPatch, Lazy, Names } from 'cdk8s';
import { Construct } from 'constructs';
import { Acknowledgement } from './acknowledgement';
import { ApiResource, IApiResource } from './api-resource';
import { RbacRisk } from './rbac-risk';
import { compactRules, GrantAtom } from './role-rules';
import { IServiceAccount } from './service-account';
import { Verb } from './verbs';
import { WorkloadIdentity } from './workload-identity';
import { propError, requireJustification } from '../core/errors';
import { RelaxationLedger } from '../core/relaxation-ledger';
import { checkDnsLabel, checkDnsSubdomain, checkLabels } from '../core/validation';
import { WAIVER_ANNOTATION_PREFIX } from '../core/waiver';
import { dangerousBinding, dangerousRules, describeBinding, describePermission, RbacRiskDefinition, RbacScope } from '../detectors/dangerous-permissions';
import { normalizeJustification } from '../detectors/justification';
import { rbacRiskKey } from '../detectors/rbac-risks';

const RBAC_API_VERSION = 'rbac.authorization.k8s.io/v1';
const RBAC_GROUP = 'rbac.authorization.k8s.io';
const GROUP = /^(\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$/;
const RESOURCE_PART = '(\\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?)';
const RESOURCE_TYPE = new RegExp(`^${RESOURCE_PART}(/${RESOURCE_PART})?$`);

/** Props of a LeastPrivilegeServiceAccount. */
export interface LeastPrivilegeServiceAccountProps {
  /**
   * Name of the ServiceAccount, and of its Role and RoleBinding. `default` is refused: every pod that names
   * no ServiceAccount runs as it.
   *
   * @default - a unique name derived from the construct path
   */
  readonly name?: string;
  /**
   * Namespace of the ServiceAccount and its Role; pods can only run as a ServiceAccount of their own namespace.
   *
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Labels on the ServiceAccount, its Roles and bindings.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * A cloud identity for the pods running as this ServiceAccount (EKS IRSA or Pod Identity, GKE, Azure).
   *
   * @default - none
   */
  readonly workloadIdentity?: WorkloadIdentity;
}

/** Options of a grant. */
export interface GrantOptions {
  /**
   * Acceptances of the dangerous permissions this grant carries, each with a justification recorded on the Role
   * (`waiver.cdk8s-hardening.dev/<risk id>`). Exactly the risks the grant carries: a missing one is refused, and
   * so is one the grant does not need.
   *
   * @default - none: a dangerous grant is refused
   */
  readonly acknowledgements?: Acknowledgement[];
}

/** Options of a cluster-wide grant. */
export interface ClusterGrantOptions extends GrantOptions {
  /**
   * Why this ServiceAccount needs the permission in every namespace (or on cluster-scoped objects);
   * recorded on the ClusterRole as `waiver.cdk8s-hardening.dev/rbac-cluster-scope`.
   */
  readonly justification: string;
}

/** A risk a grant carries, with what showed it (e.g. `get secrets`), and whether only a wildcard of the grant carries it. */
interface Finding {
  readonly risk: RbacRiskDefinition;
  readonly what: string;
  readonly throughWildcard?: boolean;
}

/** The grants of one scope and the objects that carry them, made on the first grant. */
interface GrantedRole {
  readonly atoms: Map<string, GrantAtom>;
  readonly annotations: Map<string, string[]>;
  readonly role: ApiObject;
  readonly binding: ApiObject;
}

/**
 * A ServiceAccount whose permissions are declared as typed grants and synthesized into the narrowest
 * Role and RoleBinding that express them.
 *
 * - `automountServiceAccountToken` is false: pods that call the API get a short-lived projected token
 *   through the workload's `apiAccess` instead.
 * - Grants are namespaced (Role + RoleBinding) and name objects (`resourceNames`) wherever the grant does.
 *   A ClusterRole and ClusterRoleBinding are made only by `grantCluster`, with a justification.
 * - Dangerous permissions (wildcards, reading all Secrets, creating pods or workloads, pods/exec, bind,
 *   escalate, impersonate … see `RbacRisk`) are refused at the grant, naming the risk; an `Acknowledgement`
 *   with a justification allows one and records it on the Role.
 *
 * @example
 * const sa = new LeastPrivilegeServiceAccount(chart, 'api-sa');
 * sa.grantRead(ApiResource.CONFIG_MAPS.named('feature-flags'));   // get on that ConfigMap only
 * sa.grant([Verb.LIST, Verb.WATCH], ApiResource.PODS);
 * new HardenedDeployment(chart, 'api', { image, serviceAccount: sa, apiAccess: {} });
 */
export class LeastPrivilegeServiceAccount extends Construct implements IServiceAccount {
  /** Annotation on a ClusterRole recording why it is cluster-wide. */
  public static readonly CLUSTER_SCOPE_ANNOTATION = `${WAIVER_ANNOTATION_PREFIX}rbac-cluster-scope`;

  /** Name of the ServiceAccount, its Role and RoleBinding. */
  public readonly name: string;
  /** Namespace of the ServiceAccount, if known (given, or the chart's). */
  public readonly namespace?: string;
  /** The ServiceAccount object. */
  public readonly apiObject: ApiObject;
  /** The cloud identity of the pods, if any. */
  public readonly workloadIdentity?: WorkloadIdentity;
  /**
   * Labels pods running as this ServiceAccount must carry (Azure Workload Identity's `azure.workload.identity/use`);
   * hardened workloads add them. Undefined when none are needed.
   */
  public readonly podLabels?: { [key: string]: string };

  private readonly labels: Record<string, string>;
  private readonly granted: { [scope in RbacScope]?: GrantedRole } = {};
  private readonly clusterRoleBindings = new Map<string, ApiObject>();

  public constructor(scope: Construct, id: string, props: LeastPrivilegeServiceAccountProps = {}) {
    super(scope, id);
    this.name = props.name ?? Names.toDnsLabel(this);
    checkDnsLabel(this, 'name', this.name);
    if (this.name === 'default') {
      throw propError(this, 'name', 'a ServiceAccount named "default" is the one every pod without a ServiceAccount runs as, so its rights would reach workloads nobody granted them to (CIS 5.1.5)',
        'give the ServiceAccount its own name, e.g. the workload\'s');
    }
    if (props.namespace !== undefined) checkDnsLabel(this, 'namespace', props.namespace);
    this.namespace = props.namespace ?? Chart.of(this).namespace;
    this.labels = { ...props.labels };
    checkLabels(this, 'labels', this.labels);
    this.workloadIdentity = props.workloadIdentity;
    const podLabels = props.workloadIdentity?.podLabels ?? {};
    this.podLabels = Object.keys(podLabels).length ? { ...podLabels } : undefined;

    const annotations = props.workloadIdentity?.annotations ?? {};
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: this.metadata(this.name, Object.keys(annotations).length ? annotations : undefined),
      // Pods get a token only by asking for API access, as a short-lived projected volume.
      automountServiceAccountToken: false,
    } as any);
  }

  /** The namespaced Role, once something is granted. */
  public get role(): ApiObject | undefined {
    return this.granted.namespace?.role;
  }

  /** The RoleBinding of the Role to this ServiceAccount, once something is granted. */
  public get roleBinding(): ApiObject | undefined {
    return this.granted.namespace?.binding;
  }

  /** The ClusterRole, once something is granted cluster-wide. */
  public get clusterRole(): ApiObject | undefined {
    return this.granted.cluster?.role;
  }

  /** The ClusterRoleBinding of the ClusterRole to this ServiceAccount, once something is granted cluster-wide. */
  public get clusterRoleBinding(): ApiObject | undefined {
    return this.granted.cluster?.binding;
  }

  /**
   * Read access: `get` on a named object (e.g. `ApiResource.CONFIG_MAPS.named('app-config')` or
   * `ApiResource.fromApiObject(configMap)`), or `get`, `list`, `watch` on a whole type (`get` only for a subresource).
   * Reading all Secrets is refused unless acknowledged.
   */
  public grantRead(resource: IApiResource, options: GrantOptions = {}): void {
    const verbs = resource.resourceName !== undefined || resource.resourceType.includes('/') ? [Verb.GET] : [Verb.GET, Verb.LIST, Verb.WATCH];
    this.addGrant('grantRead', verbs, resource, options, 'namespace');
  }

  /**
   * Write access: `update`, `patch` on a named object, or `create`, `update`, `patch` on a whole type.
   * Deleting is not included: grant `Verb.DELETE` explicitly. Writes to pods, workloads, Secrets and
   * networking objects are refused unless acknowledged.
   */
  public grantWrite(resource: IApiResource, options: GrantOptions = {}): void {
    const verbs = resource.resourceName !== undefined ? [Verb.UPDATE, Verb.PATCH] : [Verb.CREATE, Verb.UPDATE, Verb.PATCH];
    this.addGrant('grantWrite', verbs, resource, options, 'namespace');
  }

  /**
   * `verbs` on `resource` in the ServiceAccount's namespace, restricted to the named object if it names one.
   * Dangerous permissions are refused unless each is acknowledged in `options.acknowledgements`.
   */
  public grant(verbs: Verb[], resource: IApiResource, options: GrantOptions = {}): void {
    this.addGrant('grant', verbs, resource, options, 'namespace');
  }

  /**
   * `verbs` on `resource` in every namespace, or on a cluster-scoped type (nodes, namespaces, CRDs …), through a
   * ClusterRole and ClusterRoleBinding. Needs a justification, recorded on the ClusterRole, and the ServiceAccount's
   * namespace (a ClusterRoleBinding must name it). Dangerous permissions need acknowledgements as for `grant`.
   */
  public grantCluster(verbs: Verb[], resource: IApiResource, options: ClusterGrantOptions): void {
    this.addGrant('grantCluster', verbs, resource, options, 'cluster');
  }

  /**
   * Bind an existing ClusterRole (e.g. `view`) in the ServiceAccount's namespace only, with a RoleBinding.
   * Its rules are defined elsewhere and not checked here; binding `cluster-admin`, `admin`, `edit` or any `system:`
   * ClusterRole (the roles of nodes, controllers and the control plane) is refused unless acknowledged (the
   * acknowledgement is recorded on the RoleBinding). Prefer `grant*`, which is narrower.
   */
  public bindClusterRole(clusterRoleName: string, options: GrantOptions = {}): void {
    const method = `bindClusterRole("${clusterRoleName}")`;
    if (!/^[^/%\s]+$/.test(clusterRoleName) || clusterRoleName === '.' || clusterRoleName === '..') {
      throw propError(this, method, `"${clusterRoleName}" is not a ClusterRole name`, 'give the name of an existing ClusterRole, e.g. "view"');
    }
    if (this.clusterRoleBindings.has(clusterRoleName)) {
      throw propError(this, method, `ClusterRole "${clusterRoleName}" is already bound`, 'bind it once');
    }
    const roleRef = { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: clusterRoleName };
    const subjects = [this.subject()];
    const findings = dangerousBinding(roleRef, subjects).map(f => ({ risk: f, what: describeBinding(f.matched) }));
    const acknowledged = this.checkAcknowledgements(method, findings, options.acknowledgements ?? []);

    const bindingName = `${this.name}-${clusterRoleName.replace(/[^a-z0-9.-]+/g, '-')}`.replace(/-+$/, '');
    checkDnsSubdomain(this, `${method} binding name`, bindingName);
    const annotations = Object.fromEntries(acknowledged.map(([key, line]) => [key, line]));
    this.clusterRoleBindings.set(clusterRoleName, new ApiObject(this, `ClusterRoleBinding-${clusterRoleName}`, {
      apiVersion: RBAC_API_VERSION,
      kind: 'RoleBinding',
      metadata: this.metadata(bindingName, Object.keys(annotations).length ? annotations : undefined),
      roleRef,
      subjects,
    } as any));
  }

  private addGrant(method: string, verbs: Verb[], resource: IApiResource, options: GrantOptions | ClusterGrantOptions, scope: RbacScope): void {
    const what = `${method}([${verbs.join(', ')}], ${describeResource(resource)})`;
    this.checkGrant(what, verbs, resource, scope);
    if (scope === 'cluster') this.checkClusterGrant(what, options as ClusterGrantOptions);

    const atoms: GrantAtom[] = [...new Set(verbs)].map(verb => ({
      apiGroup: resource.apiGroup,
      resource: resource.resourceType,
      verb,
      ...(resource.resourceName !== undefined ? { resourceName: resource.resourceName } : {}),
    }));
    const context = scope === 'namespace' && this.namespace ? { namespace: this.namespace } : {};
    const findings = compactRules(atoms).flatMap(rule => dangerousRules(rule, scope, context))
      .map(f => ({ risk: f, what: describePermission(f.matched), throughWildcard: f.throughWildcard }));
    const acknowledged = this.checkAcknowledgements(what, findings, options.acknowledgements ?? []);

    const granted = this.grantedRole(scope);
    for (const atom of atoms) granted.atoms.set(JSON.stringify(atom), atom);
    const notes: Array<[string, string]> = [...acknowledged];
    if (scope === 'cluster') {
      notes.push([LeastPrivilegeServiceAccount.CLUSTER_SCOPE_ANNOTATION, `${verbs.join(',')} ${describeResource(resource)}: ${normalizeJustification((options as ClusterGrantOptions).justification)}`]);
    }
    for (const [key, line] of notes) {
      const lines = granted.annotations.get(key) ?? [];
      if (!lines.includes(line)) lines.push(line);
      granted.annotations.set(key, lines);
      granted.role.metadata.addAnnotation(key, lines.join('\n'));
    }
  }

  /** Refuses grants that are malformed or cannot mean what they say. */
  private checkGrant(what: string, verbs: Verb[], resource: IApiResource, scope: RbacScope): void {
    const known = Object.values(Verb) as string[];
    if (verbs.length === 0 || verbs.some(v => !known.includes(v))) {
      throw propError(this, what, verbs.length ? `unknown verb in [${verbs.join(', ')}]` : 'no verbs', 'give one or more members of Verb');
    }
    if (!GROUP.test(resource.apiGroup) || resource.apiGroup.length > 253) {
      throw propError(this, what, `"${resource.apiGroup}" is not an API group`, 'use "" for the core group, or a group like "apps" or "cert-manager.io"');
    }
    if (!RESOURCE_TYPE.test(resource.resourceType)) {
      throw propError(this, what, `"${resource.resourceType}" is not a resource type`, 'use the lowercase plural of the API path, e.g. "deployments" or "pods/log" (an ApiResource constant, or ApiResource.custom)');
    }
    const name = resource.resourceName;
    if (name !== undefined && (name === '' || name === '*' || /[/%]/.test(name) || name.length > 253)) {
      throw propError(this, what, `"${name}" cannot name an object${name === '*' ? ' (resourceNames has no wildcard)' : ''}`,
        'give the object\'s name, or grant on the type without named()');
    }
    if (scope === 'namespace' && !ApiResource._isNamespaced(resource)) {
      throw propError(this, what, `${resource.resourceType} is cluster-scoped, so a namespaced Role cannot grant it`,
        'use grantCluster(verbs, resource, { justification }) if the ServiceAccount really needs it');
    }
    const unnameable = verbs.filter(v => v === Verb.CREATE || v === Verb.DELETE_COLLECTION);
    if (name !== undefined && !resource.resourceType.includes('/') && unnameable.length) {
      throw propError(this, what, `${unnameable.join(' and ')} cannot be restricted to one object (RBAC checks it before the object has a name), so this rule would never allow it`,
        `grant ${unnameable.join(' and ')} on the type (without named()), or leave ${unnameable.length > 1 ? 'them' : 'it'} out`);
    }
  }

  private checkClusterGrant(what: string, options: ClusterGrantOptions): void {
    requireJustification(this, `${what}.justification`, options.justification,
      'say why this ServiceAccount needs it beyond its namespace, or use grant() for a namespaced Role');
    if (!this.namespace) {
      throw propError(this, what, 'the ServiceAccount has no namespace, and a ClusterRoleBinding must name the ServiceAccount\'s namespace',
        'set `namespace` on the ServiceAccount or on its chart');
    }
  }

  /**
   * Matches acknowledgements to the risks found, one for one.
   *
   * A wildcard is a risk of its own and also carries each specific risk it includes (`get *` reads every Secret), and
   * each of those needs its own acknowledgement: acknowledging `rbac-wildcard-resources` does not acknowledge
   * `rbac-secrets-read`. Why: a wildcard's justification is written about "every resource", and a reviewer reading it
   * does not learn that the ServiceAccount can also exec into pods; naming each included risk makes the grant say what
   * it gives (and usually shows that listing the resources is shorter). The rule engine agrees: the waiver annotation
   * of the wildcard suppresses the wildcard finding only.
   * @returns the annotation lines recording them
   */
  private checkAcknowledgements(what: string, findings: Finding[], acknowledgements: Acknowledgement[]): Array<[string, string]> {
    const ledger = new RelaxationLedger(acknowledgements, a => a.risk, a => {
      throw propError(this, `${what}.acknowledgements`, `${a.risk} is acknowledged twice`, 'acknowledge each risk once');
    });
    const given = new Map(findings.map(f => [f.risk.id, ledger.take(f.risk.id)[0]] as const));
    const missing = findings.filter(f => given.get(f.risk.id) === undefined);
    if (missing.length) {
      throw propError(this, what, `refused, dangerous: ${refusal(findings, missing, given)}`,
        `grant less (${findings.some(f => f.throughWildcard) ? 'list the verbs and resources instead of the wildcard, ' : ''}name the objects, drop the verb), `
        + `or acknowledge ${missing.length > 1 ? 'each risk' : 'it'} in the grant's options: { acknowledgements: [${missing.map(({ risk }) =>
          `Acknowledgement.of(RbacRisk.${rbacRiskKey(risk.id)}, '<why this ServiceAccount needs it>')`).join(', ')}] }`);
    }
    const needed = new Set(findings.map(f => f.risk.id));
    for (const a of ledger.unused()) {
      throw propError(this, `${what}.acknowledgements`, `${a.risk} is acknowledged, but this grant does not carry it${findings.length ? ` (it carries ${[...needed].join(', ')})` : ''}`,
        'remove the acknowledgement, so the Role\'s annotations say only what it grants');
    }
    return findings.map(({ risk, what: matched }) => [given.get(risk.id)!.annotationKey, `${matched}: ${given.get(risk.id)!.justification}`]);
  }

  private grantedRole(scope: RbacScope): GrantedRole {
    const existing = this.granted[scope];
    if (existing) return existing;
    const atoms = new Map<string, GrantAtom>();
    const cluster = scope === 'cluster';
    const kind = cluster ? 'ClusterRole' : 'Role';
    // ClusterRoles share one cluster-wide namespace of names, so the ServiceAccount's namespace is part of theirs.
    const roleName = cluster ? `${this.namespace}-${this.name}` : this.name;
    const role = new ApiObject(this, kind, {
      apiVersion: RBAC_API_VERSION,
      kind,
      metadata: this.metadata(roleName, undefined, cluster),
      rules: Lazy.any({ produce: () => compactRules(atoms.values()) }),
    } as any);
    const binding = new ApiObject(this, `${kind}Binding`, {
      apiVersion: RBAC_API_VERSION,
      kind: `${kind}Binding`,
      metadata: this.metadata(roleName, undefined, cluster),
      roleRef: { apiGroup: RBAC_GROUP, kind, name: roleName },
      subjects: [this.subject()],
    } as any);
    if (cluster && Chart.of(this).namespace) {
      // cdk8s gives every object the chart's namespace; cluster-scoped objects have none.
      [role, binding].forEach(o => o.addJsonPatch(JsonPatch.remove('/metadata/namespace')));
    }
    const granted = { atoms, annotations: new Map<string, string[]>(), role, binding };
    this.granted[scope] = granted;
    return granted;
  }

  private subject() {
    return { kind: 'ServiceAccount', name: this.name, ...(this.namespace ? { namespace: this.namespace } : {}) };
  }

  /** Metadata of an object; for namespaced ones, the namespace only when it is not the chart's (which cdk8s applies). */
  private metadata(name: string, annotations?: Record<string, string>, clusterScoped = false) {
    return {
      name,
      ...(Object.keys(this.labels).length ? { labels: this.labels } : {}),
      ...(annotations ? { annotations } : {}),
      ...(!clusterScoped && this.namespace && this.namespace !== Chart.of(this).namespace ? { namespace: this.namespace } : {}),
    };
  }
}

/**
 * What a refused grant carries: each risk it names (or the wildcard itself) in full, title, why and references; the
 * risks only a wildcard carries by their id and title, after it, so a `*` on `*` refusal stays one readable sentence.
 */
function refusal(findings: Finding[], missing: Finding[], given: Map<RbacRisk, Acknowledgement | undefined>): string {
  const full = ({ risk, what }: Finding) => `${risk.id} (${what}): ${risk.title}; ${risk.why} [${risk.references.map(r => `${r.framework} ${r.id}`).join(', ')}]`;
  const carried = missing.filter(f => f.throughWildcard);
  const parts = missing.filter(f => !f.throughWildcard).map(full);
  if (carried.length) {
    const wildcards = findings.filter(f => f.risk.id.startsWith('rbac-wildcard-'));
    const through = [...new Set(carried.map(f => f.what))].join(', ');
    const acknowledged = wildcards.filter(w => given.get(w.risk.id) !== undefined).map(w => w.risk.id);
    parts.push(`through the wildcard (${through}) it also grants ${carried.length} specific risk${carried.length > 1 ? 's' : ''}, each needing its own acknowledgement`
      + (acknowledged.length ? ` (acknowledging ${acknowledged.join(', ')} does not cover ${carried.length > 1 ? 'them' : 'it'})` : '')
      + `: ${carried.map(({ risk }) => `${risk.id} (${risk.title})`).join(', ')}`);
  }
  return parts.join('; ');
}

function describeResource(r: IApiResource): string {
  const type = r.apiGroup ? `${r.resourceType}.${r.apiGroup}` : r.resourceType;
  return r.resourceName !== undefined ? `${type} "${r.resourceName}"` : type;
}
