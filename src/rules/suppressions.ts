import { Manifest } from './rule';
import { MIN_JUSTIFICATION, WAIVER_ANNOTATION_PREFIX } from '../core/waiver';

/** Annotation prefix of a per-object suppression: `suppress.cdk8s-hardening.dev/<rule-id>: <reason>`. */
export const SUPPRESSION_ANNOTATION_PREFIX = 'suppress.cdk8s-hardening.dev/';


/** A suppression given to the engine rather than written on the object (CLI file or API option). */
export interface SuppressionSpec {
  readonly ruleId: string;
  readonly reason: string;
  /** Restricts it to objects of this kind. */
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
}

/** Which rules each construct waiver (`waiver.cdk8s-hardening.dev/<kind>`) justifies. */
const WAIVED_RULES: Readonly<Record<string, readonly string[]>> = {
  'run-as-root': ['pss-run-as-non-root', 'pss-run-as-user', 'container-high-ids'],
  'low-ids': ['container-high-ids'],
  'privileged': ['pss-privileged', 'pss-allow-privilege-escalation'],
  'privilege-escalation': ['pss-allow-privilege-escalation'],
  'add-capabilities': ['pss-capabilities-baseline', 'pss-capabilities-restricted'],
  'writable-root-filesystem': ['container-read-only-root-filesystem'],
  'no-cpu-limit': ['container-resource-limits'],
  'no-probes': ['container-liveness-probe', 'container-readiness-probe'],
  'host-network': ['pss-host-namespaces', 'pss-host-ports'],
  'host-pid': ['pss-host-namespaces'],
  'host-ipc': ['pss-host-namespaces'],
  'host-path': ['pss-host-path-volumes', 'pss-restricted-volumes', 'pod-host-path-sensitive'],
  'single-replica': ['workload-replicas', 'workload-topology-spread'],
  'service-account-token': ['pod-automount-service-account-token'],
  'secret-env': ['container-secret-env'],
};

/** One reason a finding is justified, and how far it reaches. */
export interface Justification {
  readonly ruleId: string;
  readonly reason: string;
  /** Containers it covers (a container waiver); undefined covers the whole object. */
  readonly containers?: readonly string[];
  readonly source: 'annotation' | 'waiver' | 'option';
}

/** An annotation suppression that could not be applied, or that matched nothing. */
export interface SuppressionProblem {
  readonly ruleId: string;
  readonly reason: string;
  readonly object?: string;
  readonly problem: string;
}

/** The justifications written on an object: its suppression annotations and its construct waivers. */
export function objectJustifications(object: Manifest, problems: SuppressionProblem[], knownRule: (id: string) => boolean): Justification[] {
  const out: Justification[] = [];
  for (const [key, value] of Object.entries(object.metadata?.annotations ?? {})) {
    if (key.startsWith(SUPPRESSION_ANNOTATION_PREFIX)) {
      const ruleId = key.slice(SUPPRESSION_ANNOTATION_PREFIX.length);
      const problem = !knownRule(ruleId) ? 'no rule has this id'
        : value.trim().length < MIN_JUSTIFICATION ? `the reason must have at least ${MIN_JUSTIFICATION} characters` : undefined;
      if (problem) problems.push({ ruleId, reason: value, object: describe(object), problem });
      else out.push({ ruleId, reason: value, source: 'annotation' });
    } else if (key.startsWith(WAIVER_ANNOTATION_PREFIX)) {
      const kind = key.slice(WAIVER_ANNOTATION_PREFIX.length);
      // RBAC acknowledgements are keyed by the id of the risk, which is also its rule's id.
      for (const ruleId of WAIVED_RULES[kind] ?? (knownRule(kind) ? [kind] : [])) {
        // Each line is "container <name>[ detail]: <why>" for container waivers, or just "<why>" for the pod.
        const lines = value.split('\n');
        const containers = lines.map(l => /^container ([a-z0-9-]+)[ :]/.exec(l)?.[1]).filter((c): c is string => c !== undefined);
        out.push({ ruleId, reason: value, containers: containers.length === lines.length ? containers : undefined, source: 'waiver' });
      }
    }
  }
  return out;
}

/** Whether a suppression given as an option applies to an object. */
export function specMatches(spec: SuppressionSpec, object: Manifest): boolean {
  return (spec.kind === undefined || spec.kind === object.kind)
    && (spec.namespace === undefined || spec.namespace === object.metadata?.namespace)
    && (spec.name === undefined || spec.name === object.metadata?.name);
}

/** `Kind namespace/name`, as reports name objects. */
export function describe(object: Manifest): string {
  const ns = object.metadata?.namespace;
  return `${object.kind ?? '?'} ${ns ? `${ns}/` : ''}${object.metadata?.name ?? '?'}`;
}
