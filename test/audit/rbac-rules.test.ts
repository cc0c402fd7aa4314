import { runAudit } from '../../src/rules/engine';
import { RBAC_RULES } from '../../src/rules/rbac/rbac-risks';
import { RuleCase, testRules } from '../rules/rule-cases';

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

const rbacRule = (id: string) => RBAC_RULES.find(r => r.id === id)!;
const roleWith = (kind: 'Role' | 'ClusterRole', name: string, rules: any[]) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name, ...(kind === 'Role' ? { namespace: 'team' } : {}) }, rules,
});
/** What must keep passing every new rule: reading pods and services, evicting pods (PodDisruptionBudgets apply), reading nodes, namespaces, CRDs. */
const LEGITIMATE = [
  roleWith('Role', 'reader', [
    { apiGroups: [''], resources: ['pods', 'services', 'pods/log'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['pods/eviction'], verbs: ['create'] },
  ]),
  roleWith('ClusterRole', 'inventory', [
    { apiGroups: [''], resources: ['nodes', 'nodes/status', 'namespaces'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['get', 'list'] },
    { apiGroups: ['apiregistration.k8s.io'], resources: ['apiservices'], verbs: ['get'] },
    { apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests'], verbs: ['create', 'get'] },
  ]),
  {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'view', namespace: 'team' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ kind: 'Group', name: 'devs' }],
  },
];
const NOT_RBAC = [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pods-proxy', namespace: 'team' }, data: { verbs: '*' } }];
const ruleCase = (id: string, rules: any[], message: string, kind: 'Role' | 'ClusterRole' = 'ClusterRole'): RuleCase => ({
  rule: rbacRule(id), compliant: LEGITIMATE, nonCompliant: [roleWith(kind, 'risky', rules)], expected: [{ message, path: 'rules[0]' }], notApplicable: NOT_RBAC,
});

describe('the rules of the risks added for gate integrity', () => {
  testRules([
    ruleCase('rbac-pods-proxy', [{ apiGroups: [''], resources: ['pods/proxy'], verbs: ['get'] }], 'Role "risky" grants get pods/proxy', 'Role'),
    ruleCase('rbac-services-proxy', [{ apiGroups: [''], resources: ['services/proxy'], verbs: ['create'] }], 'Role "risky" grants create services/proxy', 'Role'),
    ruleCase('rbac-nodes-write', [{ apiGroups: [''], resources: ['nodes'], verbs: ['get', 'patch'] }], 'ClusterRole "risky" grants patch nodes'),
    ruleCase('rbac-namespaces-write', [{ apiGroups: [''], resources: ['namespaces'], verbs: ['update'], resourceNames: ['team'] }], 'grants update namespaces "team"', 'Role'),
    ruleCase('rbac-namespaces-delete', [{ apiGroups: [''], resources: ['namespaces'], verbs: ['delete'] }], 'grants delete namespaces'),
    ruleCase('rbac-csr-signing', [{ apiGroups: ['certificates.k8s.io'], resources: ['signers'], verbs: ['sign'] }], 'grants sign signers.certificates.k8s.io'),
    ruleCase('rbac-apiservices-write', [{ apiGroups: ['apiregistration.k8s.io'], resources: ['apiservices'], verbs: ['create'] }], 'grants create apiservices.apiregistration.k8s.io'),
    ruleCase('rbac-crd-write', [{ apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['delete'] }], 'grants delete customresourcedefinitions.apiextensions.k8s.io'),
    {
      rule: rbacRule('rbac-binding-system-role'),
      compliant: LEGITIMATE,
      nonCompliant: [{
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: 'ClusterRoleBinding',
        metadata: { name: 'as-node' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:node' },
        subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: 'team' }],
      }],
      expected: [{ message: 'ClusterRoleBinding "as-node" binds roleRef ClusterRole/system:node', path: 'roleRef' }],
      notApplicable: [...NOT_RBAC, roleWith('ClusterRole', 'system:node', [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }])],
    },
  ]);

  test('a wildcard is reported as itself and as each specific risk, and an acknowledged wildcard leaves the specific risk open', () => {
    const wild = (annotations: Record<string, string> = {}) => ({
      ...role(annotations), rules: [{ apiGroups: [''], resources: ['pods/exec'], verbs: ['*'] }],
    });
    expect(audit([wild(), binding]).map(f => [f.ruleId, f.suppressed])).toEqual([
      ['rbac-wildcard-verbs', false], ['rbac-pods-exec', false], ['rbac-binding-to-dangerous-role', false],
    ]);
    const acknowledged = audit([wild({ 'waiver.cdk8s-hardening.dev/rbac-wildcard-verbs': 'the debugger needs every exec verb; SEC-7' }), binding]);
    expect(acknowledged.map(f => [f.ruleId, f.suppressed])).toEqual([
      ['rbac-wildcard-verbs', true], ['rbac-pods-exec', false], ['rbac-binding-to-dangerous-role', false],
    ]);
    expect(acknowledged[2].message).toMatch(/\(rbac-pods-exec: \* pods\/exec\) to ServiceAccount api/);
  });
});
