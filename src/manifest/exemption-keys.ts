/**
 * The annotation keys that carry exemptions, and their one grammar. Pure, so the constructs that write them
 * and the rule engine that reads them agree on what a key means.
 *
 * - `waiver.cdk8s-hardening.dev/<kind>`: a pod- or object-wide waiver written by a construct from a typed prop.
 * - `<container>.waiver.cdk8s-hardening.dev/<kind>`: a container waiver. The container is part of the key (a
 *   DNS-1123 label, as container names are), so its scope is data the engine reads, never parsed from the reason.
 * - `suppress.cdk8s-hardening.dev/<rule-id>`: a suppression written by `HardeningAudit.suppress`.
 */

/** The annotation prefix under which waivers are recorded, one key per kind. */
export const WAIVER_ANNOTATION_PREFIX = 'waiver.cdk8s-hardening.dev/';
/** Annotation prefix of a per-object suppression: `suppress.cdk8s-hardening.dev/<rule-id>: <reason>`. */
export const SUPPRESSION_ANNOTATION_PREFIX = 'suppress.cdk8s-hardening.dev/';

const WAIVER_KEY = /^(?:([a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)\.)?waiver\.cdk8s-hardening\.dev\/(.+)$/;

/**
 * The waiver kinds that accept rule findings, as keys spell them; rules name theirs in `RuleMetadata.waivedBy`. The
 * first group is `WaiverKind` in kebab case (src/core/waiver.ts); the others are written by the constructs that own
 * the relaxation: secret environment variables (a container's `SecretReference` env), broad CIDRs (the network
 * model), plaintext Ingress annotations (`HardenedIngress`) and a pinned Pod Security version (`IsolatedNamespace`).
 * RBAC acknowledgements are keyed by their `RbacRisk` id instead. Kinds that accept no finding (`image-policy`,
 * `rbac-cluster-scope`…) are records only, and are not listed.
 */
export type WaiverName =
  | 'run-as-root' | 'low-ids' | 'privileged' | 'privilege-escalation' | 'add-capabilities' | 'writable-root-filesystem'
  | 'no-cpu-limit' | 'no-probes' | 'host-network' | 'host-pid' | 'host-ipc' | 'host-path' | 'single-replica' | 'service-account-token'
  | 'secret-env' | 'broad-cidr' | 'ingress-plaintext' | 'pod-security';

/**
 * Waiver kinds that relax one container, and are keyed by it (`<container>.waiver.cdk8s-hardening.dev/<kind>`). Every
 * other waiver relaxes the pod or the object (host namespaces, replicas, an RBAC risk, an exposure allowance).
 */
export const CONTAINER_WAIVER_KINDS: readonly string[] = ['run-as-root', 'low-ids', 'privileged', 'privilege-escalation', 'add-capabilities',
  'writable-root-filesystem', 'no-cpu-limit', 'no-probes', 'secret-env'];

/** A parsed exemption annotation key. */
export interface ExemptionKey {
  readonly type: 'waiver' | 'suppression';
  /** The waiver kind (`run-as-root`, an RBAC risk id…) or the suppressed rule id. */
  readonly name: string;
  /** The container a container waiver covers; undefined covers the whole object. */
  readonly container?: string;
}

/** The meaning of an annotation key, or undefined when it carries no exemption. */
export function parseExemptionKey(key: string): ExemptionKey | undefined {
  if (key.startsWith(SUPPRESSION_ANNOTATION_PREFIX)) return { type: 'suppression', name: key.slice(SUPPRESSION_ANNOTATION_PREFIX.length) };
  const m = WAIVER_KEY.exec(key);
  if (!m) return undefined;
  return { type: 'waiver', name: m[2], ...(m[1] !== undefined ? { container: m[1] } : {}) };
}

/** Key of a waiver of `kind`, scoped to `container` when given. */
export function waiverKey(kind: string, container?: string): string {
  return `${container !== undefined ? `${container}.` : ''}${WAIVER_ANNOTATION_PREFIX}${kind}`;
}
