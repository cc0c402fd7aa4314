import { podTemplateOf } from '../../manifest/pod-spec';
import { objectRule } from '../define';
import { ObjectIndex } from '../object-index';
import { Manifest, References, RelatedCheck, RuleContext, Severity } from '../rule';
import { serviceAccountOf } from '../workload/containers';

const SA_TOKEN_NAME = 'kubernetes.io/service-account.name';

/**
 * A ServiceAccount nothing in the input uses: no workload runs as it, no binding grants it anything, no token Secret
 * is issued for it, no other object names it (an External Secrets SecretStore logs in as its `serviceAccountRef`, a
 * Tekton or Argo resource runs as its `serviceAccountName`). An identity nobody needs is one more that `create pods`
 * or `serviceaccounts/token` can act as.
 *
 * Not "a ServiceAccount without a binding" alone: a workload's own ServiceAccount with no grants is least privilege
 * done right (HardenedDeployment makes one per workload). It runs on complete input only: on part of a namespace, the
 * workload or binding that uses the account may be deployed by someone else.
 */
export const rbacServiceAccountUnused = objectRule({
  id: 'rbac-service-account-unused',
  title: 'ServiceAccount is used by nothing in the input',
  severity: Severity.LOW,
  related: { kinds: ['*'], check: RelatedCheck.DANGLING },
  rationale: 'A ServiceAccount that no workload runs as and no binding names is an identity nobody needs: it is left over from a removed workload, '
    + 'or made for one that never came, and it is one more account that anyone allowed to create pods or tokens in the namespace can act as.',
  fix: 'Delete it, or run the workload that needs it as it. `default` is not reported: the namespace controller creates it in every namespace.',
  kinds: ['ServiceAccount'],
  // No checker of the catalog has the control; as for the RBAC risks no checker flags, the Kubernetes documentation is cited.
  references: { k8s: ['rbac-good-practices#least-privilege'] } as References,
  check(account, context) {
    const name = account.metadata?.name;
    // The namespace controller recreates `default`: declaring it configures it (automount), it is not a leftover.
    if (!name || name === 'default') return [];
    const namespace = account.metadata?.namespace;
    // Any use keeps it: a workload, a binding, a legacy token Secret, another object naming it.
    if (usedByWorkload(context, namespace, name) || boundBy(context, namespace, name) || context.index.inNamespace('Secret', namespace)
      .some(s => s.type === 'kubernetes.io/service-account-token' && s.metadata?.annotations?.[SA_TOKEN_NAME] === name)
      || namedAccounts(context.index).has(`${namespace ?? ''}/${name}`)) return [];
    return [{
      message: `ServiceAccount "${name}" is used by nothing in the input: no workload runs as it, no binding grants it a role, no token Secret is issued for it, `
        + 'no other object names it',
      path: 'metadata.name',
    }];
  },
});

function usedByWorkload(context: RuleContext, namespace: string | undefined, name: string): boolean {
  return context.index.podsIn(namespace).some(p => serviceAccountOf(podTemplateOf(p.object)!) === name);
}

/** Whether a binding names the account: a RoleBinding of its namespace (a subject without a namespace is the binding's), or a ClusterRoleBinding. */
function boundBy(context: RuleContext, namespace: string | undefined, name: string): boolean {
  type Subject = { kind?: string; name?: string; namespace?: string };
  const names = (b: Manifest, defaultNamespace: string | undefined) => (b.subjects ?? []).some((s: Subject) =>
    (s.kind === 'ServiceAccount' && s.name === name && (s.namespace ?? defaultNamespace) === namespace)
    || (s.kind === 'User' && s.name === `system:serviceaccount:${namespace}:${name}`));
  return context.index.ofKind('RoleBinding').some(b => names(b, b.metadata?.namespace))
    || context.index.ofKind('ClusterRoleBinding').some(b => names(b, undefined));
}

const MAX_DEPTH = 12;
// The accounts other objects name, read once per audit: every ServiceAccount is looked up in it.
const named = new WeakMap<ObjectIndex, Set<string>>();

/**
 * The accounts (`namespace/name`) other objects name in their spec: a `serviceAccountName` (of the object's namespace),
 * or a `serviceAccountRef`/`serviceAccount` object `{ name, namespace? }` (the object's namespace when none is given).
 * Pod templates are read by `usedByWorkload`; this catches the custom resources that act as an account.
 */
function namedAccounts(index: ObjectIndex): Set<string> {
  let found = named.get(index);
  if (found) return found;
  found = new Set();
  const into = found;
  const visit = (value: unknown, own: string, depth: number): void => {
    if (depth > MAX_DEPTH || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach(v => visit(v, own, depth + 1));
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
      if (key === 'serviceAccountName' && typeof v === 'string') {into.add(`${own}/${v}`);} else if ((key === 'serviceAccountRef' || key === 'serviceAccount') && v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string') {
        const ref = v as { name: string; namespace?: string };
        into.add(`${ref.namespace ?? own}/${ref.name}`);
      } else {visit(v, own, depth + 1);}
    }
  };
  for (const object of index.objects) visit(object.spec, object.metadata?.namespace ?? '', 0);
  named.set(index, found);
  return found;
}
