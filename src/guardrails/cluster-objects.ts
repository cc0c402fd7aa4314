import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { IConstruct } from 'constructs';
import { propError } from '../core/errors';
import { checkDnsLabel } from '../core/validation';

/** Labels on every guardrail object, so they can be listed and told apart from the app's. */
export const GUARDRAIL_LABELS = { 'app.kubernetes.io/managed-by': 'cdk8s', 'app.kubernetes.io/part-of': 'cdk8s-hardening' };

/** A cluster-scoped object: drops the namespace a namespaced chart would stamp on it. */
export function clusterScoped(scope: IConstruct, obj: ApiObject): ApiObject {
  if (Chart.of(scope).namespace !== undefined) obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  return obj;
}

/** Namespace names of an exemption or binding list: each a DNS label, none empty; duplicates dropped. */
export function namespaceNames(scope: IConstruct, prop: string, names: readonly string[]): string[] {
  names.forEach((n, i) => {
    if (n.trim() === '') throw propError(scope, `${prop}[${i}]`, 'the namespace name is empty', 'give a namespace name, or remove the entry');
    checkDnsLabel(scope, `${prop}[${i}]`, n);
  });
  return [...new Set(names)];
}
