import { WAIVER_ANNOTATION_PREFIX } from '../../manifest/exemption-keys';
import { objectRule } from '../define';
import { Severity } from '../rule';
import { describeFinding, rbacFindings } from './rbac-rule';

/**
 * A binding hands its subjects every dangerous permission of the role it references: the role's own
 * findings say what is dangerous, this one says who receives it (the "subject → binding → role" view).
 */
export const rbacBindingToDangerousRole = objectRule({
  id: 'rbac-binding-to-dangerous-role',
  title: 'Binding grants a role that holds dangerous permissions',
  severity: Severity.HIGH,
  rationale: 'A RoleBinding or ClusterRoleBinding gives its subjects everything the referenced role can do; binding a role with exec, secrets read, '
    + 'workload writes or wildcards hands those powers to every subject, including any workload running as a bound ServiceAccount.',
  fix: 'Bind a narrower role (LeastPrivilegeServiceAccount grants), or narrow the role. An acknowledged permission (waiver.cdk8s-hardening.dev/<risk> on the role) is not reported here.',
  kinds: ['RoleBinding', 'ClusterRoleBinding'],
  references: {
    kubescape: ['C-0053', 'C-0267', 'C-0272'],
    checkov: ['CKV2_K8S_1', 'CKV2_K8S_5'],
  },
  check(binding, context) {
    const ref = binding.roleRef ?? {};
    // A RoleBinding's Role is in its namespace; a ClusterRole is cluster-scoped.
    const role = ref.kind === 'Role'
      ? context.index.find('Role', binding.metadata?.namespace, ref.name)
      : context.index.ofKind('ClusterRole').find(r => r.metadata?.name === ref.name);
    if (!role) return [];
    const acknowledged = new Set(Object.keys(role.metadata?.annotations ?? {})
      .filter(k => k.startsWith(WAIVER_ANNOTATION_PREFIX)).map(k => k.slice(WAIVER_ANNOTATION_PREFIX.length)));
    const open = rbacFindings(role).filter(f => !acknowledged.has(f.id));
    if (open.length === 0) return [];
    const subjects = (binding.subjects ?? []).map((s: { kind?: string; name?: string }) => `${s.kind} ${s.name}`).join(', ') || 'no subjects';
    return [{
      message: `binds ${ref.kind} "${ref.name}" (${[...new Set(open.map(f => `${f.id}: ${describeFinding(f)}`))].join('; ')}) to ${subjects}`,
      path: 'roleRef',
    }];
  },
});
