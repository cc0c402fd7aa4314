/**
 * What every RBAC rule shares. The detection is the shared, pure detector that LeastPrivilegeServiceAccount also
 * refuses grants with, so a Role reads the same whether a construct or a YAML file wrote it; each rule is that
 * detector filtered to its risk, with the risk's catalogue entry as its severity, rationale and references.
 */
import { dangerousRbacObject, describeBinding, describePermission, RbacObjectFinding } from '../../detectors/dangerous-permissions';
import { RbacRisk, rbacRisk, rbacRiskKey } from '../../detectors/rbac-risks';
import { objectRule } from '../define';
import { Manifest, ReferenceClaim, References, Rule } from '../rule';

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

/** What an RBAC rule says beyond its risk's catalogue entry. */
export interface RbacRiskRuleProps {
  /** One sentence: what is wrong with the object that holds the risk. */
  readonly title: string;
  /** How to do without the risk; the way to acknowledge it when it is truly needed is added. */
  readonly fix: string;
}

/** The rule reporting one risk, on the Role, ClusterRole or binding that holds it. */
export function rbacRiskRule(risk: RbacRisk, props: RbacRiskRuleProps): Rule {
  const definition = rbacRisk(risk);
  return objectRule({
    id: risk,
    title: props.title,
    severity: definition.severity,
    rationale: definition.why,
    fix: `${props.fix} If it is truly needed, acknowledge it: Acknowledgement.of(RbacRisk.${rbacRiskKey(risk)}, '<why>') on the grant, `
      + `or the annotation waiver.cdk8s-hardening.dev/${risk}: <why>.`,
    kinds: RBAC_KINDS,
    // An acknowledgement is keyed by the id of the risk, which is the rule's id.
    waivedBy: [risk],
    references: definition.references.reduce<Record<string, Array<string | ReferenceClaim>>>(
      (acc, r) => ({ ...acc, [r.framework]: [...(acc[r.framework] ?? []), r.why ? { id: r.id, relation: r.relation, why: r.why } : r.id] }), {}) as References,
    check: object => rbacFindings(object)
      .filter(f => f.id === risk)
      .map(f => ({ message: `${object.kind} "${object.metadata?.name}" ${'verb' in f.matched ? 'grants' : 'binds'} ${describeFinding(f)}`, path: f.path })),
  });
}
