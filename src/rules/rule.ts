/**
 * The rule model: a rule is metadata plus one small pure function over a plain manifest object,
 * so it reads the same whether the object came from a construct, a YAML file or a Helm chart.
 */
import type { ObjectIndex } from './object-index';
import type { RbacRisk } from '../detectors/rbac-risks';
import { toReference } from '../detectors/severity';
import type { ReferenceClaim, RuleReference, Severity } from '../detectors/severity';
import type { WaiverName } from '../manifest/exemption-keys';
import type { Manifest } from '../manifest/manifest';

export type { Manifest };
// The grading and cross-references every finding shares, defined once at the bottom layer and named here for the engine.
export { Severity } from '../detectors/severity';
export { ReferenceRelation } from '../detectors/severity';
export type { ReferenceClaim, RuleReference } from '../detectors/severity';

/** What a rule is, independent of how it checks. */
export interface RuleMetadata {
  /** Stable id, kebab-case, e.g. `pss-privileged`. Never reused for another meaning. */
  readonly id: string;
  /** One line: what is wrong when the rule fires. */
  readonly title: string;
  /** Default severity. */
  readonly severity: Severity;
  /** Why it matters. */
  readonly rationale: string;
  /** How to fix it. */
  readonly fix: string;
  /** Object kinds the rule looks at (`*` for any). */
  readonly kinds: string[];
  /** Cross-references to established frameworks. */
  readonly references: RuleReference[];
  /**
   * Whether an annotation on the object (a waiver or `suppress.cdk8s-hardening.dev/<id>`) may exempt a finding of
   * this rule. False for findings no one may accept inline (a plaintext Secret): only an exemptions file can.
   *
   * @default true
   */
  readonly inlineExemptions?: boolean;
  /**
   * The waiver kinds (`waiver.cdk8s-hardening.dev/<kind>`) that accept a finding of this rule: the construct waivers
   * that relax what the rule checks (`run-as-root`…), the exposure allowances of the network constructs, or the RBAC
   * risk an acknowledgement names. The engine's waiver table is derived from these.
   *
   * @default none: only a suppression (`suppress.cdk8s-hardening.dev/<id>`) or an exemptions file
   */
  readonly waivedBy?: ReadonlyArray<WaiverName | RbacRisk>;
  /**
   * For a rule that judges an object together with related objects of the input (the policies selecting a pod, the
   * Service an Ingress routes to): which kinds it looks up, and what a finding claims about them. The engine runs a
   * `RelatedCheck.DANGLING` rule only on input asserted complete, and marks the findings of a `RelatedCheck.CONTEXT`
   * rule on other input as judged with a partial view (docs/architecture.md, "Partial and complete input").
   *
   * @default - the rule judges each object on its own
   */
  readonly related?: RelatedView;
}

/** What a finding of a cross-object rule claims about the related objects of the input. */
export enum RelatedCheck {
  /**
   * A finding says an object the input refers to or selects is not in the input: a Service selecting no pod, an HPA
   * whose target is missing. On partial input that is unknowable (the object may be deployed by someone else), so
   * the rule runs only when the input is asserted complete, and is listed as not judged otherwise.
   */
  DANGLING = 'dangling',
  /**
   * The verdict depends on related objects the input holds: none of them protects the object (no NetworkPolicy
   * selects the pod, no PodDisruptionBudget), or one makes it worse (the role a binding grants). The rule always runs,
   * the secure default; on input not asserted complete, its findings say they were judged with a partial view.
   */
  CONTEXT = 'context',
}

/** The related objects a cross-object rule looks up, and what its findings claim about them. */
export interface RelatedView {
  /** Kinds of the related objects it looks up (`*` for any). */
  readonly kinds: string[];
  readonly check: RelatedCheck;
}

/** One thing wrong in one object, as found by one rule. */
export interface Violation {
  /** What is wrong, naming the container or field. */
  readonly message: string;
  /** Dotted path to the offending field inside the object, e.g. `spec.template.spec.containers[0].securityContext.privileged`. */
  readonly path: string;
  /**
   * The container the violation is in, by name, for violations inside one container: a container waiver covers
   * those only. Set by the pod rule builders from the container the path points into.
   */
  readonly container?: string;
}

/**
 * Cross-references by framework, in the order reports list them. A bare id claims equivalence; a `ReferenceClaim`
 * declares how the rule differs (`stricter`, `narrower`, `related`) and why.
 */
export interface References {
  readonly 'pss'?: Claims;
  readonly 'cis'?: Claims;
  readonly 'nsa'?: Claims;
  readonly 'polaris'?: Claims;
  readonly 'kube-score'?: Claims;
  readonly 'kube-linter'?: Claims;
  readonly 'checkov'?: Claims;
  readonly 'kubescape'?: Claims;
  readonly 'trivy'?: Claims;
}

type Claims = ReadonlyArray<string | ReferenceClaim>;

/** Flattens references by framework into `{framework, id, relation}` entries. */
export function toReferences(references: References): RuleReference[] {
  return Object.entries(references).flatMap(([framework, claims]: [string, Claims]) => claims.map(c => toReference(framework, c)));
}

/** What a rule is told besides the object. */
export interface RuleContext {
  /** Pod Security Standards version the rule evaluates, as a minor number of Kubernetes 1.x (e.g. 37 for v1.37). */
  readonly pssMinor: number;
  /** Every object of the run, for cross-object rules. */
  readonly index: ObjectIndex;
  /**
   * Whether the input is asserted to hold every object of each namespace it names (and the cluster-scoped objects
   * those refer to), so that an object not in the index does not exist. Set by the engine from `EngineOptions.complete`.
   */
  readonly complete: boolean;
}

/** A rule: metadata plus its check. Internal: the public surface exposes metadata and findings only. */
export interface Rule extends RuleMetadata {
  check(object: Manifest, context: RuleContext): Violation[];
}
