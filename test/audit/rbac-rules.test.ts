import { runAudit } from '../../src/rules/engine';

const role = (annotations: Record<string, string> = {}) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'Role',
  metadata: { name: 'debugger', namespace: 'team', annotations },
  rules: [
    { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] },
    { apiGroups: [''], resources: ['configmaps'], verbs: ['get'], resourceNames: ['settings'] },
  ],
});
const binding = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: 'debugger', namespace: 'team' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'debugger' },
  subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: 'team' }],
};
const audit = (objects: any[]) => runAudit(objects.map(object => ({ object })), { packs: ['all'] }).findings;

describe('RBAC rules', () => {
  test('a Role with pods/exec is reported at the rule that holds it, and its binding names who receives it', () => {
    const findings = audit([role(), binding]);
    expect(findings.map(f => [f.ruleId, f.object.kind, f.paths, f.suppressed])).toEqual([
      ['rbac-pods-exec', 'Role', ['rules[0]'], false],
      ['rbac-binding-to-dangerous-role', 'RoleBinding', ['roleRef'], false],
    ]);
    expect(findings[0].references).toEqual(expect.arrayContaining([{ framework: 'kubescape', id: 'C-0002' }]));
    expect(findings[1].message).toMatch(/binds Role "debugger" \(rbac-pods-exec: create pods\/exec\) to ServiceAccount api/);
  });

  test('an acknowledged permission (the LeastPrivilegeServiceAccount annotation) is a suppressed finding, and the binding is clean', () => {
    const findings = audit([role({ 'waiver.cdk8s-hardening.dev/rbac-pods-exec': 'runs pg_dump in db-0 nightly; OPS-12' }), binding]);
    expect(findings.map(f => [f.ruleId, f.suppressed, f.justification])).toEqual([['rbac-pods-exec', true, 'runs pg_dump in db-0 nightly; OPS-12']]);
  });

  test('bindings to cluster-admin and to system:anonymous are reported on the binding', () => {
    const crb = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'oops' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'User', name: 'system:anonymous', apiGroup: 'rbac.authorization.k8s.io' }],
    };
    expect(audit([crb]).map(f => f.ruleId).sort()).toEqual(expect.arrayContaining(['rbac-binding-cluster-admin', 'rbac-subject-anonymous']));
  });
});
