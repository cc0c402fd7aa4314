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
}

/** A rule: metadata plus its check. Internal: the public surface exposes metadata and findings only. */
export interface Rule extends RuleMetadata {
  check(object: Manifest, context: RuleContext): Violation[];
}
