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
  if (value.length > 63 || !DNS1123_LABEL.test(value)) {
    throw propError(scope, prop, `"${value}" is not a valid DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)`,
      `use a name like "${suggestName(value)}"`);
  }
}

/** Service names are stricter than other names: they must start with a letter (DNS-1035). */
export function checkServiceName(scope: IConstruct, prop: string, value: string): void {
  if (value.length > 63 || !DNS1035_LABEL.test(value)) {
    throw propError(scope, prop, `"${value}" cannot name a Service: it must be a DNS-1035 label (start with a letter; lowercase letters, digits and '-'; at most 63 characters)`,
      `use a name like "${suggestName(value)}"`);
  }
}

/** Object names of kinds that accept dotted names (DNS-1123 subdomain). */
export function checkDnsSubdomain(scope: IConstruct, prop: string, value: string): void {
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
  if (value.length > 15 || !IANA_SVC_NAME.test(value)) {
    throw propError(scope, prop, `"${value}" is not a valid port name (IANA service name: at most 15 lowercase letters, digits and single '-', with at least one letter)`,
      'use a short name such as "http" or "grpc"');
  }
}

/** Label keys: optional DNS-subdomain prefix, then a name of at most 63 characters. */
export function checkLabels(scope: IConstruct, prop: string, labels: { [key: string]: string }): void {
  for (const [key, value] of Object.entries(labels)) {
    const slash = key.lastIndexOf('/');
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    if ((prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)))
      || name.length === 0 || name.length > 63 || !LABEL_VALUE.test(name)) {
      throw propError(scope, prop, `"${key}" is not a valid label key`, 'use an optional DNS subdomain prefix and "/", then at most 63 alphanumerics, "-", "_" or "."');
    }
    if (value.length > 63 || !LABEL_VALUE.test(value)) {
      throw propError(scope, `${prop}["${key}"]`, `"${value}" is not a valid label value`, 'use at most 63 alphanumerics, "-", "_" or ".", starting and ending with an alphanumeric');
    }
  }
}

export function checkPositiveInteger(scope: IConstruct, prop: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw propError(scope, prop, `${value} is not allowed`, `use an integer of at least ${min}`);
  }
}

function suggestName(value: string): string {
  const slug = value.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^[^a-z]+/, '').replace(/-+$/, '').slice(0, 63);
  return slug || 'my-app';
}
