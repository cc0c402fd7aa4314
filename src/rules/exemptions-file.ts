/**
 * The exemptions file: the place a platform team owns (CODEOWNERS, a protected path) where findings are accepted
 * outside the manifests. The CLI (`--exemptions`), the cdk8s plugin (`exemptionsFile`), `HardeningAudit` and the
 * synth-time plaintext guard read it with this one reader.
 *
 * ```yaml
 * exemptions:
 *   - rule: pss-host-namespaces
 *     owner: platform-security
 *     reason: node-exporter reads host metrics; reviewed in SEC-42
 *     expires: 2027-03-31
 *     selector: { kind: DaemonSet, namespace: monitoring, name: node-exporter }
 * ```
 *
 * Every entry needs a rule, an owner, a reason that passes the justification rule and an expiry date; an expired
 * entry fails the run (so an exemption is reviewed again instead of living forever). Unknown fields are refused.
 */
import { readFileSync } from 'fs';
import * as jsyaml from 'js-yaml';
import { UsageError } from './packs';
import { ExemptionSelector, SuppressionSpec } from './suppressions';

const ENTRY_FIELDS = new Set(['rule', 'ruleId', 'owner', 'reason', 'expires', 'selector', 'kind', 'namespace', 'name']);
const SELECTOR_FIELDS = new Set(['kind', 'namespace', 'name', 'labels']);

/** Reads and checks an exemptions file; every problem is a UsageError naming the file and entry. */
export function readExemptionsFile(file: string): SuppressionSpec[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf-8');
  } catch (e) {
    throw new UsageError(`exemptions file ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  return parseExemptions(text, file);
}

/** Parses the text of an exemptions file (see `readExemptionsFile`). */
export function parseExemptions(text: string, file: string): SuppressionSpec[] {
  let doc: unknown;
  try {
    // The core schema keeps `2027-03-31` a string; duplicate keys are refused.
    doc = jsyaml.load(text, { filename: file, schema: jsyaml.CORE_SCHEMA });
  } catch (e) {
    const err = e as jsyaml.YAMLException;
    throw new UsageError(`exemptions file ${file}${err.mark ? `:${err.mark.line + 1}:${err.mark.column + 1}` : ''}: malformed YAML: ${err.reason ?? err.message}`);
  }
  if (doc === undefined || doc === null) return [];
  const list = Array.isArray(doc) ? doc : isRecord(doc) && Object.keys(doc).every(k => k === 'exemptions' || k === 'suppressions')
    ? (doc.exemptions ?? doc.suppressions) : undefined;
  if (!Array.isArray(list)) {
    throw new UsageError(`exemptions file ${file}: expected \`exemptions:\` with a list of {rule, owner, reason, expires, selector}`);
  }
  return list.map((entry, i) => toSpec(entry, `${file}#${i + 1}`));
}

function toSpec(entry: unknown, origin: string): SuppressionSpec {
  const fail = (problem: string): never => {
    throw new UsageError(`exemptions file entry ${origin}: ${problem}`);
  };
  if (!isRecord(entry)) return fail('each entry must be a mapping with rule, owner, reason, expires and selector');
  const unknown = Object.keys(entry).filter(k => !ENTRY_FIELDS.has(k));
  if (unknown.length) fail(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (a typo would widen the exemption)`);
  const rule = entry.rule ?? entry.ruleId;
  for (const [field, value] of [['rule', rule], ['owner', entry.owner], ['reason', entry.reason], ['expires', entry.expires]] as const) {
    if (typeof value !== 'string' || value.trim() === '') fail(`${field} is required and must be text`);
  }
  const selector = entry.selector ?? {};
  if (!isRecord(selector)) return fail('selector must be a mapping of kind, namespace, name and labels');
  const badSelector = Object.keys(selector).filter(k => !SELECTOR_FIELDS.has(k));
  if (badSelector.length) fail(`unknown selector field${badSelector.length > 1 ? 's' : ''} ${badSelector.join(', ')}`);
  const merged: Record<string, unknown> = { ...selector };
  for (const k of ['kind', 'namespace', 'name'] as const) {
    if (entry[k] !== undefined) {
      if (selector[k] !== undefined) fail(`${k} is given both in the entry and in its selector`);
      merged[k] = entry[k];
    }
  }
  for (const k of ['kind', 'namespace', 'name'] as const) {
    if (merged[k] !== undefined && typeof merged[k] !== 'string') fail(`selector.${k} must be text`);
  }
  if (merged.labels !== undefined && (!isRecord(merged.labels) || Object.values(merged.labels).some(v => typeof v !== 'string'))) {
    fail('selector.labels must map label keys to text values');
  }
  return {
    ruleId: rule as string,
    owner: entry.owner as string,
    reason: entry.reason as string,
    expires: entry.expires as string,
    origin,
    ...(merged as ExemptionSelector),
  };
}

function isRecord(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
