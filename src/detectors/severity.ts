/**
 * What every finding is graded and cross-referenced by, whoever finds it: the rule engine, the RBAC detector that
 * `LeastPrivilegeServiceAccount` refuses grants with, and the AWS checks. One definition, at the bottom layer, so
 * no layer re-declares it under another name.
 */

/** How bad a finding is. */
export enum Severity {
  /** Hygiene; fix when convenient. */
  LOW = 'low',
  /** Weakens defence in depth. */
  MEDIUM = 'medium',
  /** Directly exploitable or a common step of an attack. */
  HIGH = 'high',
  /** Host or cluster compromise. */
  CRITICAL = 'critical',
}

/**
 * How a rule's verdicts relate to a referenced control's, on the manifests both can see. A reference is a claim the
 * differential tests hold the rule to: `EQUIVALENT` must agree object for object, `STRICTER` and `NARROWER` may differ
 * only in their declared direction, `RELATED` is compared for neither.
 */
export enum ReferenceRelation {
  /** The rule fires on an object exactly when the control fails it. */
  EQUIVALENT = 'equivalent',
  /** The rule fires whenever the control fails, and also on objects the control passes (it asks for more). */
  STRICTER = 'stricter',
  /** The rule fires only where the control fails, and passes some objects the control fails (it covers a part of the control). */
  NARROWER = 'narrower',
  /** Each judges cases the other does not: the same concern, not comparable verdict for verdict. */
  RELATED = 'related',
}

/** A cross-reference to a control of an established framework or checker. */
export interface RuleReference {
  /**
   * The framework: `pss`, `cis`, `nsa`, `polaris`, `kube-score`, `kube-linter`, `checkov`, `kubescape`, `trivy`,
   * `rbac-police`, or `k8s` (a section of the Kubernetes documentation, where no checker has the control).
   */
  readonly framework: string;
  /** The control's id in that framework, e.g. `CKV_K8S_16` or `KSV-0017`. */
  readonly id: string;
  /** How the rule's verdicts relate to the control's. */
  readonly relation: ReferenceRelation;
  /**
   * Why the rule differs from the control, for every relation but `EQUIVALENT`.
   *
   * @default none: the rule claims the control's verdicts
   */
  readonly why?: string;
}

/** A reference as rule metadata writes it: the control's id alone claims equivalence; a difference says how and why. */
export interface ReferenceClaim {
  readonly id: string;
  readonly relation: ReferenceRelation;
  readonly why: string;
}

/** The reference of one claim, refusing a declared difference without its reason (a rule module fails to load). */
export function toReference(framework: string, claim: string | ReferenceClaim): RuleReference {
  if (typeof claim === 'string') return { framework, id: claim, relation: ReferenceRelation.EQUIVALENT };
  if (claim.relation !== ReferenceRelation.EQUIVALENT && claim.why.trim().length < 20) {
    throw new Error(`reference ${framework}:${claim.id} is declared ${claim.relation} but says no reason (why, at least a sentence)`);
  }
  return { framework, id: claim.id, relation: claim.relation, ...(claim.relation === ReferenceRelation.EQUIVALENT ? {} : { why: claim.why }) };
}
