/**
 * The `cdk8s-hardening` command: `check` audits manifests, `rules` lists the rules.
 * Exit codes: 0 nothing at or above the threshold, 1 findings, 2 usage or input errors.
 */
import { parseArgs } from 'util';
import { ChunkedWriter, writeJson } from './json-stream';
import { InputError, loadManifests } from './load-manifests';
import { describeManifest } from './manifest-shape';
import { renderMermaid, trafficFlows } from '../manifest/traffic-flows';
import { ALL_RULES } from '../rules/catalog';
import { atLeast, EngineInput, EngineResult, runAudit } from '../rules/engine';
import { readExemptionsFile } from '../rules/exemptions-file';
import { PACK_DESCRIPTIONS, resolvePack, UsageError } from '../rules/packs';
import { formatSarif } from '../rules/report/sarif';
import { formatText } from '../rules/report/text';
import { Rule, Severity } from '../rules/rule';

/** Where the command reads and writes, so tests can run it in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => string | Buffer;
}

export const USAGE = `Usage:
  cdk8s-hardening check [FILE|DIR|-]... [--pack NAME]... [--format text|json|sarif]
                        [--fail-on low|medium|high|critical|none] [--exemptions FILE]
                        [--disallow-annotation-exemptions] [--hide-suppressed] [--complete]
  cdk8s-hardening rules [--pack NAME]... [--format text|json]
  cdk8s-hardening traffic-map [FILE|DIR|-]... [--allow-empty]
  cdk8s-hardening --version | --help | COMMAND --help

check   audits every object in the files (YAML or JSON, multi-document, kind: List), in the
        directories (recursively: *.yaml, *.yml, *.json) and on stdin (-).
        --pack          rule pack, repeatable (default: hardened)
        --format        output format (default: text)
        --fail-on       lowest severity that makes the exit code 1 (default: low)
        --exemptions    the platform team's exemptions file: \`exemptions:\` with entries
                        {rule, owner, reason, expires: YYYY-MM-DD, selector: {kind, namespace, name, labels}};
                        an expired entry fails the run (--suppressions is the same option)
        --disallow-annotation-exemptions
                        ignore waiver and suppression annotations on the objects: only the
                        exemptions file accepts findings (the annotations are listed as not applied)
        --hide-suppressed
                        leave accepted findings out of the detailed list; the exemptions list
                        at the end still shows every one, with its reason and source
        --complete      assert that the input holds every object of each namespace it names (and the
                        cluster-scoped objects they refer to). Only then do the dangling checks run (a Service
                        selecting no pod, an HPA or Ingress target, a ServiceAccount not in the input); without
                        it they are listed as not judged, and the findings of the other cross-object rules
                        (a pod no NetworkPolicy selects...) say they were judged on partial input
        --allow-empty   exit 0 on input with no Kubernetes object (otherwise: exit 2, nothing was checked)
        Input is read exactly as kubectl and the API server read it (YAML 1.1: yes/on/y are true, 0644 is
        octal, << merges; JSON when the stream starts with "{"), or refused with exit 2 and file:line:column:
        duplicate keys, content on a --- line, directives, a mapping without apiVersion and kind (a Helm
        values file; unrendered {{ }} templates), fields of a type the API server refuses. See docs/cli-input.md.
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
    if (e instanceof HelpRequested) {
      io.stdout(USAGE);
      return 0;
    }
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

type Options = Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>;

/** `COMMAND --help` prints the usage, like `--help` does. */
class HelpRequested extends Error {}

function parse(args: readonly string[], options: Options): { values: Record<string, unknown>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: [...args], options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
    if (parsed.values.help) throw new HelpRequested();
    return parsed as { values: Record<string, unknown>; positionals: string[] };
  } catch (e) {
    if (e instanceof HelpRequested) throw e;
    throw new UsageError((e as Error).message);
  }
}

function check(args: readonly string[], io: CliIo, version: string): number {
  const { values, positionals } = parse(args, {
    'pack': { type: 'string', multiple: true },
    'format': { type: 'string' },
    'fail-on': { type: 'string' },
    'suppressions': { type: 'string', multiple: true },
    'exemptions': { type: 'string', multiple: true },
    'disallow-annotation-exemptions': { type: 'boolean' },
    'hide-suppressed': { type: 'boolean' },
    'allow-empty': { type: 'boolean' },
    'complete': { type: 'boolean' },
  });
  const format = (values.format as string | undefined) ?? 'text';
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not "${format}"`);
  const failOn = (values['fail-on'] as string | undefined) ?? 'low';
  if (!SEVERITIES.includes(failOn)) throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, not "${failOn}"`);
  if (positionals.length === 0) throw new UsageError('no input: give files, directories, or - for stdin');
  const exemptionFiles = [...(values.exemptions as string[] | undefined) ?? [], ...(values.suppressions as string[] | undefined) ?? []];
  const suppressions = exemptionFiles.flatMap(readExemptionsFile);
  const packs = (values.pack as string[] | undefined) ?? ['hardened'];
  // Usage errors come before any input is read.
  packs.forEach(resolvePack);

  const inputs = loadManifests(positionals, io.readStdin, { allowEmpty: !!values['allow-empty'], warn: m => io.stderr(`cdk8s-hardening: ${m}\n`) });
  const result = audit(inputs, { packs, suppressions, allowAnnotationExemptions: !values['disallow-annotation-exemptions'], complete: !!values.complete });
  // Written in pieces: a report on a large input is never one giant string.
  const out = new ChunkedWriter(io.stdout);
  if (format === 'json') {
    writeJson({ findings: result.findings, summary: { ...result.summary, failOn } }, out);
  } else if (format === 'sarif') {
    writeJson(formatSarif(result, version), out);
  } else {
    out.write(formatText(result, !values['hide-suppressed']));
    out.flush();
  }
  if (failOn === 'none') return 0;
  return result.findings.some(f => !f.suppressed && atLeast(f.severity, failOn as Severity)) ? 1 : 0;
}

/**
 * Runs the audit. The loader refuses the shapes the API server refuses, so a rule crashing on an object's shape is
 * a gap in that check: it is still reported as that object's input error (file, line, object), never as an
 * internal error with no place to look.
 */
function audit(inputs: EngineInput[], options: Parameters<typeof runAudit>[1]): EngineResult {
  try {
    return runAudit(inputs, options);
  } catch (e) {
    if (!(e instanceof TypeError || e instanceof RangeError)) throw e;
    for (const input of inputs) {
      try {
        runAudit([input], options);
      } catch (single) {
        if (!(single instanceof TypeError || single instanceof RangeError)) continue;
        throw new InputError(`${input.file}${input.line ? `:${input.line}` : ''}: ${describeManifest(input.object)}: cannot be audited (${single.message}):`
          + ' a field has a shape the Kubernetes API does not accept');
      }
    }
    throw e;
  }
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
  const described = selected.map(({ id, title, severity, rationale, fix, kinds, references, related }) => (
    { id, title, severity, rationale, fix, kinds, references, ...(related ? { related } : {}) }));
  if (format === 'json') io.stdout(JSON.stringify({ rules: described }, undefined, 2) + '\n');
  else io.stdout(described.map(r => `${r.id.padEnd(44)} ${r.severity.padEnd(8)} ${r.title}`).join('\n') + '\n');
  return 0;
}

function trafficMap(args: readonly string[], io: CliIo): number {
  const { values, positionals } = parse(args, { 'allow-empty': { type: 'boolean' } });
  if (positionals.length === 0) throw new UsageError('no input: give files, directories, or - for stdin');
  const inputs = loadManifests(positionals, io.readStdin, { allowEmpty: !!values['allow-empty'], warn: m => io.stderr(`cdk8s-hardening: ${m}\n`) });
  const objects = inputs.map(i => i.object).filter(m => m && typeof m === 'object');
  io.stdout(`${renderMermaid(trafficFlows(objects), objects)}\n`);
  return 0;
}
