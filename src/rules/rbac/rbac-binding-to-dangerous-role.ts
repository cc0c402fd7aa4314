import { objectRule } from '../define';
import { Manifest, ReferenceRelation, RelatedCheck, RuleContext, Severity } from '../rule';
import { describeRisks, openRoleRisks } from './rbac-rule';
import { POD_BEARING_KINDS, podTemplateOf } from '../../manifest/pod-spec';
import { serviceAccountOf } from '../workload/containers';

/**
 * A binding hands its subjects every dangerous permission of the role it references: the role's own
 * findings say what is dangerous, this one says who receives it (the "subject → binding → role" view).
 */
export const rbacBindingToDangerousRole = objectRule({
  id: 'rbac-binding-to-dangerous-role',
  title: 'Binding grants a role that holds dangerous permissions',
  severity: Severity.HIGH,
  // The workloads are looked up to name who a ServiceAccount subject's risk reaches; they do not change the verdict.
  related: { kinds: ['Role', 'ClusterRole', ...POD_BEARING_KINDS], check: RelatedCheck.CONTEXT },
  rationale: 'A RoleBinding or ClusterRoleBinding gives its subjects everything the referenced role can do; binding a role with exec, secrets read, '
    + 'workload writes or wildcards hands those powers to every subject, including any workload running as a bound ServiceAccount.',
  fix: 'Bind a narrower role (LeastPrivilegeServiceAccount grants), or narrow the role. An acknowledged permission (waiver.cdk8s-hardening.dev/<risk> on the role) is not reported here.',
  kinds: ['RoleBinding', 'ClusterRoleBinding'],
  references: {
    kubescape: ['C-0053', 'C-0267', 'C-0272'].map(id => ({
      id,
      relation: ReferenceRelation.RELATED,
      why: 'Kubescape reports the workload whose ServiceAccount a dangerous role is bound to (here rbac-workload-dangerous-role); this rule reports the binding, naming those workloads',
    })),
    checkov: ['CKV2_K8S_1', 'CKV2_K8S_5'],
  },
  check(binding, context) {
    const ref = binding.roleRef ?? {};
    const open = openRoleRisks(binding, context);
    if (!open?.length) return [];
    const subjects = (binding.subjects ?? []).map((s: Subject) => `${s.kind} ${s.name}${workloadsOf(s, binding, context)}`).join(', ') || 'no subjects';
    return [{
      message: `binds ${ref.kind} "${ref.name}" (${describeRisks(open)}) to ${subjects}`,
      path: 'roleRef',
    }];
  },
});

interface Subject {
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
}

/**
 * For a ServiceAccount subject, the workloads of the input that run as it, which is who the risk reaches (the
 * checkers' subject → binding → role view reports the workload); empty when none is in the input.
 */
function workloadsOf(subject: Subject, binding: Manifest, context: RuleContext): string {
  if (subject.kind !== 'ServiceAccount' || !subject.name) return '';
  // A ServiceAccount subject without a namespace is the binding's own namespace's (the RBAC authorizer reads it so).
  const namespace = subject.namespace ?? binding.metadata?.namespace;
  const workloads = context.index.podsIn(namespace)
    .filter(p => serviceAccountOf(podTemplateOf(p.object)!) === subject.name)
    .map(p => `${p.object.kind} "${p.object.metadata?.name}"`);
  return workloads.length ? ` (run by ${workloads.join(', ')})` : '';
}
