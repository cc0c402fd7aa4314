/**
 * The field's own checkers, as installed binaries, over every example's synthesized output. A finding passes only
 * when it is a deliberate, documented difference (DELIBERATE below, with the reason) or the object carries the
 * library's waiver annotation for it; anything else fails the run.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Synthesized } from '../lib/examples';
import { Kube } from '../lib/kube';
import { Ledger } from '../lib/results';
import { Tool } from '../lib/tools';

const G = 'scanner';
const WAIVER_PREFIX = 'waiver.cdk8s-hardening.dev/';

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

/**
 * Checks where the library deliberately differs from a tool's default opinion, per tool and check id, with the
 * reason. Kept short on purpose: each entry is a claim a reviewer can argue with.
 */
export const DELIBERATE: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'kube-score': {},
  'checkov': {},
  'kubeconform': {},
  'trivy': {},
};

interface RawFinding { check: string; kind: string; namespace?: string; name: string; message: string }

function exemptionFor(tool: string, raw: RawFinding, e: Synthesized): string | undefined {
  const deliberate = DELIBERATE[tool]?.[raw.check];
  if (deliberate) return `deliberate: ${deliberate}`;
  const o = e.objects.find(x => x.kind === raw.kind && x.metadata.name === raw.name && (raw.namespace === undefined || (x.metadata.namespace ?? 'default') === raw.namespace || x.metadata.namespace === raw.namespace));
  const waivers = Object.entries(o?.metadata.annotations ?? {}).filter(([k]) => k.startsWith(WAIVER_PREFIX));
  return waivers.length ? `library waiver on the object: ${waivers.map(([k, v]) => `${k.slice(WAIVER_PREFIX.length)} (${v})`).join('; ')}` : undefined;
}

function toFindings(tool: string, raws: RawFinding[], e: Synthesized): Finding[] {
  return raws.map(r => ({ tool, check: r.check, object: `${r.kind}/${r.namespace ? `${r.namespace}/` : ''}${r.name}`, message: r.message, exemption: exemptionFor(tool, r, e) }));
}

function run(bin: string, args: string[], env: NodeJS.ProcessEnv = {}): { stdout: string; stderr: string; status: number } {
  const r = spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...env }, timeout: 15 * 60_000 });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 };
}

export function kubeScore(t: Tool, e: Synthesized): ScanReport {
  const r = run(t.bin!, ['score', '--output-format', 'json', ...e.files]);
  const parsed = JSON.parse(r.stdout);
  const checks = new Set<string>();
  const raws: RawFinding[] = [];
  for (const obj of parsed) {
    for (const c of obj.checks ?? []) {
      if (c.skipped) continue;
      checks.add(c.check.id);
      // Grades: 10 OK, 7 almost OK, 5 warning, 1 critical.
      if (c.grade < 10) {
        raws.push({ check: c.check.id, kind: obj.type_meta?.kind, namespace: obj.object_meta?.namespace, name: obj.object_meta?.name, message: (c.comments ?? []).map((m: any) => `${m.path ? `${m.path}: ` : ''}${m.summary}`).join('; ') || c.check.name });
      }
    }
  }
  return { tool: t.name, version: t.version, example: e.name, judged: e.judged, checksRun: [...checks].sort(), findings: toFindings(t.name, raws, e) };
}

export function checkov(t: Tool, e: Synthesized): ScanReport {
  const r = run(t.bin!, ['--directory', e.dir, '--framework', 'kubernetes', '--output', 'json', '--skip-download', '--no-guide'], { BC_SKIP_MAPPING: 'TRUE', CHECKOV_SKIP_UPDATE_CHECK: 'true', LOG_LEVEL: 'ERROR' });
  const parsed = JSON.parse(r.stdout);
  const reports = Array.isArray(parsed) ? parsed : [parsed];
  const checks = new Set<string>();
  const raws: RawFinding[] = [];
  for (const rep of reports) {
    for (const c of [...(rep.results?.passed_checks ?? []), ...(rep.results?.failed_checks ?? []), ...(rep.results?.skipped_checks ?? [])]) checks.add(c.check_id);
    for (const c of rep.results?.failed_checks ?? []) {
      // Checkov names a resource `Kind.namespace.name`.
      const [kind, namespace, ...rest] = String(c.resource).split('.');
      raws.push({ check: c.check_id, kind, namespace, name: rest.join('.'), message: c.check_name });
    }
  }
  return { tool: t.name, version: t.version, example: e.name, judged: e.judged, checksRun: [...checks].sort(), findings: toFindings(t.name, raws, e) };
}

export function trivy(t: Tool, e: Synthesized): ScanReport {
  // The checks bundle is embedded in the binary; --skip-check-update keeps trivy off the network.
  const r = run(t.bin!, ['config', '--format', 'json', '--skip-check-update', '--quiet', e.dir], { TRIVY_DISABLE_VEX_NOTICE: 'true' });
  const parsed = JSON.parse(r.stdout);
  const checks = new Set<string>();
  const raws: RawFinding[] = [];
  for (const res of parsed.Results ?? []) {
    for (const m of res.Misconfigurations ?? []) {
      checks.add(m.ID);
      if (m.Status !== 'FAIL') continue;
      const meta = m.CauseMetadata ?? {};
      raws.push({ check: m.ID, kind: meta.Resource?.split('/')[0] ?? '?', name: meta.Resource?.split('/').pop() ?? res.Target, message: m.Message ?? m.Title });
    }
  }
  return { tool: t.name, version: t.version, example: e.name, judged: e.judged, checksRun: [...checks].sort(), findings: toFindings(t.name, raws, e) };
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
        const out = path.join(dir, gvk.group, `${gvk.kind.toLowerCase()}_${gvk.version}.json`);
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

export function safeScan(tool: Tool, e: Synthesized, scan: () => ScanReport): ScanReport {
  try {
    return scan();
  } catch (err) {
    return { tool: tool.name, version: tool.version, example: e.name, judged: e.judged, checksRun: [], findings: [], error: `${tool.name} failed: ${String(err).slice(0, 500)}` };
  }
}

export const version = (bin: string, args: string[]) => { try { return execFileSync(bin, args, { encoding: 'utf8' }).trim().split('\n')[0]; } catch { return '?'; } };
