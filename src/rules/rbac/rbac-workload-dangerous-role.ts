import { podRule } from '../define';
import { Manifest, ReferenceRelation, RelatedCheck, RuleContext, Severity } from '../rule';
import { acknowledgedRisks, describeRisks, openRoleRisks, rbacFindings } from './rbac-rule';
import { serviceAccountOf } from '../workload/containers';

interface Subject {
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
}

/**
 * The workload view of a dangerous binding: the pod runs as a ServiceAccount that a binding of the input gives
 * dangerous permissions, through the role's rules or a built-in role (cluster-admin, admin, edit, system:). What the
 * binding rule reports on the binding, this reports on each workload it reaches, as Kubescape does.
 */
export const rbacWorkloadDangerousRole = podRule({
  id: 'rbac-workload-dangerous-role',
  title: 'Workload runs as a ServiceAccount bound to dangerous permissions',
  severity: Severity.HIGH,
  related: { kinds: ['RoleBinding', 'ClusterRoleBinding', 'Role', 'ClusterRole'], check: RelatedCheck.CONTEXT },
  rationale: 'Whoever runs code in the pod (a compromised dependency, an exploited request) holds its ServiceAccount\'s token, and with it every '
    + 'permission bound to that account: exec into other pods, read every Secret, create pods as any account of the namespace.',
  fix: 'Run the workload as a ServiceAccount with only the permissions it calls (LeastPrivilegeServiceAccount grants), or narrow the role. '
    + 'A permission acknowledged on the role or binding (waiver.cdk8s-hardening.dev/<risk>) is not reported here.',
  references: {
    kubescape: [
      { id: 'C-0053', relation: ReferenceRelation.RELATED, why: 'C-0053 lists workloads whose ServiceAccount has any RBAC permission; this rule reports the dangerous ones of the risk catalogue only' },
      { id: 'C-0267', relation: ReferenceRelation.RELATED, why: 'C-0267 reports workloads bound to a fixed set of cluster-takeover permissions; this rule reports every risk of the catalogue, acknowledged ones excepted' },
      { id: 'C-0272', relation: ReferenceRelation.RELATED, why: 'C-0272 reports workloads bound to administrative roles; this rule reports every risk of the catalogue, acknowledged ones excepted' },
    ],
  },
  checkPod(pod, object, context) {
    const account = serviceAccountOf(pod);
    const namespace = object.metadata?.namespace;
    const grants = bindingsOf(context, namespace, account).flatMap(binding => {
      const acknowledged = acknowledgedRisks(binding);
      // A built-in role (cluster-admin, admin, edit, system:) is dangerous by its name, whether or not the input holds it.
      const risks = [...rbacFindings(binding).filter(f => f.path === 'roleRef' && !acknowledged.has(f.id)), ...openRoleRisks(binding, context) ?? []];
      return risks.length ? [`${binding.kind} "${binding.metadata?.name}" binds ${binding.roleRef?.kind} "${binding.roleRef?.name}" (${describeRisks(risks)})`] : [];
    });
    if (grants.length === 0) return [];
    return [{ message: `runs as ServiceAccount "${account}", to which ${grants.join('; ')}`, path: `${pod.path}.serviceAccountName` }];
  },
});

/**
 * The bindings of the input that name the account: as a ServiceAccount subject (without a namespace, the binding's),
 * as its user name, or through the groups every ServiceAccount (of the namespace) is in: system:serviceaccounts[:ns] and
 * system:authenticated.
 */
function bindingsOf(context: RuleContext, namespace: string | undefined, account: string): Manifest[] {
  const groups = ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'];
  const names = (b: Manifest, defaultNamespace: string | undefined) => (b.subjects ?? []).some((s: Subject) =>
    (s.kind === 'ServiceAccount' && s.name === account && (s.namespace ?? defaultNamespace) === namespace)
    || (s.kind === 'User' && s.name === `system:serviceaccount:${namespace}:${account}`)
    || (s.kind === 'Group' && groups.includes(s.name ?? '')));
  // A RoleBinding grants in its own namespace only, so one of another namespace gives this pod nothing.
  return [...context.index.inNamespace('RoleBinding', namespace).filter(b => names(b, namespace)),
    ...context.index.ofKind('ClusterRoleBinding').filter(b => names(b, undefined))];
}
