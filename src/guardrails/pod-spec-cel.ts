/**
 * CEL building blocks for admission policies over pods and pod templates. Every expression guards optional fields
 * with `has()` (an absent field is an evaluation error in CEL, which the failure policy would turn into a denial),
 * and uses only standard CEL plus the strings extension Kubernetes enables (`join`), so each one runs unchanged
 * in the API server and in the tests.
 */

/** A named CEL expression of a ValidatingAdmissionPolicy (`variables` and `matchConditions` entries). */
export interface NamedExpression {
  readonly name: string;
  readonly expression: string;
}

/** A CEL string literal (JSON string escapes are valid CEL escapes). */
export function celString(value: string): string {
  return JSON.stringify(value);
}

/** A CEL list of string literals. */
export function celList(values: readonly string[]): string {
  return `[${values.map(celString).join(', ')}]`;
}

/** `has()` for every step of `path` below `base`, e.g. `has(c.securityContext) && has(c.securityContext.privileged)`. */
export function hasPath(base: string, path: readonly string[]): string {
  return path.map((_, i) => `has(${[base, ...path.slice(0, i + 1)].join('.')})`).join(' && ');
}

/** The value at `path` below `base` equals `value` (a CEL literal); false when any step is absent. */
export function fieldIs(base: string, path: readonly string[], value: string): string {
  return `${hasPath(base, path)} && ${[base, ...path].join('.')} == ${value}`;
}

/** The pod spec inside `object` or `oldObject`: the Pod's own, a CronJob's job template's, or any other kind's template's. */
export function podSpecOf(object: 'object' | 'oldObject'): string {
  return `${object}.kind == 'Pod' ? ${object}.spec : ${object}.kind == 'CronJob' ? ${object}.spec.jobTemplate.spec.template.spec : ${object}.spec.template.spec`;
}

/** Where the pod-bearing kinds live, for `matchConstraints.resourceRules`. */
export const POD_RESOURCE_RULES = [
  // pods/ephemeralcontainers is how `kubectl debug` adds containers to a running pod.
  { apiGroups: [''], apiVersions: ['v1'], resources: ['pods', 'pods/ephemeralcontainers', 'replicationcontrollers'] },
  { apiGroups: ['apps'], apiVersions: ['v1'], resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'] },
  { apiGroups: ['batch'], apiVersions: ['v1'], resources: ['jobs', 'cronjobs'] },
];

/**
 * Skips updates that leave the pod spec as it was (scaling, labels, finalizers, status), as Pod Security Admission
 * does, so a workload that predates the policy can still be scaled, relabelled and deleted.
 */
export const POD_SPEC_CHANGED: NamedExpression = {
  name: 'pod-spec-changed',
  expression: `request.operation != 'UPDATE' || (${podSpecOf('oldObject')}) != (${podSpecOf('object')})`,
};

/** `variables.podSpec` and `variables.containers` (containers, init containers and ephemeral containers, in that order). */
export const POD_VARIABLES: readonly NamedExpression[] = [
  { name: 'podSpec', expression: podSpecOf('object') },
  {
    name: 'containers',
    expression: ['containers', 'initContainers', 'ephemeralContainers']
      .map(list => `(has(variables.podSpec.${list}) ? variables.podSpec.${list} : [])`).join(' + '),
  },
];

/** `variables.isWindows`: Pod Security exempts pods declaring `spec.os.name: windows` from the Linux-only restricted checks. */
export const IS_WINDOWS: NamedExpression = {
  name: 'isWindows',
  expression: fieldIs('variables.podSpec', ['os', 'name'], "'windows'"),
};

/** The names of the containers (of `variables.containers`) for which `condition` on `c` holds. */
export function containersWhere(condition: string): string {
  return `variables.containers.filter(c, ${condition}).map(c, c.name)`;
}

/** A message expression naming the containers in a list variable: `'<prefix>' + names + '<suffix>'`. */
export function namingMessage(variable: string, prefix: string, suffix: string): string {
  return `${celString(prefix)} + variables.${variable}.join(', ') + ${celString(suffix)}`;
}
