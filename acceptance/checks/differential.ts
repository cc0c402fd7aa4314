/**
 * Differential run: the library's rule engine and each installed checker judge the same generated manifests, and
 * their verdicts are compared per (rule, check) pair wherever the rule references the check and the tool ran it on
 * the object. A reference's relation says which differences are allowed: EQUIVALENT none, STRICTER the rule firing
 * where the check passes, NARROWER the check failing where the rule passes; RELATED pairs are reported, not compared.
 * Any other difference fails the run with the objects that show it.
 *
 * The corpus: DIFFERENTIAL_CASES generated cases (acceptance/lib/arbitraries.ts) from DIFFERENTIAL_SEED, a typical
 * Helm chart's objects, and the judged examples' synthesized objects, one object per file in one folder, each tool
 * scanning the folder once (every case is in a namespace of its own, so cross-object checks stay within a case).
 */
import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { checkovVerdicts, kubeScoreVerdicts, normalizeCheck, trivyVerdicts, Verdict } from './scanners';
import { EngineFinding, runAudit } from '../../src/rules/engine';
import { resolvePack } from '../../src/rules/packs';
import { ReferenceRelation } from '../../src/rules/rule';
import { generateCases, typicalChart } from '../lib/arbitraries';
import { Synthesized } from '../lib/examples';
import { Manifest } from '../lib/kube';
import { Ledger } from '../lib/results';
import { Tool } from '../lib/tools';

const G = 'differential';

/** The CI default: with checkov's import this part takes about 2 minutes on 2 cores (measured, see docs/acceptance.md). */
export const DEFAULT_CASES = 60;

/** A known disagreement not yet resolved, by (tool, rule, check, direction). */
interface OpenDisagreement { readonly tool: string; readonly ruleId: string; readonly check: string; readonly way: string }
// eslint-disable-next-line @typescript-eslint/no-require-imports
const OPEN: readonly OpenDisagreement[] = require('./open-disagreements.json');
export const DEFAULT_SEED = 16;

export interface Corpus {
  readonly dir: string;
  readonly files: string[];
  readonly objects: Manifest[];
  readonly cases: number;
  readonly seed: number;
}

const keyOf = (kind: string, namespace: string | undefined, name: string) => `${kind}/${namespace ? `${namespace}/` : ''}${name}`;
const keyOfObject = (o: Manifest) => keyOf(o.kind, o.metadata.namespace, o.metadata.name ?? '');

/** Writes the corpus, one object per file (trivy reports a passed check per file, so a file must name its object). */
export function writeCorpus(dir: string, examples: readonly Synthesized[], seed: number, cases: number): Corpus {
  fs.mkdirSync(dir, { recursive: true });
  const generated = generateCases(seed, cases);
  const all = [...generated.flat(), ...typicalChart(cases), ...examples.filter(e => e.judged).flatMap(e => e.objects)];
  // One object per identity: two examples may both emit, say, the same Namespace; a tool would judge them as one.
  const seen = new Set<string>();
  const objects = all.filter(o => !seen.has(keyOfObject(o)) && !!seen.add(keyOfObject(o)));
  const files = objects.map((o, i) => {
    const file = path.join(dir, `${String(i).padStart(4, '0')}-${o.kind.toLowerCase()}.yaml`);
    fs.writeFileSync(file, stringify(o));
    return file;
  });
  return { dir, files, objects, cases, seed };
}

/** Finds the corpus object a tool or the engine names (tools write a cluster-scoped object's namespace as `default` or not at all). */
function resolver(objects: readonly Manifest[]) {
  const byKindName = new Map<string, Manifest[]>();
  for (const o of objects) {
    const k = `${o.kind}/${o.metadata.name}`;
    byKindName.set(k, [...(byKindName.get(k) ?? []), o]);
  }
  return (kind: string, namespace: string | undefined, name: string): Manifest | undefined => {
    const found = byKindName.get(`${kind}/${name}`) ?? [];
    return found.length === 1 ? found[0] : found.find(o => (o.metadata.namespace ?? 'default') === (namespace ?? 'default'));
  };
}

export interface Disagreement {
  readonly ruleId: string;
  readonly check: string;
  readonly relation: ReferenceRelation;
  /** `rule fires, check passes` or `check fails, rule passes`. */
  readonly way: string;
  readonly objects: string[];
  readonly excerpt: string;
}

export interface ToolAgreement {
  readonly tool: string;
  readonly version: string;
  /** (rule, check) pairs compared on at least one object, by relation (RELATED: reported only). */
  readonly pairs: number;
  /** Referenced checks the tool never ran on an object the rule looks at. */
  readonly notRun: string[];
  /** Verdicts compared (pair × object), outside RELATED pairs. */
  readonly compared: number;
  readonly agreeing: number;
  /** Differences the relation allows. */
  readonly allowed: number;
  readonly disagreements: Disagreement[];
  /** RELATED pairs: verdicts compared and agreeing, for the record. */
  readonly related: { readonly compared: number; readonly agreeing: number };
  readonly error?: string;
}

export interface DifferentialReport {
  readonly seed: number;
  readonly cases: number;
  readonly objects: number;
  readonly seconds: number;
  readonly tools: ToolAgreement[];
}

/** A short YAML excerpt of the object, for a disagreement's example (the pod spec of a workload, else the object). */
function excerpt(o: Manifest): string {
  const spec = o.spec?.jobTemplate?.spec?.template?.spec ?? o.spec?.template?.spec ?? (o.kind === 'Pod' ? o.spec : undefined);
  const shown = spec ? { kind: o.kind, name: o.metadata.name, replicas: o.spec?.replicas, podSpec: spec } : { ...o, metadata: { name: o.metadata.name, namespace: o.metadata.namespace } };
  const lines = stringify(shown).split('\n');
  return lines.slice(0, 40).join('\n') + (lines.length > 40 ? '\n…' : '');
}

/** Compares the engine's findings with one tool's verdicts on the corpus. */
export function compare(tool: Tool, corpus: Corpus, findings: readonly EngineFinding[], verdicts: readonly Verdict[]): ToolAgreement {
  const find = resolver(corpus.objects);
  // check -> object key -> failed (a tool may report one check several times on an object, per container: any failure fails it).
  const byCheck = new Map<string, Map<string, boolean>>();
  for (const v of verdicts) {
    if (v.outcome === 'skipped') continue;
    const o = find(v.kind, v.namespace, v.name);
    if (!o) continue;
    const check = normalizeCheck(v.check);
    const m = byCheck.get(check) ?? new Map<string, boolean>();
    byCheck.set(check, m);
    m.set(keyOfObject(o), (m.get(keyOfObject(o)) ?? false) || v.outcome === 'failed');
  }
  const fired = new Set<string>();
  for (const f of findings) {
    const o = find(f.object.kind ?? '', f.object.namespace, f.object.name ?? '');
    if (o) fired.add(`${f.ruleId} ${keyOfObject(o)}`);
  }
  const byKey = new Map(corpus.objects.map(o => [keyOfObject(o), o]));
  let pairs = 0; let compared = 0; let agreeing = 0; let allowed = 0;
  const related = { compared: 0, agreeing: 0 };
  const notRun: string[] = [];
  const disagreements: Disagreement[] = [];
  for (const rule of resolvePack('all').rules) {
    for (const ref of rule.references.filter(r => r.framework === tool.name)) {
      const looksAt = (o: Manifest) => rule.kinds.includes('*') || rule.kinds.includes(o.kind);
      const judged = [...(byCheck.get(normalizeCheck(ref.id)) ?? new Map<string, boolean>())].filter(([k]) => looksAt(byKey.get(k)!));
      if (!judged.length) { notRun.push(`${rule.id} → ${ref.id}`); continue; }
      pairs++;
      const ways = new Map<string, string[]>();
      for (const [k, failed] of judged) {
        const fires = fired.has(`${rule.id} ${k}`);
        if (ref.relation === ReferenceRelation.RELATED) { related.compared++; if (fires === failed) related.agreeing++; continue; }
        compared++;
        if (fires === failed) { agreeing++; continue; }
        const ok = fires ? ref.relation === ReferenceRelation.STRICTER : ref.relation === ReferenceRelation.NARROWER;
        if (ok) { allowed++; continue; }
        const way = fires ? 'rule fires, check passes' : 'check fails, rule passes';
        ways.set(way, [...(ways.get(way) ?? []), k]);
      }
      for (const [way, objects] of ways) {
        disagreements.push({ ruleId: rule.id, check: ref.id, relation: ref.relation, way, objects, excerpt: excerpt(byKey.get(objects[0])!) });
      }
    }
  }
  return { tool: tool.name, version: tool.version, pairs, notRun, compared, agreeing, allowed, disagreements, related };
}

const percent = (a: number, n: number) => (n ? `${((100 * a) / n).toFixed(1)}%` : 'n/a');

/** One line of figures for a tool, the same in the console and the report. */
export function figures(a: ToolAgreement): string {
  return `${a.pairs} (rule, check) pairs, ${a.compared} verdicts compared, ${percent(a.agreeing, a.compared)} agreeing`
    + ` (${a.allowed} allowed by the declared relation, ${a.disagreements.reduce((n, d) => n + d.objects.length, 0)} not);`
    + ` related pairs: ${a.related.compared} verdicts, ${percent(a.related.agreeing, a.related.compared)} agreeing`;
}

/** The differential part of the run: writes the corpus, runs the engine and each available tool, records one check per tool. */
export function differential(ledger: Ledger, dir: string, examples: readonly Synthesized[], t: { kubeScore: Tool; checkov: Tool; trivy: Tool }): DifferentialReport {
  const t0 = Date.now();
  const seed = Number(process.env.DIFFERENTIAL_SEED ?? DEFAULT_SEED);
  const cases = Number(process.env.DIFFERENTIAL_CASES ?? DEFAULT_CASES);
  const corpus = writeCorpus(dir, examples, seed, cases);
  // The corpus is the whole of its namespaces, as the tools see it, so the engine's dangling checks run too.
  const findings = runAudit(corpus.objects.map(object => ({ object })), { packs: ['all'], complete: true }).findings;
  const runs: [Tool, () => Verdict[]][] = [
    [t.kubeScore, () => kubeScoreVerdicts(t.kubeScore, corpus.files)],
    [t.checkov, () => checkovVerdicts(t.checkov, [dir]).get(dir)!],
    [t.trivy, () => trivyVerdicts(t.trivy, dir, corpus.objects)],
  ];
  const results: ToolAgreement[] = [];
  for (const [tool, verdictsOf] of runs) {
    const name = `${tool.name} ${tool.version} and the rule engine agree on ${corpus.objects.length} objects (seed ${seed}, ${cases} generated cases) wherever a rule references its check`;
    if (!tool.bin) { ledger.unavailable(G, name, `${tool.name} not installed; run scripts/acceptance/setup.sh`); continue; }
    const t1 = Date.now();
    let a: ToolAgreement;
    try {
      a = compare(tool, corpus, findings, verdictsOf());
    } catch (e) {
      a = { tool: tool.name, version: tool.version, pairs: 0, notRun: [], compared: 0, agreeing: 0, allowed: 0, disagreements: [], related: { compared: 0, agreeing: 0 }, error: String(e).slice(0, 500) };
    }
    results.push(a);
    console.log(`acceptance: differential ${tool.name}: ${figures(a)} (${((Date.now() - t1) / 1000).toFixed(0)} s)`);
    // Open disagreements are data (open-disagreements.json): each listed one is a known, not yet resolved difference
    // (a rule to fix or a relation to declare), shown in the report. Any other disagreement fails, and so does a listed
    // one that no longer occurs on the default corpus, so the list can only shrink with the work it stands for.
    const listed = OPEN.filter(o => o.tool === tool.name);
    const isListed = (d: Disagreement) => listed.some(o => o.ruleId === d.ruleId && o.check === d.check && o.way === d.way);
    const defaultCorpus = seed === DEFAULT_SEED && cases === DEFAULT_CASES;
    const stale = defaultCorpus ? listed.filter(o => !a.disagreements.some(d => d.ruleId === o.ruleId && d.check === o.check && d.way === o.way)) : [];
    ledger.check(G, name, [
      ...(a.error ? [a.error] : []),
      ...a.disagreements.filter(d => !isListed(d)).map(d => `${d.ruleId} vs ${d.check} (${d.relation}): ${d.way} on ${d.objects.length} objects, e.g. ${d.objects.slice(0, 3).join(', ')}\n${d.excerpt}`),
      ...stale.map(o => `${o.ruleId} vs ${o.check}: "${o.way}" is listed in acceptance/checks/open-disagreements.json but no longer occurs: remove it`),
    ], `${figures(a)}; ${a.disagreements.filter(isListed).length} listed open disagreements (acceptance/checks/open-disagreements.json)`);
  }
  // DIFFERENTIAL_RECORD_OPEN=1 writes this run's disagreements as the open list (a reviewed change: the diff shows each added one).
  if (process.env.DIFFERENTIAL_RECORD_OPEN === '1') {
    // Sorted, so that re-recording an unchanged set leaves the file unchanged and a review diff shows only real changes.
    const key = (o: OpenDisagreement) => [o.tool, o.ruleId, o.check, o.way].join('\u0000');
    const open = results.flatMap(a => a.disagreements.map(d => ({ tool: a.tool, ruleId: d.ruleId, check: d.check, way: d.way })))
      .sort((x, y) => key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0);
    fs.writeFileSync(path.join(__dirname, 'open-disagreements.json'), `${JSON.stringify(open, undefined, 1)}\n`);
  }
  return { seed, cases, objects: corpus.objects.length, seconds: Math.round((Date.now() - t0) / 1000), tools: results };
}
