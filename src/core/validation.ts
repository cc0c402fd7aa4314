import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { propError } from './errors';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
// IANA_SVC_NAME: at most 15 lowercase alphanumerics or '-', at least one letter, no leading/trailing/double '-'.
const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** A name most objects accept (DNS-1123 label: containers, volumes, namespaces, ports' owners). */
export function checkDnsLabel(scope: IConstruct, prop: string, value: string): void {
  checkType(scope, prop, value, 'string', '"my-app"');
  if (value.length > 63 || !DNS1123_LABEL.test(value)) {
    throw propError(scope, prop, `"${value}" is not a valid DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)`,
      `use a name like "${suggestName(value)}"`);
  }
}

/** Service names are stricter than other names: they must start with a letter (DNS-1035). */
export function checkServiceName(scope: IConstruct, prop: string, value: string): void {
  checkType(scope, prop, value, 'string', '"my-app"');
  if (value.length > 63 || !DNS1035_LABEL.test(value)) {
    throw propError(scope, prop, `"${value}" cannot name a Service: it must be a DNS-1035 label (start with a letter; lowercase letters, digits and '-'; at most 63 characters)`,
      `use a name like "${suggestName(value)}"`);
  }
}

/** Object names of kinds that accept dotted names (DNS-1123 subdomain). */
export function checkDnsSubdomain(scope: IConstruct, prop: string, value: string): void {
  checkType(scope, prop, value, 'string', '"my-app"');
  if (value.length > 253 || !DNS1123_SUBDOMAIN.test(value)) {
    throw propError(scope, prop, `"${value}" is not a valid DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253 characters)`,
      `use a name like "${suggestName(value)}"`);
  }
}

export function checkPortNumber(scope: IConstruct, prop: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw propError(scope, prop, `${value} is not a valid port number`, 'use an integer from 1 to 65535');
  }
}

export function checkPortName(scope: IConstruct, prop: string, value: string): void {
  checkType(scope, prop, value, 'string', '"my-app"');
  if (value.length > 15 || !IANA_SVC_NAME.test(value)) {
    throw propError(scope, prop, `"${value}" is not a valid port name (IANA service name: at most 15 lowercase letters, digits and single '-', with at least one letter)`,
      'use a short name such as "http" or "grpc"');
  }
}

/** Label and annotation keys: optional DNS-subdomain prefix and "/", then a name of at most 63 characters (validation.IsQualifiedName). */
function isQualifiedName(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  return (prefix === undefined || (prefix.length <= 253 && DNS1123_SUBDOMAIN.test(prefix)))
    && name.length > 0 && name.length <= 63 && LABEL_VALUE.test(name);
}

/** Label keys: optional DNS-subdomain prefix, then a name of at most 63 characters. */
export function checkLabels(scope: IConstruct, prop: string, labels: { [key: string]: string }): void {
  checkType(scope, prop, labels, 'object', '{ team: "payments" }');
  for (const [key, value] of Object.entries(labels)) {
    if (!isQualifiedName(key)) {
      throw propError(scope, prop, `"${key}" is not a valid label key`, 'use an optional DNS subdomain prefix and "/", then at most 63 alphanumerics, "-", "_" or "."');
    }
    checkType(scope, `${prop}["${key}"]`, value, 'string', '"payments"');
    if (value.length > 63 || !LABEL_VALUE.test(value)) {
      throw propError(scope, `${prop}["${key}"]`, `"${value}" is not a valid label value`, 'use at most 63 alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric');
    }
  }
}

export function checkPositiveInteger(scope: IConstruct, prop: string, value: number, min: number): void {
  if (typeof value !== 'number') checkType(scope, prop, value, 'number', `${min}`);
  if (!Number.isInteger(value) || value < min) {
    throw propError(scope, prop, `${value} is not allowed`, `use an integer of at least ${min}`);
  }
}

// The API server's limit on all annotations of one object together (TotalAnnotationSizeLimitB), keys included.
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/** Annotation keys as the API server checks them (qualified names), string values, and the 256 KiB total. */
export function checkAnnotations(scope: IConstruct, prop: string, annotations: { [key: string]: string }): void {
  checkType(scope, prop, annotations, 'object', '{ "example.com/owner": "payments" }');
  let bytes = 0;
  for (const [key, value] of Object.entries(annotations)) {
    if (!isQualifiedName(key)) {
      throw propError(scope, `${prop}["${key}"]`, `"${key}" is not a valid annotation key`, 'use an optional DNS subdomain prefix and "/", then at most 63 alphanumerics, "-", "_" or ".", e.g. "example.com/owner"');
    }
    checkType(scope, `${prop}["${key}"]`, value, 'string', '"payments" (annotation values are text; quote numbers and booleans)');
    bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
  }
  if (bytes > ANNOTATIONS_MAX_BYTES) {
    throw propError(scope, prop, `the annotations take ${bytes} bytes, more than the ${ANNOTATIONS_MAX_BYTES} the API server accepts on one object`, 'move large data to a ConfigMap');
  }
}

/** What a prop holds, in words, for errors about values of the wrong type (`undefined`, `the number 5`, `"x"`). */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${value}`;
  if (Array.isArray(value)) return 'an array';
  return `${typeof value === 'function' ? 'a function' : 'an object'}${(value as object).constructor?.name && (value as object).constructor !== Object ? ` (${(value as object).constructor.name})` : ''}`;
}

/** The runtime types checkType knows. */
export type RuntimeType = 'string' | 'number' | 'boolean' | 'string[]' | 'object';

/**
 * Refuses a value of the wrong runtime type. TypeScript callers cannot get here; untyped JavaScript callers (and jsii
 * languages passing null) get the library's error with the construct path and prop instead of a TypeError deep inside.
 */
export function checkType(scope: IConstruct, prop: string, value: unknown, expected: RuntimeType, example: string): void {
  const ok = expected === 'string[]' ? Array.isArray(value) && value.every(v => typeof v === 'string')
    : expected === 'object' ? typeof value === 'object' && value !== null && !Array.isArray(value)
      : typeof value === expected && (expected !== 'number' || !Number.isNaN(value));
  if (!ok) {
    const noun = { 'string': 'a string', 'number': 'a number', 'boolean': 'a boolean', 'string[]': 'a list of strings', 'object': 'an object' }[expected];
    throw propError(scope, prop, `${describeValue(value)} is not ${noun}`, `pass ${noun}, e.g. ${example}`);
  }
}

/**
 * Refuses a value that is not an instance of a library or cdk8s class (`Size`, `Cpu`, `Probe`, `EnvValue` …), judged by a
 * member it must have: `instanceof` would also refuse a second copy of the same package in node_modules.
 */
export function checkInstance(scope: IConstruct, prop: string, value: unknown, what: string, member: string, example: string): void {
  if (typeof value !== 'object' || value === null || !(member in value)) {
    throw propError(scope, prop, `${describeValue(value)} is not ${what}`, `pass ${what}, e.g. ${example}`);
  }
}

/**
 * A Duration in whole seconds, at least `min`. Refuses what cdk8s would only report without a construct path
 * (fractions of a second, NaN) and values below what Kubernetes accepts for the field.
 */
export function checkDurationSeconds(scope: IConstruct, prop: string, value: Duration, min: number, fix: string): number {
  checkInstance(scope, prop, value, 'a Duration', 'toSeconds', 'Duration.seconds(30)');
  const seconds = value.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < min) {
    throw propError(scope, prop, `${Number.isFinite(seconds) ? `${seconds} seconds` : describeValue(seconds)} is not allowed: it must be a whole number of seconds, at least ${min}`, fix);
  }
  return seconds;
}

/**
 * An absolute, normalized directory below `/` (mount paths, workingDir): no empty (`//`), `.` or `..` segments, no
 * trailing `/`, no control characters. The API server passes `/tmp/` and `/tmp` as two mounts and `//x` through to the
 * runtime; refusing them keeps one spelling per directory, so clashes between mounts are seen here.
 */
export function checkAbsolutePath(scope: IConstruct, prop: string, path: unknown, example: string): void {
  checkType(scope, prop, path, 'string', `"${example}"`);
  const p = path as string;
  const problem = !p.startsWith('/') ? 'is not an absolute path'
    : p === '/' ? 'is the root directory'
      : /[\u0000-\u001f\u007f]/.test(p) ? 'contains control characters'
        : p.endsWith('/') ? 'ends with "/"'
          : p.slice(1).split('/').some(seg => seg === '' || seg === '.' || seg === '..') ? 'has empty, "." or ".." segments'
            : p.trim() !== p ? 'has leading or trailing whitespace' : undefined;
  if (problem) {
    const normal = normalizePath(p);
    throw propError(scope, prop, `${JSON.stringify(p)} ${problem}; it must be an absolute, normalized directory below /`,
      normal && normal !== p ? `write it as "${normal}"` : `use an absolute path such as "${example}"`);
  }
}

/** The normalized form of an absolute path (`/a//b/./c/` → `/a/b/c`), or undefined when it is relative, root or leaves root. */
function normalizePath(path: string): string | undefined {
  if (!path.startsWith('/')) return undefined;
  const out: string[] = [];
  for (const seg of path.trim().split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (!out.pop()) return undefined;
    } else {
      out.push(seg);
    }
  }
  return out.length ? `/${out.join('/')}` : undefined;
}

// Environment variable names as every supported API server accepts them. Kubernetes 1.30 relaxed names to any printable
// ASCII but '=' behind the RelaxedEnvironmentVariableValidation gate, off by default until 1.32 (beta) and GA in 1.34;
// the library supports 1.30, so it keeps the older rule (validation.IsEnvVarName): letters, digits, '_', '-', '.', not
// starting with a digit. A name that passes here passes on every version.
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

/** Refuses environment variable names the API server of the oldest supported Kubernetes (1.30) refuses, and empty ones. */
export function checkEnvName(scope: IConstruct, prop: string, name: string): void {
  if (!ENV_VAR_NAME.test(name)) {
    throw propError(scope, prop, `${JSON.stringify(name)} is not a valid environment variable name (letters, digits, "_", "-" or ".", not starting with a digit; what Kubernetes 1.30 accepts)`,
      `use a name like "${name.toUpperCase().replace(/[^-._A-Z0-9]+/g, '_').replace(/^[0-9]/, '_$&') || 'APP_SETTING'}"`);
  }
}

function suggestName(value: string): string {
  const slug = value.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '').slice(0, 63);
  return slug || 'my-app';
}

// Keys of a Secret's data: what the API server accepts (k8s.io/apimachinery IsConfigMapKey).
const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** A key of a Secret's data, which is also the file name when the Secret is mounted. */
export function checkSecretKey(scope: IConstruct, prop: string, key: string): void {
  if (typeof key !== 'string' || key.length > 253 || !SECRET_KEY.test(key) || key === '.' || key === '..') {
    throw propError(scope, prop, `${JSON.stringify(key)} is not a Secret key (letters, digits, "-", "_" and ".", at most 253 characters)`,
      'use a key like "password" or "tls.crt"');
  }
}
