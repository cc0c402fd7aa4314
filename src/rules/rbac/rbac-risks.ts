/**
 * One rule per dangerous RBAC permission or binding. The detection is the shared, pure detector that
 * LeastPrivilegeServiceAccount also uses to refuse grants, so a Role reads the same whether a construct
 * or a YAML file wrote it; each rule is that detector filtered to its risk.
 */
import { dangerousRbacObject, describeBinding, describePermission, RBAC_RISKS, RbacObjectFinding } from '../../rbac/dangerous-permissions';
import { objectRule } from '../define';
import { Manifest, Rule, Severity } from '../rule';

export const RBAC_KINDS = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];

// Each object is judged once for all RBAC rules, not once per rule.
const cache = new WeakMap<Manifest, RbacObjectFinding[]>();
export function rbacFindings(object: Manifest): RbacObjectFinding[] {
  let found = cache.get(object);
  if (!found) cache.set(object, found = dangerousRbacObject(object));
  return found;
}

export function describeFinding(f: RbacObjectFinding): string {
  return 'verb' in f.matched ? describePermission(f.matched) : describeBinding(f.matched);
}

export const RBAC_RULES: readonly Rule[] = RBAC_RISKS.map(risk => objectRule({
  id: risk.id,
  title: risk.title,
  severity: risk.severity as Severity,
  rationale: risk.why,
  fix: 'Grant the narrowest verbs on named objects (LeastPrivilegeServiceAccount.grantRead/grant with resourceNames), or bind a Role that does not hold this permission. '
    + `If it is truly needed, acknowledge it: Acknowledgement.of(RbacRisk, '<why>') on the grant, or the annotation waiver.cdk8s-hardening.dev/${risk.id}: <why>.`,
  kinds: RBAC_KINDS,
  references: risk.references.reduce<Record<string, string[]>>((acc, r) => ({ ...acc, [r.framework]: [...(acc[r.framework] ?? []), r.id] }), {}),
  check: object => rbacFindings(object)
    .filter(f => f.id === risk.id)
    .map(f => ({ message: `${object.kind} "${object.metadata?.name}" ${'verb' in f.matched ? 'grants' : 'binds'} ${describeFinding(f)}`, path: f.path })),
}));
