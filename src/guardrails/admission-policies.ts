import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import { AdmissionCheck, CHECK_RULES, checkBody } from './admission-checks';
import { clusterScoped, GUARDRAIL_LABELS, namespaceNames } from './cluster-objects';
import { admissionApiVersion, parseKubernetesMinor } from './kubernetes-version';
import { propError } from '../core/errors';
import { checkDnsSubdomain } from '../core/validation';
import { NAMESPACE_NAME_LABEL } from '../manifest/label-selector';
import { IsolatedNamespace } from '../namespaces/isolated-namespace';

/** What the API server does when a check fails (`validationActions` of the binding). */
export enum ValidationAction {
  /** Reject the request. */
  DENY = 'Deny',
  /** Admit it and return a warning to the client (kubectl prints it). Cannot be combined with DENY. */
  WARN = 'Warn',
  /** Admit it and record the failure in the API server's audit log (`validation.policy.admission.k8s.io/validation_failure`). */
  AUDIT = 'Audit',
}

/** Other validation actions for one check, e.g. to roll it out with WARN while the others DENY. */
export interface CheckActions {
  /** The check. */
  readonly check: AdmissionCheck;
  /** Its validation actions. */
  readonly validationActions: ValidationAction[];
}

/** Props of AdmissionGuardrails. */
export interface AdmissionGuardrailsProps {
  /**
   * Kubernetes version of the target cluster, e.g. `1.30`: picks the API version (`admissionregistration.k8s.io/v1beta1`
   * on 1.28–1.29, `v1` from 1.30) and the Pod Security version the pod checks follow. Older than 1.28 is refused.
   */
  readonly kubernetesVersion: string;
  /**
   * Which checks to emit, one ValidatingAdmissionPolicy and binding each.
   *
   * @default - the pod security checks, SERVICE_EXPOSURE and SECRET_PLAINTEXT; plus IMAGE_DIGEST with `requireDigests`
   * and IMAGE_REGISTRIES with `allowedRegistries`
   */
  readonly checks?: AdmissionCheck[];
  /**
   * What happens when a check fails. DENY and WARN cannot be combined.
   *
   * @default [ValidationAction.DENY]
   */
  readonly validationActions?: ValidationAction[];
  /**
   * Validation actions of single checks, overriding `validationActions`.
   *
   * @default - none
   */
  readonly checkActions?: CheckActions[];
  /**
   * Namespaces no check applies in (NotIn on `kubernetes.io/metadata.name` in every binding), e.g. the namespaces of
   * the CNI, the CSI drivers and the policy engines, whose pods legitimately need host access.
   *
   * @default ['kube-system']
   */
  readonly exemptNamespaces?: string[];
  /**
   * Apply the checks only in these IsolatedNamespaces (In on `kubernetes.io/metadata.name`).
   *
   * @default - every namespace but the exempt ones (unless `namespaceNames` is given)
   */
  readonly namespaces?: IsolatedNamespace[];
  /**
   * Apply the checks only in these namespaces, by name (added to `namespaces`).
   *
   * @default - every namespace but the exempt ones (unless `namespaces` is given)
   */
  readonly namespaceNames?: string[];
  /**
   * Registries (with an optional path prefix, e.g. `ghcr.io/acme`) images may come from; enables IMAGE_REGISTRIES.
   * Matched as HardenedDeployment's `imagePolicy.allowedRegistries` does: images without a registry host come from `docker.io`.
   *
   * @default - any registry
   */
  readonly allowedRegistries?: string[];
  /**
   * Require images pinned by digest; enables IMAGE_DIGEST.
   *
   * @default false
   */
  readonly requireDigests?: boolean;
  /**
   * Namespaces that may have NodePort and LoadBalancer Services (SERVICE_EXPOSURE exempts them), e.g. the ingress controller's.
   *
   * @default - none
   */
  readonly exposureNamespaces?: string[];
  /**
   * Users that may write Secret values (SECRET_PLAINTEXT exempts them), e.g.
   * `system:serviceaccount:external-secrets:external-secrets` for the External Secrets Operator.
   *
   * @default ['system:kube-controller-manager']
   */
  readonly secretWriterUsers?: string[];
  /**
   * Groups whose members may write Secret values (SECRET_PLAINTEXT exempts them), e.g. `system:serviceaccounts:cert-manager`.
   *
   * @default ['system:serviceaccounts:kube-system'] (the controllers of kube-controller-manager)
   */
  readonly secretWriterGroups?: string[];
  /**
   * Secret types SECRET_PLAINTEXT leaves alone, e.g. `helm.sh/release.v1` for Helm's release records.
   *
   * @default - none
   */
  readonly secretTypes?: string[];
  /**
   * Prefix of the policy and binding names: `<prefix>-<check>`, e.g. `hardened-privileged`.
   *
   * @default 'hardened'
   */
  readonly namePrefix?: string;
}

/** The checks emitted when `checks` is not given (image checks join when configured). */
const DEFAULT_CHECKS = [
  AdmissionCheck.PRIVILEGED, AdmissionCheck.HOST_NAMESPACES, AdmissionCheck.HOST_PORTS, AdmissionCheck.HOST_PATH_VOLUMES,
  AdmissionCheck.RUN_AS_NON_ROOT, AdmissionCheck.ALLOW_PRIVILEGE_ESCALATION, AdmissionCheck.CAPABILITIES, AdmissionCheck.SECCOMP,
  AdmissionCheck.SERVICE_EXPOSURE, AdmissionCheck.SECRET_PLAINTEXT,
];
const HOST = '(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?';
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const REGISTRY_PATTERN = new RegExp(`^(${HOST})((?:/${PATH_COMPONENT})*)$`);
/** Annotation naming the rule-engine rules a policy enforces, so audit findings and admission denials can be traced to each other. */
export const RULES_ANNOTATION = 'cdk8s-hardening.dev/rules';

/**
 * Cluster guardrails with ValidatingAdmissionPolicy (native CEL, no extra controller): the core of the `hardened`
 * pack enforced at admission for everything, not only what this app deploys.
 *
 * Pod checks cover Pods (including ephemeral containers added by `kubectl debug`) and the pod templates of Deployments,
 * StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers, Jobs and CronJobs, so a bad template is refused when
 * it is applied rather than when its controller fails to create pods. Updates that keep the pod spec (scaling,
 * labels, deletion finalizers) are not checked, so workloads that predate the policies stay manageable.
 *
 * Each check is its own ValidatingAdmissionPolicy and ValidatingAdmissionPolicyBinding, named `<prefix>-<check>`,
 * annotated with the rule-engine rules it enforces (`cdk8s-hardening.dev/rules`). Roll out with
 * `validationActions: [WARN, AUDIT]` first, then DENY; exempt infrastructure namespaces with `exemptNamespaces`.
 */
export class AdmissionGuardrails extends Construct {
  /** The rule-engine rule ids a check enforces (empty for IMAGE_REGISTRIES, which mirrors `imagePolicy.allowedRegistries`). */
  public static rulesOf(check: AdmissionCheck): string[] {
    return [...CHECK_RULES[check]];
  }

  /** The apiVersion the policies and bindings use. */
  public readonly apiVersion: string;
  /** The checks emitted, in order. */
  public readonly checks: AdmissionCheck[];
  /** The ValidatingAdmissionPolicies, in the order of `checks`. */
  public readonly policies: ApiObject[];
  /** The ValidatingAdmissionPolicyBindings, in the order of `checks`. */
  public readonly bindings: ApiObject[];

  public constructor(scope: Construct, id: string, props: AdmissionGuardrailsProps) {
    super(scope, id);
    const minor = parseKubernetesMinor(this, 'kubernetesVersion', props.kubernetesVersion);
    this.apiVersion = admissionApiVersion(minor);
    const prefix = props.namePrefix ?? 'hardened';
    checkDnsSubdomain(this, 'namePrefix', prefix);

    const actions = this.checkActions('validationActions', props.validationActions ?? [ValidationAction.DENY]);
    const overrides = new Map<AdmissionCheck, ValidationAction[]>();
    (props.checkActions ?? []).forEach((o, i) => {
      this.checkKnownCheck(`checkActions[${i}].check`, o.check);
      overrides.set(o.check, this.checkActions(`checkActions[${i}].validationActions`, o.validationActions));
    });

    const registryPattern = props.allowedRegistries && this.registryPattern(props.allowedRegistries);
    this.checks = this.resolveChecks(props, registryPattern !== undefined);
    for (const check of overrides.keys()) {
      if (!this.checks.includes(check)) {
        throw propError(this, 'checkActions', `${check} has validation actions but is not one of the checks emitted`, `add ${check} to checks, or remove its entry`);
      }
    }

    const exempt = this.namespaceList('exemptNamespaces', props.exemptNamespaces ?? ['kube-system'], true);
    const exposure = this.namespaceList('exposureNamespaces', props.exposureNamespaces ?? [], true);
    const bound = this.boundNamespaces(props);
    const overlap = bound.filter(n => exempt.includes(n));
    if (overlap.length) {
      throw propError(this, 'exemptNamespaces', `${overlap.join(', ')} would be both bound and exempt`, 'remove them from one of the lists');
    }
    const settings = {
      minor,
      registryPattern,
      secretWriterUsers: this.nonEmptyStrings('secretWriterUsers', props.secretWriterUsers ?? ['system:kube-controller-manager']),
      secretWriterGroups: this.nonEmptyStrings('secretWriterGroups', props.secretWriterGroups ?? ['system:serviceaccounts:kube-system']),
      secretTypes: this.nonEmptyStrings('secretTypes', props.secretTypes ?? []),
    };

    this.policies = [];
    this.bindings = [];
    for (const check of this.checks) {
      const body = checkBody(check, settings);
      const name = `${prefix}-${body.suffix}`;
      checkDnsSubdomain(this, 'namePrefix', name);
      this.policies.push(clusterScoped(this, new ApiObject(this, `${body.suffix}-policy`, {
        apiVersion: this.apiVersion,
        kind: 'ValidatingAdmissionPolicy',
        metadata: {
          name,
          labels: GUARDRAIL_LABELS,
          annotations: body.ruleIds.length ? { [RULES_ANNOTATION]: body.ruleIds.join(',') } : undefined,
        },
        spec: {
          failurePolicy: 'Fail',
          matchConstraints: {
            resourceRules: body.resourceRules.map(r => ({ ...r, operations: ['CREATE', 'UPDATE'] })),
          },
          matchConditions: body.matchConditions,
          ...(body.variables.length ? { variables: body.variables } : {}),
          validations: body.validations.map(v => ({ ...v, reason: 'Forbidden' })),
        },
      } as any)));
      const notIn = check === AdmissionCheck.SERVICE_EXPOSURE ? [...exempt, ...exposure.filter(n => !exempt.includes(n))] : exempt;
      const expressions = [
        ...(notIn.length ? [{ key: NAMESPACE_NAME_LABEL, operator: 'NotIn', values: notIn }] : []),
        ...(bound.length ? [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: bound }] : []),
      ];
      this.bindings.push(clusterScoped(this, new ApiObject(this, `${body.suffix}-binding`, {
        apiVersion: this.apiVersion,
        kind: 'ValidatingAdmissionPolicyBinding',
        metadata: { name, labels: GUARDRAIL_LABELS },
        spec: {
          policyName: name,
          validationActions: overrides.get(check) ?? actions,
          ...(expressions.length ? { matchResources: { namespaceSelector: { matchExpressions: expressions } } } : {}),
        },
      })));
    }
  }

  /** The ValidatingAdmissionPolicy of a check, or undefined when it is not emitted. */
  public policyOf(check: AdmissionCheck): ApiObject | undefined {
    const i = this.checks.indexOf(check);
    return i < 0 ? undefined : this.policies[i];
  }

  private resolveChecks(props: AdmissionGuardrailsProps, registries: boolean): AdmissionCheck[] {
    if (!props.checks) {
      return [
        ...DEFAULT_CHECKS,
        ...(props.requireDigests ? [AdmissionCheck.IMAGE_DIGEST] : []),
        ...(registries ? [AdmissionCheck.IMAGE_REGISTRIES] : []),
      ];
    }
    if (props.checks.length === 0) {
      throw propError(this, 'checks', 'no check is selected, so nothing would be enforced', 'leave checks unset for the default set, or list the checks to emit');
    }
    props.checks.forEach((c, i) => this.checkKnownCheck(`checks[${i}]`, c));
    const checks = [...new Set(props.checks)];
    if (checks.includes(AdmissionCheck.IMAGE_REGISTRIES) && !registries) {
      throw propError(this, 'checks', 'IMAGE_REGISTRIES is selected but no allowedRegistries are given', 'list the registries images may come from in allowedRegistries');
    }
    if (registries && !checks.includes(AdmissionCheck.IMAGE_REGISTRIES)) {
      throw propError(this, 'allowedRegistries', 'allowedRegistries are given but checks leaves out IMAGE_REGISTRIES, so they would not be enforced', 'add AdmissionCheck.IMAGE_REGISTRIES to checks');
    }
    if (props.requireDigests && !checks.includes(AdmissionCheck.IMAGE_DIGEST)) {
      throw propError(this, 'requireDigests', 'requireDigests is true but checks leaves out IMAGE_DIGEST, so digests would not be required', 'add AdmissionCheck.IMAGE_DIGEST to checks');
    }
    return checks;
  }

  private checkKnownCheck(prop: string, check: AdmissionCheck): void {
    if (!Object.values(AdmissionCheck).includes(check)) {
      throw propError(this, prop, `"${check}" is not an admission check`, `use one of ${Object.values(AdmissionCheck).join(', ')}`);
    }
  }

  private checkActions(prop: string, actions: readonly ValidationAction[]): ValidationAction[] {
    if (actions.length === 0) {
      throw propError(this, prop, 'no validation action is given, so failures would have no effect', 'give DENY, or WARN and/or AUDIT');
    }
    for (const a of actions) {
      if (!Object.values(ValidationAction).includes(a)) {
        throw propError(this, prop, `"${a}" is not a validation action`, 'use ValidationAction.DENY, WARN or AUDIT');
      }
    }
    if (new Set(actions).size !== actions.length) {
      throw propError(this, prop, `[${actions.join(', ')}] names an action twice`, 'give each action once');
    }
    if (actions.includes(ValidationAction.DENY) && actions.includes(ValidationAction.WARN)) {
      throw propError(this, prop, 'DENY and WARN cannot be combined (the API server refuses the binding: a denied request gets no warnings)', 'use [DENY] or [DENY, AUDIT] to enforce, [WARN, AUDIT] to observe');
    }
    return [...actions];
  }

  private namespaceList(prop: string, names: readonly string[], allowEmpty: boolean): string[] {
    if (!allowEmpty && names.length === 0) {
      throw propError(this, prop, 'the list is empty, so the checks would apply in no namespace', 'give at least one namespace, or leave it unset to apply them in every namespace');
    }
    return namespaceNames(this, prop, names);
  }

  private boundNamespaces(props: AdmissionGuardrailsProps): string[] {
    if (props.namespaces === undefined && props.namespaceNames === undefined) return [];
    const names = [...(props.namespaces ?? []).map(ns => ns.name), ...(props.namespaceNames ?? [])];
    return this.namespaceList(props.namespaces ? 'namespaces' : 'namespaceNames', names, false);
  }

  private nonEmptyStrings(prop: string, values: readonly string[]): string[] {
    values.forEach((v, i) => {
      if (v.trim() === '' || v !== v.trim()) {
        throw propError(this, `${prop}[${i}]`, `"${v}" is empty or has surrounding spaces, so it would never match a request`, 'give the exact name, e.g. "system:serviceaccount:<namespace>:<name>"');
      }
    });
    return [...new Set(values)];
  }

  /** An anchored RE2 pattern matching images (registry made explicit) from any of the registries. */
  private registryPattern(registries: readonly string[]): string {
    if (registries.length === 0) {
      throw propError(this, 'allowedRegistries', 'the list is empty, so every image would be refused', 'list the registries images may come from, or leave it unset');
    }
    const escaped = registries.map((r, i) => {
      const m = REGISTRY_PATTERN.exec(r);
      if (!m || !/[.:]|^localhost$|^\[/.test(m[1])) {
        throw propError(this, `allowedRegistries[${i}]`, `"${r}" is not a registry with an optional path (no scheme, wildcard, tag or trailing "/"; the host must contain a "." or ":" or be "localhost")`,
          'write it as an image reference starts, e.g. "ghcr.io/acme", "registry.example.com:5000" or "docker.io/library"');
      }
      return r.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    });
    // After the registry (and path) the image may continue its path, then name a tag and/or a digest.
    return `^(${escaped.join('|')})(/[^:@/][^:@]*)?(:[^/@]*)?(@.*)?$`;
  }
}
