/**
 * The report of an in-process audit. Its findings are the engine's (src/rules/findings.ts), so the API and the CLI's
 * JSON cannot drift apart; the summary adds counts by severity as jsii-friendly fields, and the text.
 */
import type { AuditFinding, NotJudgedRule, UnmatchedSuppression } from '../rules/findings';

export type { AuditExemption, AuditFinding, NotJudgedRule, ObjectRef, UnmatchedSuppression } from '../rules/findings';

/** Totals of an audit. */
export interface AuditSummary {
  readonly packs: string[];
  readonly objects: number;
  readonly rules: number;
  /** Unsuppressed findings. */
  readonly findings: number;
  readonly suppressed: number;
  /** Unsuppressed critical findings. */
  readonly critical: number;
  /** Unsuppressed high findings. */
  readonly high: number;
  /** Unsuppressed medium findings. */
  readonly medium: number;
  /** Unsuppressed low findings. */
  readonly low: number;
  readonly unmatchedSuppressions: UnmatchedSuppression[];
  /** Whether the input was asserted complete (`AuditOptions.complete`). */
  readonly complete: boolean;
  /** The dangling checks not run because the input was not asserted complete, each with the objects it would have judged. */
  readonly notJudged: NotJudgedRule[];
}

/** What an audit found. */
export interface AuditReport {
  /** Every finding, suppressed ones included and marked. */
  readonly findings: AuditFinding[];
  readonly summary: AuditSummary;
  /** The report as text, as the CLI prints it. */
  readonly text: string;
}
