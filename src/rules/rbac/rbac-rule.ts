/**
 * What every RBAC rule shares. The detection is the shared, pure detector that LeastPrivilegeServiceAccount also
 * refuses grants with, so a Role reads the same whether a construct or a YAML file wrote it; each rule is that
 * detector filtered to its risk, with the risk's catalogue entry as its severity, rationale and references.
 */
import { dangerousRbacObject, describeBinding, describePermission, RbacObjectFinding } from '../../detectors/dangerous-permissions';
import { RbacRisk, rbacRisk, rbacRiskKey } from '../../detectors/rbac-risks';
import { WAIVER_ANNOTATION_PREFIX } from '../../manifest/exemption-keys';
import { objectRule } from '../define';
import { Manifest, ReferenceClaim, References, Rule, RuleContext } from '../rule';

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

/** Whether a specific risk is carried only by a wildcard grant of its rule (`get *` for a secrets read). */
export function throughWildcard(f: RbacObjectFinding): boolean {
  return 'throughWildcard' in f && f.throughWildcard;
}

/** The risk ids acknowledged on an object (`waiver.cdk8s-hardening.dev/<risk>`, as LeastPrivilegeServiceAccount writes them). */
export function acknowledgedRisks(object: Manifest): Set<string> {
  return new Set(Object.keys(object.metadata?.annotations ?? {})
    .filter(k => k.startsWith(WAIVER_ANNOTATION_PREFIX)).map(k => k.slice(WAIVER_ANNOTATION_PREFIX.length)));
}

/**
 * The dangerous permissions a binding grants through the role it references, less those acknowledged on the role;
 * undefined when the role is not in the input (it is judged where it is).
 */
export function openRoleRisks(binding: Manifest, context: RuleContext): RbacObjectFinding[] | undefined {
  const ref = binding.roleRef ?? {};
  // A RoleBinding's Role is in its namespace; a ClusterRole is cluster-scoped.
  const role = ref.kind === 'Role'
    ? context.index.find('Role', binding.metadata?.namespace, ref.name)
    : context.index.ofKind('ClusterRole').find(r => r.metadata?.name === ref.name);
  if (!role) return undefined;
  const acknowledged = acknowledgedRisks(role);
  return rbacFindings(role).filter(f => !acknowledged.has(f.id));
}

/**
 * Risks, each once: named risks and wildcards with their grant, the risks only a wildcard carries grouped after the
 * wildcard grant that carries them (`rbac-secrets-read, rbac-pods-exec through get *`).
 */
export function describeRisks(open: readonly RbacObjectFinding[]): string {
  const parts = [...new Set(open.filter(f => !throughWildcard(f)).map(f => `${f.id}: ${describeFinding(f)}`))];
  const carried = new Map<string, string[]>();
  for (const f of open.filter(throughWildcard)) {
    const ids = carried.get(describeFinding(f)) ?? [];
    if (!ids.includes(f.id)) ids.push(f.id);
    carried.set(describeFinding(f), ids);
  }
  for (const [grant, ids] of carried) parts.push(`${ids.join(', ')} through ${grant}`);
  return parts.join('; ');
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
    references: definition.references.reduce<Record<string, Array<string | ReferenceClaim>>>((acc, r) => ({
      ...acc, [r.framework]: [...(acc[r.framework] ?? []), r.why ? { id: r.id, relation: r.relation, why: r.why } : r.id],
    }), {}) as References,
    check: object => rbacFindings(object)
      .filter(f => f.id === risk)
      // A risk carried by a wildcard says so: `grants get *` alone would not tell a reader why it is a secrets read.
      .map(f => ({
        message: `${object.kind} "${object.metadata?.name}" ${'verb' in f.matched ? 'grants' : 'binds'} ${describeFinding(f)}`
          + (throughWildcard(f) ? `, a wildcard that includes ${definition.title}` : ''),
        path: f.path,
      })),
  });
}
