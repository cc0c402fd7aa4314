/**
 * Exemptions: where a finding may be accepted, by whom, and how every acceptance stays visible.
 *
 * Three sources, one justification rule (src/core/justification.ts):
 * - inline annotations on the object: construct waivers (`[<container>.]waiver.cdk8s-hardening.dev/<kind>`) and
 *   suppressions (`suppress.cdk8s-hardening.dev/<rule-id>`); a platform team can switch these off;
 * - an exemptions file the platform team owns (owner, rule, selector, reason, expiry);
 * - options given in code (`HardeningAudit` suppressions).
 */
import type { AuditExemption, UnmatchedSuppression } from './findings';
import { Manifest, RuleMetadata } from './rule';
import { justificationProblem, normalizeJustification } from '../detectors/justification';
import { CONTAINER_WAIVER_KINDS, parseExemptionKey } from '../manifest/exemption-keys';

/** Which objects an exemption given outside the objects covers. Every field given must match. */
export interface ExemptionSelector {
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  /** Labels the object must carry, with these values. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** An exemption given to the engine rather than written on the object (an exemptions file, or an option in code). */
export interface SuppressionSpec extends ExemptionSelector {
  readonly ruleId: string;
  readonly reason: string;
  /** Who owns the exemption (a team or person); required in exemptions files. */
  readonly owner?: string;
  /** Last day (YYYY-MM-DD, UTC) the exemption applies; required in exemptions files. */
  readonly expires?: string;
  /** Where it was declared, e.g. `platform/exemptions.yaml#3`; undefined for options given in code. */
  readonly origin?: string;
}

/** Where an exemption that covers a finding came from. */
export type ExemptionSource = 'waiver' | 'annotation' | 'file' | 'option';

/** One acceptance of a finding, as every report shows it: the public `AuditExemption`, its source typed. */
export interface ExemptionRecord extends AuditExemption {
  readonly source: ExemptionSource;
}

// A container waiver's key must name the container: a key without one would otherwise reach every container of the
// pod (and an annotation from before container keys, "container main: …", would widen to sidecars).
const CONTAINER_WAIVERS = new Set(CONTAINER_WAIVER_KINDS);

/** One reason written on an object that a finding is accepted, and how far it reaches. */
export interface Justification {
  readonly ruleId: string;
  readonly reason: string;
  /** The container it covers (a container waiver); undefined covers the whole object. */
  readonly container?: string;
  readonly source: 'annotation' | 'waiver';
  /** The annotation key it was read from. */
  readonly annotation: string;
}

/** An exemption that could not be applied, or that matched nothing (the public `UnmatchedSuppression`). */
export type SuppressionProblem = UnmatchedSuppression;

/** What the engine needs to know about a rule to apply exemptions to it. */
export type ExemptibleRule = Pick<RuleMetadata, 'id' | 'inlineExemptions' | 'waivedBy'>;

/** The rules that each waiver kind exempts, read from their `waivedBy`, in the order of `rules`. */
export function waiverTable(rules: readonly ExemptibleRule[]): (kind: string) => readonly string[] {
  const table = new Map<string, string[]>();
  for (const rule of rules) {
    for (const kind of rule.waivedBy ?? []) {
      const ids = table.get(kind);
      if (ids) ids.push(rule.id);
      else table.set(kind, [rule.id]);
    }
  }
  return kind => table.get(kind) ?? [];
}

/** How exemptions find the rules they name. */
export interface RuleLookup {
  findRule(id: string): ExemptibleRule | undefined;
  /** The rules a waiver kind exempts. */
  waivedRuleIds(kind: string): readonly string[];
}

/**
 * The justifications written on an object: its suppression annotations and its construct waivers. An annotation whose
 * reason fails the justification rule, or that names no rule, exempts nothing and is reported.
 */
export function objectJustifications(object: Manifest, problems: SuppressionProblem[], rules: RuleLookup): Justification[] {
  const { findRule, waivedRuleIds } = rules;
  const out: Justification[] = [];
  for (const [key, value] of Object.entries(object.metadata?.annotations ?? {})) {
    const parsed = parseExemptionKey(key);
    if (!parsed) continue;
    const waived = parsed.type === 'waiver' ? waivedRuleIds(parsed.name) : [];
    const ruleIds = parsed.type === 'suppression' ? [parsed.name]
      // A waiver no rule declares, but named by a rule id, covers that rule (as an RBAC acknowledgement names its risk).
      : waived.length ? waived : findRule(parsed.name) ? [parsed.name] : [];
    if (parsed.type === 'suppression' && !findRule(parsed.name)) {
      problems.push({ ruleId: parsed.name, reason: String(value), object: describe(object), problem: 'no rule has this id', origin: key });
      continue;
    }
    // A waiver that no rule reports (a record such as rbac-cluster-scope) has nothing to exempt.
    if (ruleIds.length === 0) continue;
    const problem = justificationProblem(value)
      ?? (parsed.type === 'waiver' && parsed.container === undefined && CONTAINER_WAIVERS.has(parsed.name)
        ? `a ${parsed.name} waiver applies to one container and must name it in the key (<container>.waiver.cdk8s-hardening.dev/${parsed.name})` : undefined);
    if (problem) {
      for (const ruleId of ruleIds) problems.push({ ruleId, reason: String(value), object: describe(object), problem: `not applied: ${problem}`, origin: key });
      continue;
    }
    for (const ruleId of ruleIds) {
      const rule = findRule(ruleId);
      if (!rule) continue;
      if (rule.inlineExemptions === false) {
        problems.push({
          ruleId,
          reason: value,
          object: describe(object),
          origin: key,
          problem: 'not applied: this rule cannot be exempted by an annotation; only an exemptions file owned by the platform team can accept it',
        });
        continue;
      }
      out.push({
        ruleId,
        reason: normalizeJustification(value),
        source: parsed.type === 'suppression' ? 'annotation' : 'waiver',
        annotation: key,
        ...(parsed.container !== undefined ? { container: parsed.container } : {}),
      });
    }
  }
  return out;
}

/**
 * Refuses an exemption given outside the objects that the engine could not apply honestly: unknown rule, a reason
 * that fails the justification rule, a malformed or past expiry date. Returns the problem, or undefined.
 */
export function specProblem(spec: SuppressionSpec, knownRule: (id: string) => boolean, today: string): string | undefined {
  if (typeof spec.ruleId !== 'string' || !knownRule(spec.ruleId)) return `no rule has the id "${String(spec.ruleId)}"`;
  const why = justificationProblem(spec.reason);
  if (why) return `reason: ${why}`;
  if (spec.owner !== undefined && (typeof spec.owner !== 'string' || spec.owner.trim() === '')) return 'owner must name a team or person';
  if (spec.expires !== undefined) {
    if (typeof spec.expires !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(spec.expires) || Number.isNaN(Date.parse(`${spec.expires}T00:00:00Z`))) {
      return `expires must be a date YYYY-MM-DD, not ${JSON.stringify(spec.expires)}`;
    }
    if (spec.expires < today) return `it expired on ${spec.expires}: renew it with a new review, or fix the finding`;
  }
  return undefined;
}

/** Whether an exemption given outside the objects applies to an object. */
export function specMatches(spec: SuppressionSpec, object: Manifest): boolean {
  return (spec.kind === undefined || spec.kind === object.kind)
    && (spec.namespace === undefined || spec.namespace === object.metadata?.namespace)
    && (spec.name === undefined || spec.name === object.metadata?.name)
    && Object.entries(spec.labels ?? {}).every(([k, v]) => object.metadata?.labels?.[k] === v);
}

/** `Kind namespace/name`, as reports name objects. */
export function describe(object: Manifest): string {
  const ns = object.metadata?.namespace;
  return `${object.kind ?? '?'} ${ns ? `${ns}/` : ''}${object.metadata?.name ?? '?'}`;
}
