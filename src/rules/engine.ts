/**
 * The audit: runs packs of rules over plain objects, applies justified suppressions, and reports
 * one finding per rule and object (its paths listed), suppressed findings included and marked.
 */
import { findRule, waivedRuleIds } from './catalog';
import type { AuditFinding, NotJudgedRule } from './findings';
import { ObjectIndex } from './object-index';
import { Pack, resolvePack, UsageError } from './packs';
import { Manifest, RelatedCheck, Rule, RuleContext, Severity, Violation } from './rule';
import { describe, ExemptionRecord, Justification, objectJustifications, specMatches, specProblem, SuppressionProblem, SuppressionSpec } from './suppressions';
import { normalizeJustification } from '../detectors/justification';

/** An object for the engine to judge, with where it came from. */
export interface EngineInput {
  readonly object: Manifest;
  /** File it was read from. */
  readonly file?: string;
  /** 1-based line of the document in the file. */
  readonly line?: number;
  /** Construct that emitted it. */
  readonly constructPath?: string;
}

export interface EngineOptions {
  /** Pack names, e.g. `hardened`, `pss-restricted@v1.30`. */
  readonly packs: readonly string[];
  /** Exemptions given outside the objects: an exemptions file's entries, or options in code. */
  readonly suppressions?: readonly SuppressionSpec[];
  /**
   * Whether exemption annotations on the objects (waivers, `suppress.cdk8s-hardening.dev/*`) count. A platform team
   * that wants every exemption in a file it owns sets this to false; the annotations are then reported, not applied.
   *
   * @default true
   */
  readonly allowAnnotationExemptions?: boolean;
  /** Today as YYYY-MM-DD (UTC), for exemption expiry; defaults to the clock. */
  readonly today?: string;
  /**
   * Whether the input holds every object of each namespace it names (and the cluster-scoped objects they refer to),
   * so that an object not in it does not exist. Only then do the dangling checks run (`RelatedCheck.DANGLING`: a
   * Service selecting no pod, an HPA target not found); otherwise they are listed in `summary.notJudged`, and the
   * findings of the other cross-object rules carry `partialView`.
   *
   * @default false: the input may be part of what runs in its namespaces
   */
  readonly complete?: boolean;
}

/**
 * One rule's verdict on one object. This is the JSON output contract of the CLI: the public `AuditFinding`, plus where
 * the object was read from.
 */
export interface EngineFinding extends AuditFinding {
  /** File the object was read from. */
  readonly file?: string;
  /** 1-based line of the object's document in the file. */
  readonly line?: number;
  /** Every exemption that covers it: where it came from and why. */
  readonly exemptions?: ExemptionRecord[];
}

export interface EngineSummary {
  readonly packs: string[];
  readonly objects: number;
  readonly rules: number;
  readonly findings: number;
  readonly suppressed: number;
  /** Unsuppressed findings by severity. */
  readonly bySeverity: Record<Severity, number>;
  /** Suppressions that could not be applied or matched nothing. */
  readonly unmatchedSuppressions: SuppressionProblem[];
  /** Whether the input was asserted complete (`EngineOptions.complete`). */
  readonly complete: boolean;
  /** Rules of the packs that applied to objects of the input but were not run, with why (dangling checks on partial input). */
  readonly notJudged: NotJudgedRule[];
}

export interface EngineResult {
  readonly findings: EngineFinding[];
  readonly summary: EngineSummary;
  /** The rules that ran, in catalog order (a rule listed in `summary.notJudged` did not run). */
  readonly rules: readonly Rule[];
}

/** Why a dangling check is not run on input that is not asserted complete. */
export const PARTIAL_INPUT_REASON = 'partial input: it reports objects missing from the input, which only complete input can show '
  + '(assert it with --complete, or complete: true)';

export const SEVERITY_ORDER: readonly Severity[] = [Severity.LOW, Severity.MEDIUM, Severity.HIGH, Severity.CRITICAL];

/** Whether `severity` is at or above `threshold`. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_ORDER.indexOf(severity) >= SEVERITY_ORDER.indexOf(threshold);
}

/** The rules of a pack that apply to each kind, computed once per kind instead of once per object. */
function rulesByKind(rules: readonly Rule[]): ((kind: string) => readonly Rule[]) & { all: readonly Rule[] } {
  const cache = new Map<string, Rule[]>();
  const lookup = (kind: string) => {
    let list = cache.get(kind);
    if (!list) cache.set(kind, list = rules.filter(r => r.kinds.includes('*') || r.kinds.includes(kind)));
    return list;
  };
  return Object.assign(lookup, { all: rules });
}

/** Audits `inputs` with the packs and suppressions of `options`. */
export function runAudit(inputs: readonly EngineInput[], options: EngineOptions): EngineResult {
  if (options.packs.length === 0) throw new UsageError('no pack given');
  const packs: Pack[] = options.packs.map(resolvePack);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  for (const s of options.suppressions ?? []) {
    const problem = specProblem(s, id => findRule(id) !== undefined, today);
    if (problem) throw new UsageError(`exemption${s.origin ? ` ${s.origin}` : ''} for "${String(s.ruleId)}": ${problem}`);
  }
  const allowAnnotations = options.allowAnnotationExemptions ?? true;
  const index = new ObjectIndex(inputs.map(i => i.object));
  const complete = options.complete ?? false;
  // A dangling check's finding says an object is not in the input: on partial input that is no fact, so it does not run.
  const judges = (rule: Rule) => complete || rule.related?.check !== RelatedCheck.DANGLING;
  const problems: SuppressionProblem[] = [];
  const usedSpecs = new Set<SuppressionSpec>();
  const findings: EngineFinding[] = [];
  // A rule in several packs runs once, at the newest PSS version asked for.
  const plans = [...packs].sort((a, b) => b.pssMinor - a.pssMinor).map(pack => ({
    context: { pssMinor: pack.pssMinor, index, complete } as RuleContext,
    rulesFor: rulesByKind(pack.rules.filter(judges)),
  }));
  const ran = new Map<string, Rule>();
  for (const plan of plans) for (const rule of plan.rulesFor.all) if (!ran.has(rule.id)) ran.set(rule.id, rule);
  const notJudged = notJudgedRules(packs, judges, inputs);
  const skipped = new Set(notJudged.map(n => n.ruleId));

  for (const input of inputs) {
    const object = input.object;
    let justifications = object.metadata?.annotations ? objectJustifications(object, problems, { findRule, waivedRuleIds }) : [];
    if (!allowAnnotations && justifications.length) {
      for (const j of justifications) {
        problems.push({ ruleId: j.ruleId, reason: j.reason, object: describe(object), origin: j.annotation, problem: 'not applied: annotation exemptions are disallowed; add an entry to the exemptions file' });
      }
      justifications = [];
    }
    const matchedAnnotations = new Set<Justification>();
    // With one pack (the usual case) no rule can come twice.
    const seen = plans.length > 1 ? new Set<string>() : undefined;
    for (const { context, rulesFor } of plans) {
      for (const rule of rulesFor(object.kind ?? '')) {
        if (seen) {
          if (seen.has(rule.id)) continue;
          seen.add(rule.id);
        }
        const violations = rule.check(object, context);
        if (violations.length === 0) continue;
        const own = justifications.filter(j => j.ruleId === rule.id);
        const specs = (options.suppressions ?? []).filter(s => s.ruleId === rule.id && specMatches(s, object));
        const suppressed: Violation[] = [];
        const open: Violation[] = [];
        const records = new Map<string, ExemptionRecord>();
        for (const v of violations) {
          // A container waiver covers the violations inside that container only, as the pod rule attributed them.
          const j = own.find(x => x.container === undefined || x.container === v.container);
          const spec = j ? undefined : specs[0];
          if (j) matchedAnnotations.add(j);
          if (spec) usedSpecs.add(spec);
          const record: ExemptionRecord | undefined = j ? { source: j.source, reason: j.reason, annotation: j.annotation }
            : spec ? {
              source: spec.origin ? 'file' : 'option',
              reason: normalizeJustification(spec.reason),
              ...(spec.origin ? { origin: spec.origin } : {}),
              ...(spec.owner ? { owner: spec.owner } : {}),
              ...(spec.expires ? { expires: spec.expires } : {}),
            }
              : undefined;
          if (record) {
            suppressed.push(v);
            records.set(JSON.stringify(record), record);
          } else {
            open.push(v);
          }
        }
        for (const [list, isSuppressed] of [[open, false], [suppressed, true]] as const) {
          if (list.length === 0) continue;
          findings.push({
            ruleId: rule.id,
            severity: rule.severity,
            message: list.map(v => v.message).join('; '),
            object: { apiVersion: object.apiVersion, kind: object.kind, namespace: object.metadata?.namespace, name: object.metadata?.name },
            ...(input.file ? { file: input.file } : {}),
            ...(input.line ? { line: input.line } : {}),
            ...(input.constructPath ? { constructPath: input.constructPath } : {}),
            paths: list.map(v => v.path),
            references: rule.references,
            suppressed: isSuppressed,
            ...(rule.related && !complete ? { partialView: true } : {}),
            ...(isSuppressed ? { justification: [...new Set([...records.values()].map(r => r.reason))].join('\n'), exemptions: [...records.values()] } : {}),
          });
        }
      }
    }
    for (const j of justifications) {
      // An exemption of a rule that did not run matched nothing because nothing was judged: not a stale exemption.
      if (j.source === 'annotation' && !matchedAnnotations.has(j) && !skipped.has(j.ruleId)) {
        problems.push({ ruleId: j.ruleId, reason: j.reason, object: describe(object), origin: j.annotation, problem: 'it matches no finding' });
      }
    }
  }
  for (const s of options.suppressions ?? []) {
    if (!usedSpecs.has(s) && !skipped.has(s.ruleId)) problems.push({ ruleId: s.ruleId, reason: s.reason, problem: 'it matches no finding', ...(s.origin ? { origin: s.origin } : {}) });
  }

  const open = findings.filter(f => !f.suppressed);
  const bySeverity = Object.fromEntries(SEVERITY_ORDER.map(s => [s, open.filter(f => f.severity === s).length])) as Record<Severity, number>;
  return {
    findings,
    rules: [...ran.values()],
    summary: {
      packs: packs.map(p => p.name),
      objects: inputs.length,
      rules: ran.size,
      findings: open.length,
      suppressed: findings.length - open.length,
      bySeverity,
      unmatchedSuppressions: problems,
      complete,
      notJudged,
    },
  };
}

/** The rules of the packs the engine does not run on this input, each with the number of objects of its kinds there. */
function notJudgedRules(packs: readonly Pack[], judges: (rule: Rule) => boolean, inputs: readonly EngineInput[]): NotJudgedRule[] {
  const rules = new Map<string, Rule>();
  for (const pack of packs) for (const rule of pack.rules) if (!judges(rule) && !rules.has(rule.id)) rules.set(rule.id, rule);
  if (rules.size === 0) return [];
  const byKind = new Map<string, number>();
  for (const i of inputs) byKind.set(i.object.kind ?? '', (byKind.get(i.object.kind ?? '') ?? 0) + 1);
  // A rule with nothing of its kinds in the input would have judged nothing: listing it would only be noise.
  return [...rules.values()].map(rule => ({
    ruleId: rule.id,
    reason: PARTIAL_INPUT_REASON,
    objects: rule.kinds.includes('*') ? inputs.length : rule.kinds.reduce((n, k) => n + (byKind.get(k) ?? 0), 0),
  })).filter(n => n.objects > 0);
}
