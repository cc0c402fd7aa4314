/**
 * The report of an in-process audit. Its findings are the engine's (src/rules/findings.ts), so the API and the CLI's
 * JSON cannot drift apart; the summary adds counts by severity as jsii-friendly fields, and the text.
 */
import type { AuditFinding, UnmatchedSuppression } from '../rules/findings';

export type { AuditExemption, AuditFinding, ObjectRef, UnmatchedSuppression } from '../rules/findings';

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
}

/** What an audit found. */
export interface AuditReport {
  /** Every finding, suppressed ones included and marked. */
  readonly findings: AuditFinding[];
  readonly summary: AuditSummary;
  /** The report as text, as the CLI prints it. */
  readonly text: string;
}
