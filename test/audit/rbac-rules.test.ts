import { runAudit } from '../../src/rules/engine';
import { RBAC_RULES } from '../../src/rules/rbac';
import { RuleCase, testMetadata, testRules } from '../rules/rule-cases';

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
    // Kubescape judges a role only through a binding to a subject, and passes get on pods/exec: the rule is stricter.
    expect(findings[0].references).toEqual(expect.arrayContaining([expect.objectContaining({ framework: 'kubescape', id: 'C-0002', relation: 'stricter' })]));
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
/** A case of a permission risk: `rules` fire it on the role, `edge` are roles close to it that it must not report. */
const ruleCase = (id: string, rules: any[], message: string, kind: 'Role' | 'ClusterRole' = 'ClusterRole', edge: any[] = []): RuleCase => ({
  rule: rbacRule(id), compliant: LEGITIMATE, nonCompliant: [roleWith(kind, 'risky', rules)], expected: [{ message, path: 'rules[0]' }], notApplicable: [...NOT_RBAC, ...edge],
});
const bindingOf = (kind: 'RoleBinding' | 'ClusterRoleBinding', roleRef: { kind: string; name: string }, subjects: any[]) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: { name: 'risky', ...(kind === 'RoleBinding' ? { namespace: 'team' } : {}) },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
  subjects,
});
const VIEW = { kind: 'ClusterRole', name: 'view' };
const DEVS = { kind: 'Group', name: 'devs', apiGroup: 'rbac.authorization.k8s.io' };
/** A case of a binding risk: the binding fires it at `path`; `edge` are bindings close to it that it must not report. */
const bindingCase = (id: string, firing: any, message: string, path: string, edge: any[] = []): RuleCase => ({
  rule: rbacRule(id), compliant: LEGITIMATE, nonCompliant: [firing], expected: [{ message, path }], notApplicable: [...NOT_RBAC, ...edge],
});
const core = (resources: string[], verbs: string[], resourceNames?: string[]) => ({ apiGroups: [''], resources, verbs, ...(resourceNames ? { resourceNames } : {}) });
const RBAC_GROUP = 'rbac.authorization.k8s.io';
const serviceAccount = (name: string, body: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: 'team' }, ...body });
const podAs = (serviceAccountName: string) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name: serviceAccountName, namespace: 'team' }, spec: { serviceAccountName, containers: [{ name: 'c', image: 'r.example/app:1' }] },
});

/** Every RBAC rule: a grant or binding that fires it, the legitimate roles it passes, and a near miss it must not report. */
const CASES: RuleCase[] = [
  ruleCase('rbac-wildcard-all', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }], 'ClusterRole "risky" grants * *.*', 'ClusterRole',
    [roleWith('ClusterRole', 'almost', [{ apiGroups: ['*'], resources: ['*'], verbs: ['get'] }])]),
  ruleCase('rbac-wildcard-verbs', [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['*'] }], 'grants * deployments.apps', 'Role'),
  ruleCase('rbac-wildcard-resources', [{ apiGroups: ['apps'], resources: ['*'], verbs: ['get'] }], 'grants get *.apps', 'Role'),
  ruleCase('rbac-wildcard-api-groups', [{ apiGroups: ['*'], resources: ['configmaps'], verbs: ['get'] }], 'grants get configmaps.*', 'Role'),
  ruleCase('rbac-secrets-read', [core(['secrets'], ['list'])], 'Role "risky" grants list secrets', 'Role',
    [roleWith('Role', 'named', [core(['secrets'], ['get'], ['db-password'])])]),
  ruleCase('rbac-secrets-write', [core(['secrets'], ['create'])], 'grants create secrets', 'Role',
    [roleWith('Role', 'named', [core(['secrets'], ['update', 'patch'], ['tls'])])]),
  ruleCase('rbac-pods-write', [core(['pods'], ['create'])], 'grants create pods', 'Role'),
  ruleCase('rbac-workloads-write', [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['patch'] }], 'grants patch deployments.apps', 'Role',
    [roleWith('Role', 'reader', [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get', 'list'] }])]),
  ruleCase('rbac-delete-resources', [core(['services'], ['delete'])], 'grants delete services', 'Role',
    [roleWith('Role', 'named', [core(['services'], ['delete'], ['old-api'])])]),
  ruleCase('rbac-events-delete', [core(['events'], ['deletecollection'])], 'grants deletecollection events', 'Role',
    [roleWith('Role', 'recorder', [core(['events'], ['create', 'patch'])])]),
  ruleCase('rbac-pods-log-delete', [core(['pods/log'], ['delete'])], 'grants delete pods/log', 'Role'),
  ruleCase('rbac-pods-exec', [core(['pods/exec'], ['get'])], 'Role "risky" grants get pods/exec', 'Role'),
  ruleCase('rbac-pods-attach', [core(['pods/attach'], ['create'])], 'grants create pods/attach', 'Role'),
  ruleCase('rbac-pods-portforward', [core(['pods/portforward'], ['create'])], 'grants create pods/portforward', 'Role'),
  ruleCase('rbac-pods-proxy', [core(['pods/proxy'], ['get'])], 'Role "risky" grants get pods/proxy', 'Role'),
  ruleCase('rbac-services-proxy', [core(['services/proxy'], ['create'])], 'Role "risky" grants create services/proxy', 'Role'),
  // A wildcard in a Role does not carry risks of cluster-scoped resources: a Role cannot grant them.
  ruleCase('rbac-nodes-proxy', [core(['nodes/proxy'], ['get'])], 'ClusterRole "risky" grants get nodes/proxy', 'ClusterRole',
    [roleWith('Role', 'wild', [core(['*'], ['get'])])]),
  ruleCase('rbac-nodes-write', [core(['nodes'], ['get', 'patch'])], 'ClusterRole "risky" grants patch nodes'),
  ruleCase('rbac-namespaces-write', [core(['namespaces'], ['update'], ['team'])], 'grants update namespaces "team"', 'Role'),
  ruleCase('rbac-namespaces-delete', [core(['namespaces'], ['delete'])], 'grants delete namespaces'),
  ruleCase('rbac-escalate', [{ apiGroups: [RBAC_GROUP], resources: ['roles'], verbs: ['escalate'] }], `grants escalate roles.${RBAC_GROUP}`, 'Role'),
  ruleCase('rbac-bind', [{ apiGroups: [RBAC_GROUP], resources: ['clusterroles'], verbs: ['bind'] }], `grants bind clusterroles.${RBAC_GROUP}`),
  ruleCase('rbac-impersonate', [core(['serviceaccounts'], ['impersonate'])], 'grants impersonate serviceaccounts', 'Role'),
  ruleCase('rbac-role-bindings-write', [{ apiGroups: [RBAC_GROUP], resources: ['rolebindings'], verbs: ['create'] }], `grants create rolebindings.${RBAC_GROUP}`, 'Role',
    [roleWith('Role', 'reader', [{ apiGroups: [RBAC_GROUP], resources: ['rolebindings'], verbs: ['get', 'list'] }])]),
  ruleCase('rbac-service-account-token-create', [core(['serviceaccounts/token'], ['create'])], 'grants create serviceaccounts/token', 'Role'),
  ruleCase('rbac-persistent-volumes-create', [core(['persistentvolumes'], ['create'])], 'grants create persistentvolumes', 'ClusterRole',
    [roleWith('Role', 'claims', [core(['persistentvolumeclaims'], ['create'])])]),
  ruleCase('rbac-csr-approval', [{ apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests/approval'], verbs: ['update'] }],
    'grants update certificatesigningrequests/approval.certificates.k8s.io'),
  ruleCase('rbac-csr-signing', [{ apiGroups: ['certificates.k8s.io'], resources: ['signers'], verbs: ['sign'] }], 'grants sign signers.certificates.k8s.io'),
  ruleCase('rbac-admission-webhooks-write', [{ apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingwebhookconfigurations'], verbs: ['patch'] }],
    'grants patch validatingwebhookconfigurations.admissionregistration.k8s.io'),
  ruleCase('rbac-apiservices-write', [{ apiGroups: ['apiregistration.k8s.io'], resources: ['apiservices'], verbs: ['create'] }], 'grants create apiservices.apiregistration.k8s.io'),
  ruleCase('rbac-crd-write', [{ apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['delete'] }], 'grants delete customresourcedefinitions.apiextensions.k8s.io'),
  // Unnamed ConfigMap writes in an ordinary namespace cannot reach coredns or aws-auth, which live in kube-system.
  ruleCase('rbac-critical-configmaps-write', [core(['configmaps'], ['update'], ['aws-auth'])], 'grants update configmaps "aws-auth"', 'Role',
    [roleWith('Role', 'settings', [core(['configmaps'], ['update', 'patch'])])]),
  ruleCase('rbac-network-write', [{ apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['delete'] }], 'grants delete networkpolicies.networking.k8s.io', 'Role'),
  ruleCase('rbac-services-status-write', [core(['services/status'], ['patch'])], 'grants patch services/status', 'Role'),
  bindingCase('rbac-binding-cluster-admin', bindingOf('ClusterRoleBinding', { kind: 'ClusterRole', name: 'cluster-admin' }, [DEVS]),
    'ClusterRoleBinding "risky" binds roleRef ClusterRole/cluster-admin', 'roleRef'),
  bindingCase('rbac-binding-admin-or-edit', bindingOf('RoleBinding', { kind: 'ClusterRole', name: 'edit' }, [DEVS]),
    'RoleBinding "risky" binds roleRef ClusterRole/edit', 'roleRef', [bindingOf('RoleBinding', { kind: 'Role', name: 'edit' }, [DEVS])]),
  bindingCase('rbac-binding-system-role', bindingOf('ClusterRoleBinding', { kind: 'ClusterRole', name: 'system:node' }, [{ kind: 'ServiceAccount', name: 'api', namespace: 'team' }]),
    'ClusterRoleBinding "risky" binds roleRef ClusterRole/system:node', 'roleRef', [roleWith('ClusterRole', 'system:node', [core(['pods'], ['get'])])]),
  bindingCase('rbac-subject-system-masters', bindingOf('ClusterRoleBinding', VIEW, [DEVS, { kind: 'Group', name: 'system:masters', apiGroup: RBAC_GROUP }]),
    'binds subject Group/system:masters', 'subjects[1]'),
  bindingCase('rbac-subject-anonymous', bindingOf('RoleBinding', VIEW, [{ kind: 'User', name: 'system:anonymous', apiGroup: RBAC_GROUP }]),
    'RoleBinding "risky" binds subject User/system:anonymous', 'subjects[0]'),
  bindingCase('rbac-subject-authenticated', bindingOf('ClusterRoleBinding', VIEW, [{ kind: 'Group', name: 'system:authenticated', apiGroup: RBAC_GROUP }]),
    'binds subject Group/system:authenticated', 'subjects[0]'),
  bindingCase('rbac-subject-default-service-account', bindingOf('RoleBinding', VIEW, [DEVS, { kind: 'ServiceAccount', name: 'default', namespace: 'team' }]),
    'binds subject ServiceAccount/team/default', 'subjects[1]', [bindingOf('RoleBinding', VIEW, [{ kind: 'ServiceAccount', name: 'api', namespace: 'team' }])]),
  {
    rule: rbacRule('rbac-binding-to-dangerous-role'),
    compliant: [...LEGITIMATE, { ...role(), rules: [core(['configmaps'], ['get'], ['settings'])] }, binding],
    nonCompliant: [role(), binding],
    expected: [{ message: 'binds Role "debugger" (rbac-pods-exec: create pods/exec) to ServiceAccount api', path: 'roleRef' }],
    // A binding whose role is not in the audit is judged where the role is.
    notApplicable: [...NOT_RBAC, binding],
  },
  {
    rule: rbacRule('rbac-workload-dangerous-role'),
    // The ServiceAccount bound to the exec Role is not the one the pod runs as; a view binding to every account is harmless.
    compliant: [...LEGITIMATE, role(), binding, podAs('web'), bindingOf('ClusterRoleBinding', VIEW, [{ kind: 'Group', name: 'system:serviceaccounts', apiGroup: RBAC_GROUP }])],
    nonCompliant: [role(), binding, podAs('api'), bindingOf('ClusterRoleBinding', { kind: 'ClusterRole', name: 'cluster-admin' }, [{ kind: 'Group', name: 'system:serviceaccounts:team', apiGroup: RBAC_GROUP }])],
    expected: [{
      message: 'runs as ServiceAccount "api", to which RoleBinding "debugger" binds Role "debugger" (rbac-pods-exec: create pods/exec); '
        + 'ClusterRoleBinding "risky" binds ClusterRole "cluster-admin" (rbac-binding-cluster-admin: roleRef ClusterRole/cluster-admin)',
      path: 'spec.serviceAccountName',
    }],
    // A RoleBinding of another namespace grants nothing here; an acknowledged permission is not reported.
    notApplicable: [...NOT_RBAC, role({ 'waiver.cdk8s-hardening.dev/rbac-pods-exec': 'runs pg_dump in db-0 nightly; OPS-12' }), binding, podAs('api'),
      { ...podAs('api'), metadata: { name: 'api', namespace: 'other' } }],
  },
  {
    rule: rbacRule('rbac-default-service-account-automount'),
    compliant: [...LEGITIMATE, serviceAccount('default', { automountServiceAccountToken: false }), serviceAccount('api')],
    nonCompliant: [serviceAccount('default')],
    expected: [{ message: 'ServiceAccount "default" leaves automountServiceAccountToken unset, so pods running as it get a token', path: 'automountServiceAccountToken' }],
    // Only the account every pod falls back to: another account's token is judged on the pods that mount it.
    notApplicable: [...NOT_RBAC, serviceAccount('api', { automountServiceAccountToken: true })],
  },
  {
    rule: rbacRule('rbac-service-account-unused'),
    compliant: [serviceAccount('api'), podAs('api'), serviceAccount('ci'), bindingOf('RoleBinding', VIEW, [{ kind: 'ServiceAccount', name: 'ci' }]),
      serviceAccount('robot'), bindingOf('ClusterRoleBinding', VIEW, [{ kind: 'User', name: 'system:serviceaccount:team:robot' }]),
      serviceAccount('legacy'), { apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/service-account-token', metadata: { name: 'legacy-token', namespace: 'team', annotations: { 'kubernetes.io/service-account.name': 'legacy' } } },
      // External Secrets logs in to the provider as the store's account (IRSA); a ClusterSecretStore names its namespace.
      serviceAccount('aws-secrets'), {
        apiVersion: 'external-secrets.io/v1',
        kind: 'SecretStore',
        metadata: { name: 'aws', namespace: 'team' },
        spec: { provider: { aws: { service: 'SecretsManager', auth: { jwt: { serviceAccountRef: { name: 'aws-secrets' } } } } } },
      },
      serviceAccount('vault'), {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ClusterSecretStore',
        metadata: { name: 'vault' },
        spec: { provider: { vault: { auth: { kubernetes: { serviceAccountRef: { name: 'vault', namespace: 'team' } } } } } },
      }],
    // A pod of another namespace cannot run as it, and a binding naming it in another namespace names another account.
    nonCompliant: [serviceAccount('api'), { ...podAs('api'), metadata: { name: 'api', namespace: 'other' } },
      bindingOf('ClusterRoleBinding', VIEW, [{ kind: 'ServiceAccount', name: 'api', namespace: 'other' }]),
      { apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore', metadata: { name: 'other' }, spec: { provider: { vault: { auth: { kubernetes: { serviceAccountRef: { name: 'api', namespace: 'other' } } } } } } }],
    expected: [{ message: 'ServiceAccount "api" is used by nothing in the input: no workload runs as it, no binding grants it a role', path: 'metadata.name' }],
    // The namespace controller makes default in every namespace: declaring it configures it.
    notApplicable: [...NOT_RBAC, serviceAccount('default', { automountServiceAccountToken: false })],
  },
];

describe('RBAC rules, one per risk', () => {
  testMetadata('rbac', RBAC_RULES, CASES);
  testRules(CASES);

  // An acknowledgement is the annotation LeastPrivilegeServiceAccount writes, keyed by the risk's id: the rule's own id.
  // The ServiceAccount rules are no RbacRisk, so nothing acknowledges them: a suppression does.
  test.each(CASES.filter(c => c.rule.waivedBy?.length).map(c => [c.rule.id, c] as const))('%s: an acknowledgement on the object suppresses it', (id, c) => {
    const waived = c.nonCompliant.map(o => ({ ...o, metadata: { ...o.metadata, annotations: { [`waiver.cdk8s-hardening.dev/${id}`]: 'reviewed for this test; SEC-1' } } }));
    const own = audit(waived).filter(f => f.ruleId === id);
    expect(own.length).toBeGreaterThan(0);
    expect(own.every(f => f.suppressed && f.justification === 'reviewed for this test; SEC-1')).toBe(true);
  });

  test('each rule has its own title, a sentence about the object, and its own fix', () => {
    expect(new Set(RBAC_RULES.map(r => r.title)).size).toBe(RBAC_RULES.length);
    expect(new Set(RBAC_RULES.map(r => r.fix)).size).toBe(RBAC_RULES.length);
    for (const r of RBAC_RULES) expect(r.title).toMatch(/^(Role|Binding|ServiceAccount|Workload) /);
  });

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
    expect(acknowledged[2].message).toMatch(/\(rbac-pods-exec through \* pods\/exec\) to ServiceAccount api/);
  });

  test('an unused ServiceAccount is judged on complete input only', () => {
    const objects = [{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'leftover', namespace: 'team' } }].map(object => ({ object }));
    const partial = runAudit(objects, { packs: ['all'] });
    expect(partial.findings.map(f => f.ruleId)).toEqual([]);
    expect(partial.summary.notJudged.map(n => n.ruleId)).toContain('rbac-service-account-unused');
    expect(runAudit(objects, { packs: ['all'], complete: true }).findings.map(f => f.ruleId)).toEqual(['rbac-service-account-unused']);
  });

  test('a risk carried by a wildcard says so in its message', () => {
    const wild = { ...roleWith('ClusterRole', 'wild', [{ apiGroups: ['*'], resources: ['*'], verbs: ['get'] }]) };
    const byRule = new Map(audit([wild]).map(f => [f.ruleId, f.message]));
    expect(byRule.get('rbac-wildcard-resources')).toBe('ClusterRole "wild" grants get *.*');
    expect(byRule.get('rbac-secrets-read')).toBe('ClusterRole "wild" grants get *.*, a wildcard that includes read access to all Secrets');
    expect(byRule.get('rbac-pods-exec')).toBe('ClusterRole "wild" grants get *.*, a wildcard that includes exec into pods (pods/exec)');
    expect(byRule.get('rbac-nodes-proxy')).toMatch(/a wildcard that includes access to nodes\/proxy$/);
    // Named literally, a risk reads as before.
    expect(audit([roleWith('Role', 'reader', [core(['secrets'], ['get'])])])[0].message).toBe('Role "reader" grants get secrets');
  });

  test('a binding of a wildcard role lists the wildcard and, once, the risks it carries', () => {
    const admin = roleWith('ClusterRole', 'everything', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]);
    const crb = bindingOf('ClusterRoleBinding', { kind: 'ClusterRole', name: 'everything' }, [{ kind: 'ServiceAccount', name: 'api', namespace: 'team' }]);
    const finding = audit([admin, crb]).find(f => f.ruleId === 'rbac-binding-to-dangerous-role')!;
    expect(finding.message).toMatch(/^binds ClusterRole "everything" \(rbac-wildcard-all: \* \*\.\*; rbac-secrets-read, rbac-secrets-write, .*, rbac-services-status-write through \* \*\.\*\) to ServiceAccount api$/);
  });

  test('a binding names the workloads of the input that run as its ServiceAccount subjects', () => {
    const deployment = (name: string, namespace: string, serviceAccountName?: string) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace },
      spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { ...(serviceAccountName ? { serviceAccountName } : {}), containers: [{ name: 'c', image: 'r.example/app:1' }] } } },
    });
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: 'team' }, spec: { template: { spec: { serviceAccountName: 'api', containers: [{ name: 'c', image: 'r.example/app:1' }] } } } };
    const twoSubjects = { ...binding, subjects: [{ kind: 'ServiceAccount', name: 'api' }, { kind: 'ServiceAccount', name: 'default', namespace: 'team' }, { kind: 'User', name: 'jane' }] };
    const objects = [role(), twoSubjects, deployment('api', 'team', 'api'), job, deployment('web', 'team'), deployment('api', 'other', 'api')];
    const finding = audit(objects).find(f => f.ruleId === 'rbac-binding-to-dangerous-role')!;
    // A subject without a namespace is the binding's namespace's; the same name in another namespace is another account.
    expect(finding.message).toBe('binds Role "debugger" (rbac-pods-exec: create pods/exec) to ServiceAccount api (run by Deployment "api", Job "migrate"), '
      + 'ServiceAccount default (run by Deployment "web"), User jane');
  });
});
