/**
 * The field's own checkers, as installed binaries, over every example's synthesized output. A finding passes only
 * when it is a deliberate, documented difference (DELIBERATE below, with the reason) or the library's own engine
 * exempts the same object from a rule that names that tool's check as a cross-reference (a waiver or suppression
 * with its justification); anything else fails the run.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { LineCounter, parseAllDocuments } from 'yaml';
import { containersOf, podTemplateOf } from '../../src/manifest/pod-spec';
import { EngineFinding, runAudit } from '../../src/rules/engine';
import { NOT_HARDENED, resolvePack } from '../../src/rules/packs';
import { Manifest as RuleManifest } from '../../src/rules/rule';
import { parseImageRef } from '../../src/rules/workload/containers';
import { Synthesized } from '../lib/examples';
import { Kube, Manifest } from '../lib/kube';
import { Ledger } from '../lib/results';
import { Tool } from '../lib/tools';

const G = 'scanner';

export interface Finding {
  readonly tool: string;
  readonly check: string;
  readonly object: string;
  readonly message: string;
  /** Why it is accepted (a deliberate difference or the object's waiver); undefined: an open finding. */
  readonly exemption?: string;
}

export interface ScanReport {
  readonly tool: string;
  readonly version: string;
  readonly example: string;
  readonly judged: boolean;
  readonly checksRun: string[];
  readonly findings: Finding[];
  readonly error?: string;
}

/** A check where the library deliberately differs from a tool's opinion, on the objects where the reason holds. */
export interface Deliberate {
  readonly reason: string;
  /** The objects it covers, said the way the report shows it; `covers` must hold for each finding it exempts. */
  readonly scope: string;
  covers(object: Manifest | undefined, example: Synthesized): boolean;
}

// The rule engine's own reading of a pod-bearing object (the same kinds and paths the rules use).
const podOf = (o: Manifest | undefined) => (o ? podTemplateOf(o as RuleManifest) : undefined);
const podSpecOf = (o: Manifest | undefined): any => podOf(o)?.spec;
const hostSpread = (o: Manifest | undefined) => (podSpecOf(o)?.topologySpreadConstraints ?? [])
  .some((t: any) => t.topologyKey === 'kubernetes.io/hostname' && t.whenUnsatisfiable === 'DoNotSchedule' && t.maxSkew === 1
    && JSON.stringify(t.labelSelector?.matchLabels) === JSON.stringify(o?.spec?.selector?.matchLabels));
const containersIn = (o: Manifest | undefined): any[] => { const pod = podOf(o); return pod ? containersOf(pod).map(c => c.container) : []; };
const notHardened = (ruleId: string) => NOT_HARDENED.find(n => n.ruleId === ruleId)!.reason;

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding',
  'ClusterPolicy', 'ClusterImagePolicy', 'CustomResourceDefinition', 'ClusterSecretStore', 'PriorityClass', 'StorageClass']);

/** trivy judges each object alone: every object of a namespace is flagged unless it is itself the LimitRange/ResourceQuota. */
function namespaceHas(kind: string, what: string): Deliberate {
  return {
    reason: `every IsolatedNamespace has ${what}; trivy's check looks at each object alone and flags every object that is not one`,
    scope: `namespaced objects whose namespace has a ${kind} in the same example, and cluster-scoped objects (no ${kind} applies to them)`,
    covers: (o, e) => !!o && (CLUSTER_SCOPED.has(o.kind) && !o.metadata.namespace
      || e.objects.some(x => x.kind === kind && x.metadata.namespace === o.metadata.namespace)),
  };
}

/** IsolatedNamespace team access: people (not workloads) edit their namespace's workloads, as the built-in edit role allows. */
const TEAM_ROLE: Deliberate = {
  reason: 'IsolatedNamespace team access binds people, never workloads, to team-admin/team-editor Roles that manage the workloads, '
    + 'configuration and networking of that one namespace, as Kubernetes\' built-in admin/edit roles do; each carries the library\'s rbac waivers with that reason',
  scope: 'namespaced Roles named team-admin or team-editor that carry waiver.cdk8s-hardening.dev/rbac-* annotations',
  covers: o => o?.kind === 'Role' && ['team-admin', 'team-editor'].includes(o.metadata.name ?? '')
    && Object.keys(o.metadata.annotations ?? {}).some(k => k.startsWith('waiver.cdk8s-hardening.dev/rbac-')),
};

const HOST_SPREAD: Deliberate = {
  reason: 'replicas are spread over nodes by a topologySpreadConstraint on kubernetes.io/hostname with maxSkew 1 and DoNotSchedule, '
    + 'which is stronger than the preferred podAntiAffinity this check looks for; kube-score does not read topologySpreadConstraints',
  scope: 'workloads whose pod template has that constraint, selecting the workload\'s own pods',
  covers: hostSpread,
};

/**
 * Checks where the library deliberately differs from a tool's default opinion, per tool and check id, with the
 * reason and the objects it covers. Kept short on purpose: each entry is a claim a reviewer can argue with.
 */
export const DELIBERATE: Readonly<Record<string, Readonly<Record<string, Deliberate>>>> = {
  'kube-score': {
    'deployment-has-host-podantiaffinity': HOST_SPREAD,
    'statefulset-has-host-podantiaffinity': HOST_SPREAD,
    'pod-probes-identical': {
      reason: 'the probes derived from a port are TCP connects to it, readiness every 10 s and liveness every 20 s; a TCP connect tests '
        + 'no dependency, so the restart cascade this check guards against (a dependency outage failing both) does not arise; '
        + 'kube-score compares only the port',
      scope: 'containers whose readiness and liveness probes are both tcpSocket probes with different periods',
      covers: o => (podSpecOf(o)?.containers ?? []).every((c: any) => !c.readinessProbe?.tcpSocket || !c.livenessProbe
        || (c.livenessProbe.tcpSocket && c.livenessProbe.periodSeconds !== c.readinessProbe.periodSeconds)),
    },
  },
  'checkov': {
    CKV_K8S_43: {
      reason: `the library's own position (the \`hardened\` pack leaves container-image-digest out): ${notHardened('container-image-digest')}; `
        + 'the migration example keeps the version tags of the cdk8s-plus app it migrates, the other examples pin digests',
      scope: 'workloads whose every image has a version tag other than latest (and no digest)',
      covers: o => { const cs = containersIn(o); return cs.length > 0 && cs.every(c => { const ref = parseImageRef(String(c.image)); return !ref.problem && !!ref.tag && ref.tag !== 'latest'; }); },
    },
  },
  'kubeconform': {},
  'trivy': {
    'KSV-0039': namespaceHas('LimitRange', 'a LimitRange with default requests and limits'),
    'KSV-0040': namespaceHas('ResourceQuota', 'a ResourceQuota with hard CPU and memory limits'),
    'KSV-0036': {
      reason: 'a pod that calls the API mounts a projected ServiceAccount token volume (audience-bound, expiring) and keeps '
        + 'automountServiceAccountToken false; trivy flags any token mount, the library\'s pod-automount-service-account-token rule only the automatic one',
      scope: 'pods with automountServiceAccountToken false and a projected serviceAccountToken volume with expirationSeconds',
      covers: o => podSpecOf(o)?.automountServiceAccountToken === false
        && (podSpecOf(o)?.volumes ?? []).some((v: any) => v.projected?.sources?.some((x: any) => x.serviceAccountToken?.expirationSeconds)),
    },
    'KSV-0125': {
      reason: 'trivy trusts only a built-in list of public registries; the examples\' images are placeholders under registry.example.com '
        + '(a user sets trivy\'s trusted registries to their own registry)',
      scope: 'workloads whose every image is under registry.example.com',
      covers: o => { const cs = containersIn(o); return cs.length > 0 && cs.every(c => String(c.image).startsWith('registry.example.com/')); },
    },
    'KSV-0048': TEAM_ROLE,
    'KSV-0049': TEAM_ROLE,
    'KSV-0056': TEAM_ROLE,
  },
};

interface RawFinding {
  check: string;
  kind: string;
  namespace?: string;
  name: string;
  message: string;
  /** The tool skipped it through its own exemption mechanism (an annotation the library wrote), with this reason. */
  skippedBecause?: string;
}

/** Tools write some check ids differently from the rule references (trivy: `KSV014` for `KSV-0014`). */
export const normalizeCheck = (id: string) => id.toUpperCase().replace(/^(KSV|AVD-KSV)-?0*(\d+)$/, 'KSV$2');

const engineFindings = new WeakMap<Synthesized, EngineFinding[]>();

/** The library engine's findings on the example (every rule, exempted ones included), computed once per example. */
function engineFindingsOf(e: Synthesized): EngineFinding[] {
  let found = engineFindings.get(e);
  if (!found) {
    // The checkers judge each example's output as the whole of its namespaces (their dangling checks run on it), and
    // so does the engine here: each example is the whole app, deploying into namespaces of its own.
    found = runAudit(e.objects.map(object => ({ object })), { packs: ['all'], complete: true }).findings;
    engineFindings.set(e, found);
  }
  return found;
}

const ALL_RULES = resolvePack('all').rules;
const claims = (tool: string, check: string) => (ref: { framework: string; id: string }) =>
  ref.framework === tool && normalizeCheck(ref.id) === normalizeCheck(check);
const onObject = (raw: RawFinding) => (f: EngineFinding) => f.object.kind === raw.kind && f.object.name === raw.name
  && (raw.namespace === undefined || (f.object.namespace ?? 'default') === raw.namespace);

function exemptionFor(tool: string, raw: RawFinding, e: Synthesized): string | undefined {
  const object = e.objects.find(o => o.kind === raw.kind && o.metadata.name === raw.name
    && (raw.namespace === undefined || (o.metadata.namespace ?? 'default') === raw.namespace));
  const deliberate = DELIBERATE[tool]?.[raw.check];
  if (deliberate?.covers(object, e)) return 'deliberate difference (see the table of deliberate differences)';
  // Only the exemption of a rule that claims this very check, on this very object, covers the tool's finding.
  const covering = engineFindingsOf(e).filter(f => f.suppressed && onObject(raw)(f) && f.references.some(claims(tool, raw.check)));
  if (!covering.length) return undefined;
  return [...new Set(covering.map(f => `library exemption of ${f.ruleId}: ${f.justification ?? ''}`))].join('; ');
}

function toFindings(tool: string, raws: RawFinding[], e: Synthesized): Finding[] {
  return raws.map(r => {
    const object = `${r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name}`;
    const library = exemptionFor(tool, r, e);
    if (r.skippedBecause === undefined) return { tool, check: r.check, object, message: r.message, exemption: library };
    // Skipped through the tool's own annotation: that holds where the library's engine exempts the same check on the
    // same object (the annotation follows from a waiver), or where the tool's skip reaches further than the annotation
    // names (kube-score's container-resources also skips its ephemeral-storage check) and the library's rules for that
    // check find nothing on the object, so the skip hides nothing. Anything else is an open finding.
    if (library) return { tool, check: r.check, object, message: r.message, exemption: `skipped by ${tool}'s own annotation (${r.skippedBecause}); ${library}` };
    const judging = ALL_RULES.filter(rule => rule.references.some(claims(tool, r.check))).map(rule => rule.id);
    const reported = engineFindingsOf(e).some(f => onObject(r)(f) && f.references.some(claims(tool, r.check)));
    return judging.length && !reported
      ? {
        tool,
        check: r.check,
        object,
        message: r.message,
        exemption: `skipped by ${tool} beyond its annotation (${r.skippedBecause}); the library's ${judging.join(', ')} find nothing on it`,
      }
      : { tool, check: r.check, object, message: `skipped by ${tool}'s own annotation (${r.skippedBecause}), but no library exemption justifies it` };
  });
}

function run(bin: string, args: string[], env: NodeJS.ProcessEnv = {}): { stdout: string; stderr: string; status: number } {
  const r = spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...env }, timeout: 15 * 60_000 });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
}

/**
 * One tool's verdict of one check on one object, as the tool reported it: every check it ran (passed ones included),
 * so that the differential run (checks/differential.ts) can compare a pass as well as a failure.
 */
export interface Verdict {
  readonly check: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly outcome: 'passed' | 'failed' | 'skipped';
  readonly message: string;
  /** For `skipped`: the tool skipped it through its own exemption mechanism, with this reason. */
  readonly skippedBecause?: string;
}

const asRaw = (v: Verdict): RawFinding => ({
  check: v.check,
  kind: v.kind,
  namespace: v.namespace,
  name: v.name,
  message: v.message,
  ...(v.outcome === 'skipped' ? { skippedBecause: v.skippedBecause ?? '' } : {}),
});
const checksOf = (vs: readonly Verdict[]) => [...new Set(vs.filter(v => v.outcome !== 'skipped').map(v => v.check))].sort();

/** kube-score's verdicts on the objects of `files` (one scan: its cross-object checks see all of them). */
export function kubeScoreVerdicts(t: Tool, files: readonly string[]): Verdict[] {
  const r = run(t.bin!, ['score', '--output-format', 'json', ...files]);
  const parsed = JSON.parse(r.stdout);
  const out: Verdict[] = [];
  for (const obj of parsed) {
    const at = { kind: obj.type_meta?.kind, namespace: obj.object_meta?.namespace, name: obj.object_meta?.name };
    for (const c of obj.checks ?? []) {
      // Optional checks, off unless asked for, are reported as "ignored" too; only a default check skipped this way was
      // skipped by an annotation.
      const ignored = c.skipped && !c.check.optional && (c.comments ?? []).some((m: any) => / is ignored$/.test(m.summary ?? ''));
      if (ignored) {
        out.push({ check: c.check.id, ...at, outcome: 'skipped', message: c.check.name, skippedBecause: 'kube-score/ignore' });
        continue;
      }
      if (c.skipped) continue;
      // Grades: 10 OK, 7 almost OK, 5 warning, 1 critical.
      out.push({
        check: c.check.id,
        ...at,
        outcome: c.grade < 10 ? 'failed' : 'passed',
        message: (c.comments ?? []).map((m: any) => `${m.path ? `${m.path}: ` : ''}${m.summary}`).join('; ') || c.check.name,
      });
    }
  }
  return out;
}

export function kubeScore(t: Tool, e: Synthesized): ScanReport {
  const verdicts = kubeScoreVerdicts(t, e.files);
  return {
    tool: t.name,
    version: t.version,
    example: e.name,
    judged: e.judged,
    checksRun: checksOf(verdicts),
    findings: toFindings(t.name, verdicts.filter(v => v.outcome !== 'passed').map(asRaw), e),
  };
}

/**
 * Checkov over every example, each folder its own scan, in one Python process (scripts/acceptance/checkov-each.py):
 * most of a checkov run is importing its checks. One scan over all the folders would be faster still but wrong: its
 * graph checks would let one example's objects answer for another's.
 */
export function checkov(t: Tool, examples: readonly Synthesized[]): ScanReport[] {
  const byFolder = checkovVerdicts(t, examples.map(e => e.dir));
  return examples.map(e => {
    const verdicts = byFolder.get(e.dir)!;
    // Checkov's skipped checks ran (and were suppressed), so they count among the checks run.
    return {
      tool: t.name,
      version: t.version,
      example: e.name,
      judged: e.judged,
      checksRun: [...new Set(verdicts.map(v => v.check))].sort(),
      findings: toFindings(t.name, verdicts.filter(v => v.outcome !== 'passed').map(asRaw), e),
    };
  });
}

/** Checkov's verdicts on each folder, each folder its own scan (see `checkov`). */
export function checkovVerdicts(t: Tool, dirs: readonly string[]): Map<string, Verdict[]> {
  const script = path.join(__dirname, '..', '..', 'scripts', 'acceptance', 'checkov-each.py');
  const r = run(t.bin!, [script, ...dirs], { BC_SKIP_MAPPING: 'TRUE', CHECKOV_SKIP_UPDATE_CHECK: 'true', LOG_LEVEL: 'ERROR' });
  if (r.status !== 0) throw new Error(`checkov exited ${r.status}: ${r.stderr.slice(-500)}`);
  const byFolder = JSON.parse(r.stdout);
  return new Map(dirs.map(dir => {
    if (!byFolder[dir]) throw new Error(`checkov printed no report for ${dir}`);
    return [dir, checkovReportVerdicts(byFolder[dir])];
  }));
}

function checkovReportVerdicts(parsed: any): Verdict[] {
  const reports = Array.isArray(parsed) ? parsed : [parsed];
  const out: Verdict[] = [];
  for (const rep of reports) {
    const results = (key: string): any[] => rep.results?.[key] ?? [];
    for (const [key, outcome] of [['passed_checks', 'passed'], ['failed_checks', 'failed'], ['skipped_checks', 'skipped']] as const) {
      for (const c of results(key)) {
        // Checkov names a resource `Kind.namespace.name`.
        const [kind, namespace, ...rest] = String(c.resource).split('.');
        out.push({
          check: c.check_id,
          kind,
          namespace,
          name: rest.join('.'),
          outcome,
          message: c.check_name,
          ...(outcome === 'skipped' ? { skippedBecause: String(c.check_result?.suppress_comment ?? '') } : {}),
        });
      }
    }
  }
  return out;
}

/** Each YAML document of a synthesized file with its first and last line (1-based), as trivy reports a cause by its lines. */
function documentLines(file: string): { first: number; last: number; object: Manifest }[] {
  const counter = new LineCounter();
  return parseAllDocuments(fs.readFileSync(file, 'utf8'), { lineCounter: counter })
    .map(doc => ({ first: counter.linePos(doc.range[0]).line, last: counter.linePos(doc.range[2]).line, object: doc.toJSON() }));
}

/**
 * Trivy's verdicts on the objects of folder `dir` (`objects`: what it holds). A failure names its object by the
 * message or its lines; a pass names none, so it is given the object of its file when the file holds exactly one.
 */
export function trivyVerdicts(t: Tool, dir: string, objects: readonly Manifest[]): Verdict[] {
  // The checks bundle is embedded in the binary; --skip-check-update keeps trivy off the network. Passed checks are
  // included so the report can say which checks ran.
  const r = run(t.bin!, ['config', '--format', 'json', '--skip-check-update', '--include-non-failures', '--quiet', dir],
    { TRIVY_DISABLE_VEX_NOTICE: 'true', TRIVY_CACHE_DIR: path.join(dir, '..', '.trivy-cache') });
  if (r.status !== 0) throw new Error(`trivy exited ${r.status}: ${r.stderr.slice(-500)}`);
  const parsed = JSON.parse(r.stdout);
  const out: Verdict[] = [];
  const lines = new Map<string, ReturnType<typeof documentLines>>();
  const docsOf = (target: string) => {
    if (!lines.has(target)) lines.set(target, documentLines(path.join(dir, target)));
    return lines.get(target)!;
  };
  for (const res of parsed.Results ?? []) {
    for (const m of res.Misconfigurations ?? []) {
      if (m.Status !== 'FAIL') {
        const docs = docsOf(res.Target);
        const only = docs.length === 1 ? docs[0].object : undefined;
        out.push({
          check: m.ID,
          kind: only?.kind ?? '?',
          namespace: only ? only.metadata.namespace ?? 'default' : undefined,
          name: only?.metadata.name ?? res.Target,
          outcome: 'passed',
          message: m.Title ?? '',
        });
        continue;
      }
      const line = m.CauseMetadata?.StartLine;
      // The message names the object for most checks ("Container main in job migrate", "Role 'team-admin' should");
      // trivy's line range is the fallback (for some documents it points at the neighbouring one).
      const text = String(m.Message ?? '').toLowerCase();
      const named = objects.filter(o => new RegExp(`\\b${o.kind.toLowerCase()} '?${(o.metadata.name ?? '').replace(/[.]/g, '\\.')}'?(\\W|$)`).test(text));
      const object = named.length === 1 ? named[0] : line ? docsOf(res.Target).find(d => line >= d.first && line <= d.last)?.object : undefined;
      out.push({
        check: m.ID,
        kind: object?.kind ?? '?',
        namespace: object ? object.metadata.namespace ?? 'default' : undefined,
        name: object?.metadata.name ?? `${res.Target}:${line ?? '?'}`,
        outcome: 'failed',
        message: m.Message ?? m.Title,
      });
    }
  }
  return out;
}

export function trivy(t: Tool, e: Synthesized): ScanReport {
  const verdicts = trivyVerdicts(t, e.dir, e.objects);
  return {
    tool: t.name,
    version: t.version,
    example: e.name,
    judged: e.judged,
    checksRun: [...new Set(verdicts.map(v => v.check))].sort(),
    findings: toFindings(t.name, verdicts.filter(v => v.outcome === 'failed').map(asRaw), e),
  };
}

/**
 * JSON schemas for kubeconform, made from the running API server's OpenAPI v3 (built-in kinds at the pinned version
 * plus the installed CRDs): one standalone file per kind, with additionalProperties false wherever the server does not
 * allow unknown fields, so -strict means what the server means.
 */
export async function writeSchemas(kube: Kube, dir: string): Promise<number> {
  const index = await kube.cluster.request('GET', '/openapi/v3');
  let count = 0;
  for (const [gv, entry] of Object.entries<any>(index.body.paths ?? {})) {
    if (!/^(api\/v1|apis\/[^/]+\/[^/]+)$/.test(gv)) continue;
    const doc = (await kube.cluster.request('GET', entry.serverRelativeURL)).body;
    const schemas = doc.components?.schemas ?? {};
    const strict = (s: any): any => {
      if (Array.isArray(s)) return s.map(strict);
      if (!s || typeof s !== 'object') return s;
      const out: any = {};
      for (const [k, v] of Object.entries(s)) out[k] = k === '$ref' ? String(v).replace('#/components/schemas/', '#/$defs/') : strict(v);
      if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) out.additionalProperties = false;
      return out;
    };
    const defs = strict(schemas);
    for (const [name, schema] of Object.entries<any>(schemas)) {
      for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
        if (`${gvk.group ? `apis/${gvk.group}` : 'api'}/${gvk.version}` !== gv) continue;
        // kubeconform's {{.Group}} is the apiVersion's first part, so the core group's is its version (`v1`).
        const out = path.join(dir, gvk.group || gvk.version, `${gvk.kind.toLowerCase()}_${gvk.version}.json`);
        fs.mkdirSync(path.dirname(out), { recursive: true });
        fs.writeFileSync(out, JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', $ref: `#/$defs/${name}`, $defs: defs }));
        count++;
      }
    }
  }
  return count;
}

export function kubeconform(t: Tool, e: Synthesized, schemaDir: string): ScanReport {
  const r = run(t.bin!, ['-strict', '-verbose', '-output', 'json', '-schema-location', `${schemaDir}/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json`, ...e.files]);
  const parsed = JSON.parse(r.stdout);
  const raws: RawFinding[] = [];
  let validated = 0;
  for (const res of parsed.resources ?? []) {
    if (res.status === 'statusValid') { validated++; continue; }
    raws.push({ check: res.status === 'statusError' ? 'schema-missing-or-unreadable' : 'schema', kind: res.kind, name: res.name, message: res.msg });
  }
  return { tool: t.name, version: t.version, example: e.name, judged: e.judged, checksRun: [`strict schema validation (${validated} objects valid)`], findings: toFindings(t.name, raws, e) };
}

export function recordScan(ledger: Ledger, rep: ScanReport): void {
  if (!rep.judged) {
    // The cdk8s-plus-28 baseline: reported for contrast, not judged.
    ledger.check(G, `${rep.tool} ran on ${rep.example} (unhardened contrast: ${rep.findings.length} findings reported, not judged)`, rep.error ? [rep.error] : []);
    return;
  }
  const open = rep.findings.filter(f => !f.exemption);
  ledger.check(G, `${rep.tool} ${rep.version} on ${rep.example}: no open finding (${rep.checksRun.length} checks run)`,
    [...(rep.error ? [rep.error] : []), ...open.map(f => `${f.check} on ${f.object}: ${f.message}`)],
    `${rep.findings.length - open.length} exempted with reasons`);
}

/** Runs one checker over the examples (`scan` may run it once for all); a checker that fails fails each example's report. */
export function safeScan(tool: Tool, examples: readonly Synthesized[], scan: (examples: readonly Synthesized[]) => ScanReport[]): ScanReport[] {
  try {
    return scan(examples);
  } catch (err) {
    return examples.map(e => ({ tool: tool.name, version: tool.version, example: e.name, judged: e.judged, checksRun: [], findings: [], error: `${tool.name} failed: ${String(err).slice(0, 500)}` }));
  }
}

/** A checker run per example, each failing on its own. */
export const eachExample = (tool: Tool, scan: (e: Synthesized) => ScanReport) =>
  (examples: readonly Synthesized[]): ScanReport[] => examples.flatMap(e => safeScan(tool, [e], () => [scan(e)]));

export const version = (bin: string, args: string[]) => { try { return execFileSync(bin, args, { encoding: 'utf8' }).trim().split('\n')[0]; } catch { return '?'; } };
