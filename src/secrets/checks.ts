import { Chart, Duration, Names } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { PLAINTEXT_SECRETS_GATE, requireAppGate } from '../core/app-gates';
import { propError } from '../core/errors';
import { checkDnsLabel, checkDnsSubdomain } from '../core/validation';
import { findCredential } from '../detectors/credentials';

/** AWS region names, e.g. `eu-west-1`, `us-gov-west-1`. */
export const AWS_REGION = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$/;
/** Vault role names. */
export const VAULT_ROLE = /^[A-Za-z0-9_.@-]+$/;
/** Vault mount paths (secrets engines, auth methods) and namespaces. */
export const VAULT_PATH = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/;

/**
 * What every construct of this module does first: registers the plaintext-Secret guard of the App, and resolves the
 * name (`props.name`, else one derived from the construct path) and namespace (`props.namespace`, else the chart's)
 * of the object it emits, checking both.
 */
export function objectNames(scope: Construct, props: { readonly name?: string; readonly namespace?: string }, checkName = checkDnsSubdomain) {
  requireAppGate(scope, PLAINTEXT_SECRETS_GATE);
  const name = props.name ?? Names.toDnsLabel(scope);
  checkName(scope, 'name', name);
  if (props.namespace !== undefined) checkDnsLabel(scope, 'namespace', props.namespace);
  const namespace = props.namespace ?? Chart.of(scope).namespace;
  return { name, namespace, metadata: { name, ...(namespace ? { namespace } : {}) } };
}

/**
 * Refuses option keys the factory does not know. Typed languages cannot pass them, but JavaScript can, and a
 * misspelled option (e.g. `regoin`) would otherwise be dropped silently and the default used instead.
 */
export function checkKnownKeys(scope: IConstruct, prop: string, options: object | undefined, known: readonly string[]): void {
  const unknown = Object.keys(options ?? {}).filter(k => !known.includes(k));
  if (unknown.length) {
    throw propError(scope, prop, `unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map(k => `"${k}"`).join(', ')}`, `use only ${known.map(k => `"${k}"`).join(', ')}`);
  }
}

/**
 * A reference to a value in a secret store (a key, path, property or object name). Refuses empty references and ones
 * that look like a credential rather than its name, so a value pasted where its name belongs never reaches the YAML.
 * The value itself is never echoed.
 */
export function checkRemoteName(scope: IConstruct, prop: string, name: string | undefined): void {
  if (typeof name !== 'string' || name.trim() === '' || /[\s]/.test(name)) {
    throw propError(scope, prop, 'missing, empty or containing whitespace', 'give the name or path of the value in the secret store, e.g. "prod/payments/db"');
  }
  // Judged as a value with no name: a known token format, a `key=value` assignment, or a random-looking token.
  const found = findCredential(name);
  if (found) {
    throw propError(scope, prop, `the reference looks like ${found.by === 'assignment' ? `an assignment to "${found.key}"` : found.kind}, i.e. a credential rather than the name of one (the value is not repeated here)`,
      'give the name or path under which the store holds the value; never the value itself');
  }
}

/** An https URL (the library never sends store credentials or secret values over plain http). */
export function checkHttpsUrl(scope: IConstruct, prop: string, url: string | undefined, example: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url ?? '');
  } catch {
    parsed = undefined;
  }
  if (!parsed || parsed.protocol !== 'https:' || parsed.username || parsed.password) {
    throw propError(scope, prop, `${JSON.stringify(url)} is not an https URL without credentials; secret values would cross the network in clear text or the URL would carry a password`,
      `give an https URL such as "${example}"`);
  }
}

/** A non-empty identifier matching `pattern`, described by `what` and `example` in the error. */
export function checkPattern(scope: IConstruct, prop: string, value: string | undefined, pattern: RegExp, what: string, example: string): void {
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw propError(scope, prop, `${JSON.stringify(value)} is not ${what}`, `give one like "${example}"`);
  }
}

/**
 * A refresh interval as the Go duration the operators parse (`1h`, `15m`, `1h30m`), whole seconds of at least a
 * minute: shorter intervals hammer the store's API (and its bill) without making rotation meaningfully faster.
 */
export function goDuration(scope: IConstruct, prop: string, duration: Duration): string {
  const seconds = duration.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < 60) {
    throw propError(scope, prop, `${seconds}s is not a whole number of seconds of at least one minute`, 'use e.g. Duration.minutes(15) or Duration.hours(1)');
  }
  const parts = [[Math.floor(seconds / 3600), 'h'], [Math.floor(seconds / 60) % 60, 'm'], [seconds % 60, 's']] as const;
  return parts.filter(([n]) => n > 0).map(([n, unit]) => `${n}${unit}`).join('');
}

/** Keys given twice in a list, for "declared twice" errors. */
export function firstDuplicate<T>(values: readonly T[]): { index: number; value: T } | undefined {
  const seen = new Set<T>();
  for (const [index, value] of values.entries()) {
    if (seen.has(value)) return { index, value };
    seen.add(value);
  }
  return undefined;
}
