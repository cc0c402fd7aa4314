/**
 * Evaluates ValidatingAdmissionPolicies the way the API server does, with @bufbuild/cel: resource rules, then
 * matchConditions, then variables (in order, each seeing the earlier ones), then validations and their messages.
 *
 * The policies use standard CEL plus the strings extension (`join`), which Kubernetes enables and bufbuild ships, so no
 * Kubernetes-specific function is emulated. Inputs are converted as the API server presents them: objects as maps,
 * integers as CEL ints (not doubles), and null fields dropped (the API server drops them when decoding typed objects).
 * One difference is deliberate: variables are evaluated eagerly, and any evaluation error fails the test, where the
 * API server evaluates lazily and applies the failure policy, so an expression that can error is caught here.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const cel = require('@bufbuild/cel');
const { strings } = require('@bufbuild/cel/ext');

const ENV = cel.celEnv({ funcs: strings });
const PLANS = new Map<string, (bindings: Record<string, unknown>) => unknown>();

// Resource names of the kinds the policies match, by kind.
const RESOURCES: Record<string, string> = {
  Pod: 'pods',
  ReplicationController: 'replicationcontrollers',
  Deployment: 'deployments',
  StatefulSet: 'statefulsets',
  DaemonSet: 'daemonsets',
  ReplicaSet: 'replicasets',
  Job: 'jobs',
  CronJob: 'cronjobs',
  Service: 'services',
  Secret: 'secrets',
};

/** An admission request, as far as the policies read it. */
export interface AdmissionRequest {
  readonly operation?: 'CREATE' | 'UPDATE';
  readonly object: any;
  readonly oldObject?: any;
  /** Defaults to the object's namespace, else `default`. */
  readonly namespace?: string;
  readonly username?: string;
  readonly groups?: string[];
  /** e.g. `ephemeralcontainers` for `kubectl debug`. */
  readonly subResource?: string;
}

/** What one policy decided for one request. */
export interface Verdict {
  /** Whether the policy applies at all (resource rules and match conditions). */
  readonly matched: boolean;
  /** Messages of the failed validations; empty when admitted. */
  readonly messages: string[];
}

/** Evaluates one CEL expression; throws on evaluation errors, naming the expression. */
export function evalCel(expression: string, bindings: Record<string, unknown>): unknown {
  let planned = PLANS.get(expression);
  if (!planned) {
    planned = cel.plan(ENV, cel.parse(expression)) as (b: Record<string, unknown>) => unknown;
    PLANS.set(expression, planned);
  }
  const result = planned(bindings);
  if (cel.isCelError(result)) throw new Error(`CEL error in ${expression}: ${(result as Error).message}`);
  return result;
}

/** A JSON value as the API server hands it to CEL. */
export function toCel(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toCel);
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value) : value;
  if (value !== null && typeof value === 'object') {
    return new Map(Object.entries(value).filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => [k, toCel(v)]));
  }
  return value;
}

/** Evaluates a ValidatingAdmissionPolicy (plain JSON, as synthesized) on a request. */
export function evaluatePolicy(policy: any, request: AdmissionRequest): Verdict {
  const spec = policy.spec;
  const object = request.object;
  const [group] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : [''];
  const resource = RESOURCES[object.kind] + (request.subResource ? `/${request.subResource}` : '');
  const operation = request.operation ?? 'CREATE';
  const inRules = (spec.matchConstraints.resourceRules as any[]).some(r =>
    r.apiGroups.includes(group) && r.resources.includes(resource) && r.operations.includes(operation));
  if (!inRules) return { matched: false, messages: [] };

  const bindings: Record<string, unknown> = {
    object: toCel(object),
    oldObject: request.oldObject ? toCel(request.oldObject) : null,
    request: toCel({
      operation,
      namespace: request.namespace ?? object.metadata?.namespace ?? 'default',
      userInfo: { username: request.username ?? 'jane@example.com', groups: request.groups ?? ['system:authenticated'] },
    }),
  };
  for (const condition of spec.matchConditions ?? []) {
    if (evalCel(condition.expression, bindings) !== true) return { matched: false, messages: [] };
  }
  const variables = new Map<string, unknown>();
  bindings.variables = variables;
  for (const v of spec.variables ?? []) variables.set(v.name, evalCel(v.expression, bindings));
  const messages: string[] = [];
  for (const validation of spec.validations) {
    const ok = evalCel(validation.expression, bindings);
    if (typeof ok !== 'boolean') throw new Error(`${validation.expression} evaluated to ${String(ok)}, not a bool`);
    if (ok) continue;
    const message = validation.messageExpression ? evalCel(validation.messageExpression, bindings) : validation.message;
    if (typeof message !== 'string') throw new Error(`${validation.messageExpression} evaluated to ${String(message)}, not a string`);
    messages.push(message);
  }
  return { matched: true, messages };
}
