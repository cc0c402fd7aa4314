/**
 * What the engine reports, in the one shape the public API (`HardeningAudit`, jsii) and the CLI's JSON share: the
 * engine's own finding types extend these with what only the engine knows (the file and line an object was read from).
 */
import type { RuleReference, Severity } from '../detectors/severity';

/** The object a finding is about. */
export interface ObjectRef {
  /** @default - none in the manifest */
  readonly apiVersion?: string;
  /** @default - none in the manifest */
  readonly kind?: string;
  /** @default - none in the manifest */
  readonly namespace?: string;
  /** @default - none in the manifest */
  readonly name?: string;
}

/** One rule's verdict on one object. */
export interface AuditFinding {
  /** Stable id of the rule. */
  readonly ruleId: string;
  readonly severity: Severity;
  /** What is wrong, naming containers and fields. */
  readonly message: string;
  readonly object: ObjectRef;
  /** Dotted paths of the offending fields. */
  readonly paths: string[];
  /** Cross-references of the rule to established frameworks. */
  readonly references: RuleReference[];
  /** Whether a justified suppression or waiver covers the finding. */
  readonly suppressed: boolean;
  /**
   * The reason of the suppression or waiver.
   *
   * @default - not suppressed
   */
  readonly justification?: string;
  /**
   * Every exemption that covers the finding: where it came from and why.
   *
   * @default - not suppressed
   */
  readonly exemptions?: AuditExemption[];
  /**
   * Path of the construct that emitted the object.
   *
   * @default - unknown (objects read from YAML)
   */
  readonly constructPath?: string;
  /**
   * Whether the rule judged the object together with related objects of the input (the policies selecting a pod,
   * the role a binding grants) and the input was not asserted complete: an object outside the input, in the same
   * namespace, may change the verdict. The finding stands until the input shows otherwise.
   *
   * @default false
   */
  readonly partialView?: boolean;
}

/**
 * A rule that applied to objects of the input but was not run: a dangling check (a Service selecting no pod, an
 * HPA target not found) judges only input asserted complete, since on partial input the object may exist elsewhere.
 */
export interface NotJudgedRule {
  readonly ruleId: string;
  /** Why it did not run, e.g. `partial input: ...`. */
  readonly reason: string;
  /** How many objects of the input it would have judged. */
  readonly objects: number;
}

/** One acceptance of a finding, as every report shows it. */
export interface AuditExemption {
  /** `waiver`, `annotation` (a suppression annotation), `file` (the exemptions file) or `option` (an audit option in code). */
  readonly source: string;
  readonly reason: string;
  /**
   * The annotation key, for waivers and suppression annotations.
   *
   * @default - not an annotation
   */
  readonly annotation?: string;
  /**
   * The file and entry (`file#index`), for exemptions-file entries.
   *
   * @default - not from a file
   */
  readonly origin?: string;
  /**
   * Who owns the exemption (exemptions-file entries).
   *
   * @default - not from a file
   */
  readonly owner?: string;
  /**
   * Last day the exemption applies, YYYY-MM-DD (exemptions-file entries).
   *
   * @default - not from a file
   */
  readonly expires?: string;
}

/** A suppression that could not be applied or matched no finding. */
export interface UnmatchedSuppression {
  readonly ruleId: string;
  readonly reason: string;
  /**
   * The object that carries it, for annotation suppressions.
   *
   * @default - a suppression given as an option
   */
  readonly object?: string;
  /** Why it is reported. */
  readonly problem: string;
  /**
   * The annotation key or exemptions-file entry it was declared in.
   *
   * @default - an audit option
   */
  readonly origin?: string;
}
