/**
 * An RBAC verb. Prefer the grant helpers (`grantRead`, `grantWrite`) and list verbs only for what they do not cover.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/authorization/#determine-the-request-verb
 */
export enum Verb {
  /** Read one object (also WebSocket `exec`/`attach`/`portforward` on those subresources). */
  GET = 'get',
  /** Read every object of the type (by name only with resourceNames and a `metadata.name` field selector). */
  LIST = 'list',
  /** Stream changes to objects. */
  WATCH = 'watch',
  /** Create objects; cannot be restricted to names, except on subresources of a named object. */
  CREATE = 'create',
  /** Replace objects. */
  UPDATE = 'update',
  /** Change fields of objects. */
  PATCH = 'patch',
  /** Delete one object. */
  DELETE = 'delete',
  /** Delete every object matching a selector; cannot be restricted to names. */
  DELETE_COLLECTION = 'deletecollection',
  /** Bind a Role or ClusterRole in a binding without holding its permissions. Refused unless acknowledged. */
  BIND = 'bind',
  /** Write Roles with permissions the writer does not hold. Refused unless acknowledged. */
  ESCALATE = 'escalate',
  /** Act as another user, group or ServiceAccount. Refused unless acknowledged. */
  IMPERSONATE = 'impersonate',
  /** Approve certificate signing requests for a signer. Refused unless acknowledged. */
  APPROVE = 'approve',
  /** Sign certificate signing requests for a signer. */
  SIGN = 'sign',
  /** Every verb (`*`). Refused unless acknowledged. */
  ALL = '*',
}

const ORDER: string[] = Object.values(Verb);

/** Verbs in the order above (reads, writes, deletes, special), so synthesized rules read naturally. */
export function sortVerbs(verbs: Iterable<string>): string[] {
  const rank = (v: string) => (ORDER.includes(v) ? ORDER.indexOf(v) : ORDER.length);
  return [...new Set(verbs)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}
