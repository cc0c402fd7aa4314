import { EngineResult, SEVERITY_ORDER } from '../engine';
import { Rule } from '../rule';

/** Human-readable report: one block per finding, most severe first, then a summary line. */
export function formatText(result: EngineResult, showSuppressed = true): string {
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
    if (f.suppressed) out.push(`    justification: ${f.justification!.replace(/\n/g, ' | ')}`);
    else out.push(`    fix: ${rules.get(f.ruleId)?.fix ?? ''}`);
  }
  for (const p of result.summary.unmatchedSuppressions) {
    out.push(`UNUSED SUPPRESSION  ${p.ruleId}${p.object ? `  ${p.object}` : ''}: ${p.problem} (reason: ${p.reason})`);
  }
  const s = result.summary;
  const bySeverity = [...SEVERITY_ORDER].reverse().filter(sev => s.bySeverity[sev]).map(sev => `${s.bySeverity[sev]} ${sev}`).join(', ');
  out.push(`${s.findings} finding${s.findings === 1 ? '' : 's'}${bySeverity ? ` (${bySeverity})` : ''}, ${s.suppressed} suppressed, `
    + `${s.objects} objects, ${s.rules} rules, packs: ${s.packs.join(', ')}`);
  return out.join('\n') + '\n';
}
