import { EngineFinding, EngineResult, SEVERITY_ORDER } from '../engine';
import { Rule } from '../rule';
import { escapeStrings } from './escape';
import { ExemptionRecord } from '../suppressions';

/** Where an exemption came from, as a reviewer reads it. */
export function describeExemption(e: ExemptionRecord): string {
  const where = e.source === 'file' ? `exemptions file ${e.origin}${e.owner ? `, owner ${e.owner}` : ''}${e.expires ? `, expires ${e.expires}` : ''}`
    : e.source === 'option' ? 'audit option in code'
      : `${e.source === 'waiver' ? 'waiver' : 'suppression'} annotation ${e.annotation}`;
  return `${where}: ${e.reason}`;
}

function objectLabel(f: EngineFinding): string {
  const o = f.object;
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name ?? ''}`;
}

/**
 * Every exemption of the audit in one place: each accepted finding with where its exemption came from and why, then
 * every exemption that was not applied. Empty when there are none.
 */
export function formatExemptions(result: EngineResult): string {
  result = { ...result, findings: escapeStrings(result.findings), summary: escapeStrings(result.summary) };
  const out: string[] = [];
  const accepted = result.findings.filter(f => f.suppressed);
  if (accepted.length) out.push(`Exemptions (${accepted.length} accepted finding${accepted.length === 1 ? '' : 's'}):`);
  for (const f of accepted) {
    for (const e of f.exemptions ?? [{ source: 'option', reason: f.justification ?? '' } as ExemptionRecord]) {
      out.push(`  ${f.ruleId}  ${objectLabel(f)}  <- ${describeExemption(e)}`);
    }
  }
  const problems = result.summary.unmatchedSuppressions;
  if (problems.length) out.push(`Exemptions not applied (${problems.length}):`);
  for (const p of problems) {
    out.push(`  ${p.ruleId}${p.object ? `  ${p.object}` : ''}${p.origin ? `  (${p.origin})` : ''}: ${p.problem} (reason: ${JSON.stringify(p.reason)})`);
  }
  return out.length ? out.join('\n') + '\n' : '';
}

/** What the report says under a finding judged with a partial view. */
export const PARTIAL_VIEW_NOTE = 'judged on partial input: an object not in the input may change this verdict';

/**
 * The rules that did not run because the input was not asserted complete (dangling checks), each with the number of
 * objects it would have judged. Empty when every rule ran.
 */
export function formatNotJudged(result: EngineResult): string {
  const list = result.summary.notJudged;
  if (!list.length) return '';
  return [
    `Not judged (${list.length} rule${list.length === 1 ? '' : 's'}): ${list[0].reason}`,
    ...list.map(n => `  ${n.ruleId}  ${n.objects} object${n.objects === 1 ? '' : 's'}${n.reason === list[0].reason ? '' : `: ${n.reason}`}`),
  ].join('\n') + '\n';
}

/** Human-readable report: one block per finding, most severe first, then a summary line. */
export function formatText(result: EngineResult, showSuppressed = true): string {
  // Names, messages and reasons come from the manifests: their control characters must not forge report lines.
  result = { ...result, findings: escapeStrings(result.findings), summary: escapeStrings(result.summary) };
  const rules = new Map<string, Rule>(result.rules.map(r => [r.id, r]));
  const rank = (s: string) => -SEVERITY_ORDER.indexOf(s as never);
  const shown = result.findings.filter(f => showSuppressed || !f.suppressed)
    .sort((a, b) => Number(a.suppressed) - Number(b.suppressed) || rank(a.severity) - rank(b.severity));
  const out: string[] = [];
  for (const f of shown) {
    const o = f.object;
    const where = [f.file && (f.line ? `${f.file}:${f.line}` : f.file), f.constructPath].filter(x => x).join(' ');
    out.push(`${f.suppressed ? 'SUPPRESSED' : f.severity.toUpperCase()}  ${f.ruleId}  ${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name ?? ''}${where ? `  (${where})` : ''}`);
    out.push(`    ${f.message}`);
    out.push(`    at ${f.paths.join(', ')}`);
    if (f.partialView) out.push(`    ${PARTIAL_VIEW_NOTE}`);
    if (f.suppressed) for (const e of f.exemptions ?? []) out.push(`    exempted by ${describeExemption(e)}`);
    else out.push(`    fix: ${rules.get(f.ruleId)?.fix ?? ''}`);
  }
  // Shown even with --hide-suppressed: a reviewer always sees every exception in one place.
  const exemptions = formatExemptions(result);
  if (exemptions) out.push(exemptions.trimEnd());
  const notJudged = formatNotJudged(result);
  if (notJudged) out.push(notJudged.trimEnd());
  const s = result.summary;
  const bySeverity = [...SEVERITY_ORDER].reverse().filter(sev => s.bySeverity[sev]).map(sev => `${s.bySeverity[sev]} ${sev}`).join(', ');
  out.push(`${s.findings} finding${s.findings === 1 ? '' : 's'}${bySeverity ? ` (${bySeverity})` : ''}, ${s.suppressed} suppressed, `
    + `${s.objects} objects, ${s.rules} rules, packs: ${s.packs.join(', ')}`);
  return out.join('\n') + '\n';
}
