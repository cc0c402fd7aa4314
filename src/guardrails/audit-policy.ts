import { Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import { propError } from '../core/errors';
import { addSynthFile } from '../core/synth-files';
import { checkDnsSubdomain } from '../core/validation';

/** How much of a request the API server records. */
export enum AuditLevel {
  /** Nothing. */
  NONE = 'None',
  /** Who did what to which object, when, from where, with which result; no bodies. */
  METADATA = 'Metadata',
  /** Metadata and the request body. */
  REQUEST = 'Request',
  /** Metadata, request and response bodies. */
  REQUEST_RESPONSE = 'RequestResponse',
}

/** A stage of request handling at which the API server emits an audit event. */
export enum AuditStage {
  /** As soon as the request is received, before it is handled. */
  REQUEST_RECEIVED = 'RequestReceived',
  /** When response headers are sent, for long-running requests (watch, exec). */
  RESPONSE_STARTED = 'ResponseStarted',
  /** When the response is complete. */
  RESPONSE_COMPLETE = 'ResponseComplete',
  /** When a panic occurred. */
  PANIC = 'Panic',
}

/** The built-in rule groups of the generated policy, in the order they are matched. */
export enum AuditRuleGroup {
  /** Health and version probes (`/healthz*`, `/readyz*`, `/livez*`, `/version`): None. */
  HEALTH_ENDPOINTS = 'HEALTH_ENDPOINTS',
  /** kube-proxy's watches of Services and Endpoints: None. */
  KUBE_PROXY_WATCHES = 'KUBE_PROXY_WATCHES',
  /** Events, written constantly by every controller: None. */
  EVENTS = 'EVENTS',
  /** Lease reads and renewals (node heartbeats, leader election): None. */
  LEASE_RENEWALS = 'LEASE_RENEWALS',
  /** Secrets, ConfigMaps, TokenReviews and TokenRequests: Metadata, so credentials never land in the log. At most METADATA. */
  SENSITIVE_RESOURCES = 'SENSITIVE_RESOURCES',
  /** Changes to Roles, ClusterRoles and their bindings: RequestResponse. */
  RBAC_CHANGES = 'RBAC_CHANGES',
  /** Changes to Pods and workload controllers: RequestResponse. */
  WORKLOAD_CHANGES = 'WORKLOAD_CHANGES',
  /** exec, attach, port-forward and debug containers into pods: Request (the command, not the stream). */
  POD_ACCESS = 'POD_ACCESS',
  /** Everything else: Metadata. */
  DEFAULT = 'DEFAULT',
}

/** Resources of one API group, as an audit rule matches them. */
export interface AuditResources {
  /** API group, `''` for the core group (e.g. `apps`, `rbac.authorization.k8s.io`). */
  readonly group: string;
  /**
   * Resources, with `*` for all and `pods/exec`-style subresources.
   *
   * @default - every resource of the group
   */
  readonly resources?: string[];
  /**
   * Names of the objects.
   *
   * @default - every object
   */
  readonly resourceNames?: string[];
}

/** One audit policy rule; the API server uses the first rule that matches a request. */
export interface AuditRule {
  /** What to record. */
  readonly level: AuditLevel;
  /**
   * Users the rule matches, e.g. `system:kube-proxy`.
   *
   * @default - every user
   */
  readonly users?: string[];
  /**
   * Groups the rule matches, e.g. `system:nodes`.
   *
   * @default - every group
   */
  readonly userGroups?: string[];
  /**
   * Verbs, e.g. `get`, `list`, `watch`, `create`, `update`, `patch`, `delete`.
   *
   * @default - every verb
   */
  readonly verbs?: string[];
  /**
   * Resources; cannot be combined with `nonResourceUrls`.
   *
   * @default - every resource
   */
  readonly resources?: AuditResources[];
  /**
   * Namespaces (`''` for cluster-scoped objects); cannot be combined with `nonResourceUrls`.
   *
   * @default - every namespace
   */
  readonly namespaces?: string[];
  /**
   * Non-resource paths such as `/metrics` or `/healthz*` (`*` only as the last character).
   *
   * @default - every path
   */
  readonly nonResourceUrls?: string[];
  /**
   * Stages this rule records no event for.
   *
   * @default - the policy's omitStages
   */
  readonly omitStages?: AuditStage[];
}

/** Another level for a built-in rule group. */
export interface AuditLevelOverride {
  /** The group. */
  readonly group: AuditRuleGroup;
  /** Its level. */
  readonly level: AuditLevel;
}

/** Props of AuditPolicy. */
export interface AuditPolicyProps {
  /**
   * Rules matched before the built-in ones (first match wins), e.g. None for a noisy operator's reads.
   *
   * @default - none
   */
  readonly extraRules?: AuditRule[];
  /**
   * Levels of built-in rule groups, e.g. Request for DEFAULT.
   *
   * @default - the levels documented on AuditRuleGroup
   */
  readonly levelOverrides?: AuditLevelOverride[];
  /**
   * Stages no rule records: RequestReceived duplicates every event's metadata without adding anything.
   *
   * @default [AuditStage.REQUEST_RECEIVED]
   */
  readonly omitStages?: AuditStage[];
  /**
   * Leave managedFields out of recorded bodies (they repeat the object's field ownership and dwarf the change).
   *
   * @default true
   */
  readonly omitManagedFields?: boolean;
  /**
   * File written beside the manifests at `app.synth()`.
   *
   * @default 'audit-policy.yaml'
   */
  readonly fileName?: string;
}

const WRITE_VERBS = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const DEFAULT_LEVELS: Record<AuditRuleGroup, AuditLevel> = {
  [AuditRuleGroup.HEALTH_ENDPOINTS]: AuditLevel.NONE,
  [AuditRuleGroup.KUBE_PROXY_WATCHES]: AuditLevel.NONE,
  [AuditRuleGroup.EVENTS]: AuditLevel.NONE,
  [AuditRuleGroup.LEASE_RENEWALS]: AuditLevel.NONE,
  [AuditRuleGroup.SENSITIVE_RESOURCES]: AuditLevel.METADATA,
  [AuditRuleGroup.RBAC_CHANGES]: AuditLevel.REQUEST_RESPONSE,
  [AuditRuleGroup.WORKLOAD_CHANGES]: AuditLevel.REQUEST_RESPONSE,
  [AuditRuleGroup.POD_ACCESS]: AuditLevel.REQUEST,
  [AuditRuleGroup.DEFAULT]: AuditLevel.METADATA,
};
/** What each group matches, besides its level. */
const GROUP_RULES: Record<AuditRuleGroup, Omit<AuditRule, 'level'>> = {
  [AuditRuleGroup.HEALTH_ENDPOINTS]: { nonResourceUrls: ['/healthz*', '/readyz*', '/livez*', '/version', '/version/'] },
  [AuditRuleGroup.KUBE_PROXY_WATCHES]: {
    users: ['system:kube-proxy'],
    verbs: ['watch'],
    resources: [{ group: '', resources: ['endpoints', 'services', 'services/status'] }, { group: 'discovery.k8s.io', resources: ['endpointslices'] }],
  },
  [AuditRuleGroup.EVENTS]: { resources: [{ group: '', resources: ['events'] }, { group: 'events.k8s.io', resources: ['events'] }] },
  [AuditRuleGroup.LEASE_RENEWALS]: { verbs: ['get', 'update', 'watch'], resources: [{ group: 'coordination.k8s.io', resources: ['leases'] }] },
  [AuditRuleGroup.SENSITIVE_RESOURCES]: {
    resources: [
      { group: '', resources: ['secrets', 'configmaps', 'serviceaccounts/token'] },
      { group: 'authentication.k8s.io', resources: ['tokenreviews'] },
    ],
  },
  [AuditRuleGroup.RBAC_CHANGES]: {
    verbs: WRITE_VERBS,
    resources: [{ group: 'rbac.authorization.k8s.io', resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'] }],
  },
  [AuditRuleGroup.WORKLOAD_CHANGES]: {
    verbs: WRITE_VERBS,
    resources: [
      { group: '', resources: ['pods', 'replicationcontrollers'] },
      { group: 'apps', resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'] },
      { group: 'batch', resources: ['jobs', 'cronjobs'] },
    ],
  },
  [AuditRuleGroup.POD_ACCESS]: { resources: [{ group: '', resources: ['pods/exec', 'pods/attach', 'pods/portforward', 'pods/ephemeralcontainers'] }] },
  [AuditRuleGroup.DEFAULT]: {},
};
// Bodies of these carry credentials: above Metadata the audit log would hold every Secret and token.
const METADATA_AT_MOST = new Set([AuditLevel.NONE, AuditLevel.METADATA]);

/**
 * An `audit.k8s.io/v1` Policy for self-managed API servers (kubeadm, k3s, kOps, Talos…), written as a file beside the
 * manifests at `app.synth()` (it configures the API server process, not an object in the cluster). Managed
 * Kubernetes (EKS, GKE, AKS) fixes its own policy; enable its control-plane audit logs instead.
 *
 * What it records: nothing for health probes, kube-proxy watches, events and lease renewals (the bulk of the volume);
 * Metadata only for Secrets, ConfigMaps, TokenReviews and TokenRequests, so credentials never land in the log;
 * full request and response for changes to RBAC and workloads (who granted what, who deployed what image);
 * the request of exec, attach, port-forward and debug containers; Metadata for everything else.
 *
 * Using it (kubeadm): copy the file to each control-plane node as `/etc/kubernetes/audit/policy.yaml`, and in the
 * ClusterConfiguration set `apiServer.extraArgs` `audit-policy-file: /etc/kubernetes/audit/policy.yaml`, plus
 * `audit-log-path: /var/log/kubernetes/audit/audit.log`, `audit-log-maxage: "30"`, `audit-log-maxbackup: "10"`,
 * `audit-log-maxsize: "100"`, with `apiServer.extraVolumes` hostPath mounts for both directories (the policy
 * read-only). The API server reads the file only at start: restart it (move the static pod manifest out and back)
 * after a change.
 *
 * Streaming to a log platform: either (a) log files plus an agent: run Fluent Bit as a DaemonSet on the control-plane
 * nodes with a `tail` input on `/var/log/kubernetes/audit/*.log` (`Parser json`, `DB` for offsets) and an output to
 * Elasticsearch/OpenSearch, Loki, Splunk HEC or a SIEM; or (b) the webhook backend: `--audit-webhook-config-file`
 * (a kubeconfig naming the collector's https URL and client certificate) with `--audit-webhook-mode=batch`, which
 * sends batches of events directly. Keep the file backend as well when using the webhook: the webhook drops events
 * when the collector is down.
 */
export class AuditPolicy extends Construct {
  /** Path of the file written at `app.synth()`. */
  public readonly filePath: string;
  private readonly policy: Record<string, unknown>;

  public constructor(scope: Construct, id: string, props: AuditPolicyProps = {}) {
    super(scope, id);
    const levels = { ...DEFAULT_LEVELS };
    (props.levelOverrides ?? []).forEach((o, i) => {
      const prop = `levelOverrides[${i}]`;
      if (!Object.values(AuditRuleGroup).includes(o.group)) {
        throw propError(this, `${prop}.group`, `"${o.group}" is not an audit rule group`, `use one of ${Object.values(AuditRuleGroup).join(', ')}`);
      }
      this.checkLevel(`${prop}.level`, o.level);
      if (o.group === AuditRuleGroup.SENSITIVE_RESOURCES && !METADATA_AT_MOST.has(o.level)) {
        throw propError(this, `${prop}.level`, `${o.level} for Secrets, ConfigMaps and tokens would write their values into the audit log`, 'use AuditLevel.METADATA (or NONE)');
      }
      levels[o.group] = o.level;
    });
    const omitStages = props.omitStages ?? [AuditStage.REQUEST_RECEIVED];
    omitStages.forEach((s, i) => this.checkStage(`omitStages[${i}]`, s));
    const extra = (props.extraRules ?? []).map((rule, i) => this.checkRule(`extraRules[${i}]`, rule));
    const builtIn = Object.values(AuditRuleGroup).map(group => ({ level: levels[group], ...GROUP_RULES[group] }));

    this.policy = {
      apiVersion: 'audit.k8s.io/v1',
      kind: 'Policy',
      omitStages,
      omitManagedFields: props.omitManagedFields ?? true,
      rules: [...extra, ...builtIn].map(toJson),
    };
    this.filePath = addSynthFile(this, 'fileName', props.fileName ?? 'audit-policy.yaml', () => this.toYaml());
  }

  /** The policy as the API server reads it. */
  public toJson(): any {
    return JSON.parse(JSON.stringify(this.policy));
  }

  /** The policy as YAML, the content of the file. */
  public toYaml(): string {
    return Yaml.stringify(this.policy);
  }

  private checkLevel(prop: string, level: AuditLevel): void {
    if (!Object.values(AuditLevel).includes(level)) {
      throw propError(this, prop, `"${level}" is not an audit level`, 'use AuditLevel.NONE, METADATA, REQUEST or REQUEST_RESPONSE');
    }
  }

  private checkStage(prop: string, stage: AuditStage): void {
    if (!Object.values(AuditStage).includes(stage)) {
      throw propError(this, prop, `"${stage}" is not an audit stage`, 'use RequestReceived, ResponseStarted, ResponseComplete or Panic');
    }
  }

  /** The API server's own checks (k8s.io/apiserver audit validation), so a bad rule fails here, not at API server start. */
  private checkRule(prop: string, rule: AuditRule): AuditRule {
    this.checkLevel(`${prop}.level`, rule.level);
    (rule.omitStages ?? []).forEach((s, i) => this.checkStage(`${prop}.omitStages[${i}]`, s));
    const urls = rule.nonResourceUrls ?? [];
    urls.forEach((url, i) => {
      if (url !== '*' && (!url.startsWith('/') || url.slice(0, -1).includes('*'))) {
        throw propError(this, `${prop}.nonResourceUrls[${i}]`, `"${url}" is not a non-resource URL rule`, 'start it with "/"; "*" may only be the last character');
      }
    });
    if (urls.length && (rule.resources?.length || rule.namespaces?.length)) {
      throw propError(this, prop, 'the rule names both non-resource URLs and resources or namespaces, which the API server refuses', 'split it into two rules');
    }
    (rule.resources ?? []).forEach((r, i) => {
      if (r.group !== '') checkDnsSubdomain(this, `${prop}.resources[${i}].group`, r.group);
      if (r.resourceNames?.length && !r.resources?.length) {
        throw propError(this, `${prop}.resources[${i}].resourceNames`, 'resourceNames need at least one resource', 'name the resources the names belong to');
      }
    });
    for (const [field, values] of [['users', rule.users], ['userGroups', rule.userGroups], ['verbs', rule.verbs]] as const) {
      (values ?? []).forEach((v, i) => {
        if (v.trim() === '') throw propError(this, `${prop}.${field}[${i}]`, 'the entry is empty, so it matches nothing', 'give a name, or remove the entry');
      });
    }
    return rule;
  }
}

/** A rule as the API server reads it (`nonResourceURLs`, unset fields left out). */
function toJson(rule: AuditRule): Record<string, unknown> {
  const { nonResourceUrls, ...rest } = rule;
  return JSON.parse(JSON.stringify({ ...rest, ...(nonResourceUrls ? { nonResourceURLs: nonResourceUrls } : {}) }));
}
