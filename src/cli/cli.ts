/**
 * The `cdk8s-hardening` command: `check` audits manifests, `rules` lists the rules.
 * Exit codes: 0 nothing at or above the threshold, 1 findings, 2 usage or input errors.
 */
import { readFileSync } from 'fs';
import { parseArgs } from 'util';
import * as jsyaml from 'js-yaml';
import { InputError, loadManifests } from './load-manifests';
import { TrafficMap } from '../network/traffic-map';
import { ALL_RULES } from '../rules/catalog';
import { atLeast, runAudit } from '../rules/engine';
import { PACK_DESCRIPTIONS, resolvePack, UsageError } from '../rules/packs';
import { formatSarif } from '../rules/report/sarif';
import { formatText } from '../rules/report/text';
import { Rule, Severity } from '../rules/rule';
import { SuppressionSpec } from '../rules/suppressions';

/** Where the command reads and writes, so tests can run it in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => string;
}

export const USAGE = `Usage:
  cdk8s-hardening check [FILE|DIR|-]... [--pack NAME]... [--format text|json|sarif]
                        [--fail-on low|medium|high|critical|none] [--suppressions FILE] [--hide-suppressed]
  cdk8s-hardening rules [--pack NAME]... [--format text|json]
  cdk8s-hardening traffic-map [FILE|DIR|-]...
  cdk8s-hardening --version | --help

check   audits every object in the files (YAML or JSON, multi-document, kind: List), in the
        directories (recursively: *.yaml, *.yml, *.json) and on stdin (-).
        --pack          rule pack, repeatable (default: hardened)
        --format        output format (default: text)
        --fail-on       lowest severity that makes the exit code 1 (default: low)
        --suppressions  YAML list of {ruleId, reason, kind?, namespace?, name?}
rules   prints every rule of the packs (default: all) with its metadata and references.
traffic-map
        prints who may talk to whom under the NetworkPolicies of the input, as a Mermaid flowchart
        (paste it into Markdown or a pull-request comment).

Packs:
${PACK_DESCRIPTIONS.map(p => `  ${p.name.padEnd(22)} ${p.description}`).join('\n')}

Exit status: 0 no finding at or above --fail-on, 1 findings, 2 usage or input error.
`;

const SEVERITIES = ['low', 'medium', 'high', 'critical', 'none'];

export function run(argv: readonly string[], io: CliIo, version: string): number {
  try {
    const [command, ...rest] = argv;
    if (command === '--version' || command === '-v') {
      io.stdout(`${version}\n`);
      return 0;
    }
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      (command === undefined ? io.stderr : io.stdout)(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (command === 'check') return check(rest, io, version);
    if (command === 'rules') return rules(rest, io);
    if (command === 'traffic-map') return trafficMap(rest, io);
    throw new UsageError(`unknown command "${command}"`);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`cdk8s-hardening: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof InputError) {
      io.stderr(`cdk8s-hardening: ${e.message}\n`);
      return 2;
    }
    io.stderr(`cdk8s-hardening: internal error: ${(e as Error).message}\n`);
    return 2;
  }
}

function parse(args: readonly string[], options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function check(args: readonly string[], io: CliIo, version: string): number {
  const { values, positionals } = parse(args, {
    'pack': { type: 'string', multiple: true },
    'format': { type: 'string' },
    'fail-on': { type: 'string' },
    'suppressions': { type: 'string' },
    'hide-suppressed': { type: 'boolean' },
  });
  const format = (values.format as string | undefined) ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
  const failOn = (values['fail-on'] as string | undefined) ?? 'low';
  if (!SEVERITIES.includes(failOn)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, not "${failOn}"`);
  if (positionals.length === 0) throw new UsageError('no input: give files, directories, or - for stdin');
  const suppressions = values.suppressions ? readSuppressions(values.suppressions as string) : [];
  const packs = (values.pack as string[] | undefined) ?? ['hardened'];
  // Usage errors come before any input is read.
  packs.forEach(resolvePack);

  const inputs = loadManifests(positionals, io.readStdin);
  const result = runAudit(inputs, { packs, suppressions });
  if (format === 'json') {
    io.stdout(JSON.stringify({ findings: result.findings, summary: { ...result.summary, failOn } }, undefined, 2) + '\n');
  } else if (format === 'sarif') {
    io.stdout(JSON.stringify(formatSarif(result, version), undefined, 2) + '\n');
  } else {
    io.stdout(formatText(result, !values['hide-suppressed']));
  }
  if (failOn === 'none') return 0;
  return result.findings.some(f => !f.suppressed && atLeast(f.severity, failOn as Severity)) ? 1 : 0;
}

function rules(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parse(args, { pack: { type: 'string', multiple: true }, format: { type: 'string' } });
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const format = (values.format as string | undefined) ?? 'text';
  if (!['text', 'json'].includes(format)) throw new UsageError(`--format must be text or json, not "${format}"`);
  const selected: Rule[] = [];
  const seen = new Set<string>();
  for (const rule of values.pack ? (values.pack as string[]).flatMap(p => resolvePack(p).rules) : ALL_RULES) {
    if (!seen.has(rule.id)) selected.push(rule);
    seen.add(rule.id);
  }
  const described = selected.map(({ id, title, severity, rationale, fix, kinds, references }) => (
    { id, title, severity, rationale, fix, kinds, references }));
  if (format === 'json') io.stdout(JSON.stringify({ rules: described }, undefined, 2) + '\n');
  else io.stdout(described.map(r => `${r.id.padEnd(44)} ${r.severity.padEnd(8)} ${r.title}`).join('\n') + '\n');
  return 0;
}

function trafficMap(args: readonly string[], io: CliIo): number {
  const { positionals } = parse(args, {});
  if (positionals.length === 0) throw new UsageError('no input: give files, directories, or - for stdin');
  io.stdout(`${TrafficMap.fromManifests(loadManifests(positionals, io.readStdin).map(i => i.object)).toMermaid()}\n`);
  return 0;
}

function readSuppressions(file: string): SuppressionSpec[] {
  let doc: unknown;
  try {
    doc = jsyaml.load(readFileSync(file, 'utf-8'), { filename: file });
  } catch (e) {
    const err = e as jsyaml.YAMLException & { code?: string };
    if (err.code === 'ENOENT') throw new InputError(`${file}: no such file`);
    throw new InputError(`${file}${err.mark ? `:${err.mark.line + 1}` : ''}: malformed YAML: ${err.reason ?? err.message}`);
  }
  const list = Array.isArray(doc) ? doc : (doc as { suppressions?: unknown } | null)?.suppressions;
  if (!Array.isArray(list) || list.some(s => typeof s?.ruleId !== 'string' || typeof s?.reason !== 'string')) {
    throw new InputError(`${file}: expected a list of {ruleId, reason, kind?, namespace?, name?}`);
  }
  return list as SuppressionSpec[];
}
