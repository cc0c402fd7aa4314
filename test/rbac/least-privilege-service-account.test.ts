import { ApiObject, Chart, Testing } from 'cdk8s';
import {
  Acknowledgement, ApiResource, ClusterGrantOptions, GrantOptions, IApiResource, LeastPrivilegeServiceAccount, RbacRisk, Verb, WorkloadIdentity,
} from '../../src';
import { dangerousRbacObject } from '../../src/detectors/dangerous-permissions';
import { schemaErrors, synthObjects } from '../harness';

/** A chart in namespace `shop`; `null` for a chart without a namespace. */
const chart = (namespace: string | null = 'shop') => new Chart(Testing.app(), 'shop', { namespace: namespace ?? undefined, disableResourceNameHashes: true });
const byKind = (objects: any[], kind: string) => objects.filter(o => o.kind === kind);
const WHY = 'the reconciler needs it; reviewed in SEC-42';

/** Every construct test: valid Kubernetes objects, and no dangerous RBAC the construct did not record an acknowledgement for. */
function expectValid(objects: any[]) {
  expect(objects.length).toBeGreaterThan(0);
  expect(schemaErrors(objects)).toEqual([]);
  for (const o of objects) {
    for (const f of dangerousRbacObject(o)) {
      expect(o.metadata.annotations?.[`waiver.cdk8s-hardening.dev/${f.id}`]).toBeDefined();
    }
  }
}

describe('LeastPrivilegeServiceAccount without grants', () => {
  const c = chart();
  const sa = new LeastPrivilegeServiceAccount(c, 'api-sa');
  const objects = synthObjects(c);

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('is one schema-valid ServiceAccount without a token, and no Role', () => {
    expectValid(objects);
    expect(objects).toEqual([{ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa.name, namespace: 'shop' }, automountServiceAccountToken: false }]);
    expect(sa.name).toMatch(/^shop-api-sa-[0-9a-f]{8}$/);
    expect(sa.role).toBeUndefined();
    expect(sa.clusterRole).toBeUndefined();
    expect(sa.podLabels).toBeUndefined();
  });
});

describe('LeastPrivilegeServiceAccount grants', () => {
  const c = chart();
  const sa = new LeastPrivilegeServiceAccount(c, 'api-sa', { name: 'api', labels: { 'app.kubernetes.io/name': 'api' } });
  const flags = new ApiObject(c, 'flags', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'feature-flags' } });
  sa.grantRead(ApiResource.fromApiObject(flags));
  sa.grantRead(ApiResource.CONFIG_MAPS.named('app-config'));
  sa.grantRead(ApiResource.SECRETS.named('db-password'));
  sa.grant([Verb.LIST, Verb.WATCH], ApiResource.PODS);
  sa.grantRead(ApiResource.PODS_LOG);
  sa.grant([Verb.GET, Verb.CREATE, Verb.UPDATE], ApiResource.LEASES);
  sa.grantWrite(ApiResource.CONFIG_MAPS.named('api-status'));
  sa.grantRead(ApiResource.custom({ apiGroup: 'cert-manager.io', resourceType: 'certificates' }).named('api-tls'));
  const objects = synthObjects(c);
  const role = byKind(objects, 'Role')[0];

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('are schema-valid and carry no dangerous permission', () => {
    expectValid(objects);
    expect(dangerousRbacObject(role)).toEqual([]);
  });

  test('synthesize the narrowest Role: names wherever the grant names objects, one rule per exact cross product', () => {
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['api-status'], verbs: ['update', 'patch'] },
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['app-config', 'feature-flags'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] },
      { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: ['db-password'], verbs: ['get'] },
      { apiGroups: ['cert-manager.io'], resources: ['certificates'], resourceNames: ['api-tls'], verbs: ['get'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] },
    ]);
    expect(role.metadata).toEqual({ name: 'api', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'api' } });
  });

  test('bind the Role to the ServiceAccount only', () => {
    expect(byKind(objects, 'RoleBinding')).toEqual([{
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'api', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'api' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'api' },
      subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: 'shop' }],
    }]);
    expect(sa.role).toBeDefined();
    expect(sa.roleBinding).toBeDefined();
  });

  test('make nothing cluster-wide', () => {
    expect(byKind(objects, 'ClusterRole')).toEqual([]);
    expect(byKind(objects, 'ClusterRoleBinding')).toEqual([]);
  });
});

describe('grant semantics', () => {
  test('grantRead of a type is get, list, watch; grantWrite of a type is create, update, patch', () => {
    const c = chart();
    const sa = new LeastPrivilegeServiceAccount(c, 'sa', { name: 'sa' });
    sa.grantRead(ApiResource.CONFIG_MAPS);
    sa.grantWrite(ApiResource.LEASES);
    expect(byKind(synthObjects(c), 'Role')[0].rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['create', 'update', 'patch'] },
    ]);
  });

  test('a named grant already covered by a grant on the whole type is left out', () => {
    const c = chart();
    const sa = new LeastPrivilegeServiceAccount(c, 'sa', { name: 'sa' });
    sa.grantRead(ApiResource.CONFIG_MAPS.named('a'));
    sa.grantRead(ApiResource.CONFIG_MAPS);
    sa.grant([Verb.DELETE], ApiResource.CONFIG_MAPS.named('a'));
    expect(byKind(synthObjects(c), 'Role')[0].rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'], verbs: ['delete'] },
    ]);
  });

  test('accepts cdk8s-plus style resources (IApiResource)', () => {
    const c = chart();
    const sa = new LeastPrivilegeServiceAccount(c, 'sa', { name: 'sa' });
    const plusConfigMap: IApiResource = { apiGroup: '', resourceType: 'configmaps', resourceName: 'plus' };
    sa.grantRead(plusConfigMap);
    expect(byKind(synthObjects(c), 'Role')[0].rules).toEqual([{ apiGroups: [''], resources: ['configmaps'], resourceNames: ['plus'], verbs: ['get'] }]);
  });

  test('an explicit namespace lands on every object', () => {
    const c = chart(null);
    const sa = new LeastPrivilegeServiceAccount(c, 'sa', { name: 'sa', namespace: 'payments' });
    sa.grantRead(ApiResource.CONFIG_MAPS.named('x'));
    const objects = synthObjects(c);
    expectValid(objects);
    expect(objects.map(o => o.metadata.namespace)).toEqual(['payments', 'payments', 'payments']);
    expect(byKind(objects, 'RoleBinding')[0].subjects).toEqual([{ kind: 'ServiceAccount', name: 'sa', namespace: 'payments' }]);
  });

  test('without any namespace, the RoleBinding subject takes the binding\'s', () => {
    const c = chart(null);
    new LeastPrivilegeServiceAccount(c, 'sa', { name: 'sa' }).grantRead(ApiResource.PODS);
    const binding = byKind(synthObjects(c), 'RoleBinding')[0];
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'sa' }]);
    expect(binding.metadata.namespace).toBeUndefined();
  });
});

describe('grantCluster', () => {
  const c = chart();
  const sa = new LeastPrivilegeServiceAccount(c, 'sa', { name: 'node-reader' });
  sa.grantCluster([Verb.GET, Verb.LIST, Verb.WATCH], ApiResource.NODES, { justification: 'schedules work by node capacity; read-only' });
  sa.grantCluster([Verb.LIST], ApiResource.PODS, { justification: 'counts pods per node in every namespace' });
  const objects = synthObjects(c);
  const clusterRole = byKind(objects, 'ClusterRole')[0];

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('makes a ClusterRole and ClusterRoleBinding named after namespace and ServiceAccount, without a namespace', () => {
    expectValid(objects);
    expect(clusterRole.metadata.name).toBe('shop-node-reader');
    expect(clusterRole.metadata.namespace).toBeUndefined();
    expect(clusterRole.rules).toEqual([
      { apiGroups: [''], resources: ['nodes'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
    ]);
    const binding = byKind(objects, 'ClusterRoleBinding')[0];
    expect(binding.metadata.namespace).toBeUndefined();
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'shop-node-reader' });
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: 'node-reader', namespace: 'shop' }]);
    expect(byKind(objects, 'Role')).toEqual([]);
    expect(sa.clusterRole?.kind).toBe('ClusterRole');
    expect(sa.clusterRoleBinding?.kind).toBe('ClusterRoleBinding');
  });

  test('records every justification on the ClusterRole', () => {
    expect(clusterRole.metadata.annotations[LeastPrivilegeServiceAccount.CLUSTER_SCOPE_ANNOTATION]).toBe(
      'get,list,watch nodes: schedules work by node capacity; read-only\nlist pods: counts pods per node in every namespace');
  });

  test('needs a justification and a namespace', () => {
    const s = new LeastPrivilegeServiceAccount(chart(), 'sa', { name: 'x' });
    expect(() => s.grantCluster([Verb.GET], ApiResource.NODES, { justification: 'needed' })).toThrow(/\[shop\/sa\] grantCluster\(\[get\], nodes\)\.justification: .*at least 10 (meaningful )?characters/);
    expect(() => s.grantCluster([Verb.GET], ApiResource.NODES, {} as ClusterGrantOptions)).toThrow(/justification/);
    const noNs = new LeastPrivilegeServiceAccount(chart(null), 'sa', { name: 'x' });
    expect(() => noNs.grantCluster([Verb.GET], ApiResource.NODES, { justification: WHY })).toThrow(/ClusterRoleBinding must name the ServiceAccount's namespace.*Fix: set `namespace`/);
  });
});

describe('bindClusterRole', () => {
  test('binds an existing ClusterRole in the namespace only', () => {
    const c = chart();
    const sa = new LeastPrivilegeServiceAccount(c, 'sa', { name: 'sa' });
    sa.bindClusterRole('view');
    const objects = synthObjects(c);
    expectValid(objects);
    expect(byKind(objects, 'RoleBinding')).toEqual([{
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'sa-view', namespace: 'shop' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name: 'sa', namespace: 'shop' }],
    }]);
    expect(byKind(objects, 'ClusterRoleBinding')).toEqual([]);
  });

  test('refuses bad names and binding twice', () => {
    const sa = new LeastPrivilegeServiceAccount(chart(), 'sa', { name: 'sa' });
    expect(() => sa.bindClusterRole('a/b')).toThrow(/is not a ClusterRole name/);
    sa.bindClusterRole('metrics-reader');
    expect(() => sa.bindClusterRole('metrics-reader')).toThrow(/already bound/);
  });

  test('refuses every system: ClusterRole unless acknowledged, aggregation fragments too', () => {
    const sa = new LeastPrivilegeServiceAccount(chart(), 'sa', { name: 'sa' });
    for (const role of ['system:node', 'system:kube-controller-manager', 'system:controller:clusterrole-aggregation-controller', 'system:aggregate-to-view']) {
      expect(() => sa.bindClusterRole(role)).toThrow(`refused, dangerous: rbac-binding-system-role (roleRef ClusterRole/${role})`);
    }
    sa.bindClusterRole('system:aggregate-to-view', { acknowledgements: [Acknowledgement.of(RbacRisk.BINDING_SYSTEM_ROLE, 'the view fragment only; cluster view is not wanted')] });
  });
});

/**
 * The bad-grant matrix: every dangerous pattern the construct can be asked for is refused without an
 * acknowledgement, naming path, rule, verb/resource and the acknowledgement that allows it; with one, it
 * synthesizes and records the justification on the object that carries the permission.
 */
type Request = (sa: LeastPrivilegeServiceAccount, options: GrantOptions) => void;
const cluster = (verbs: Verb[], r: IApiResource): Request => (sa, o) => sa.grantCluster(verbs, r, { ...o, justification: 'operates cluster-wide by design' });
const signers = ApiResource.custom({ apiGroup: 'certificates.k8s.io', resourceType: 'signers', namespaced: false });
/** Everything `*` on `*` carries in a Role: each specific risk must be acknowledged besides the wildcard. */
const WILDCARD_ALL_IN_A_ROLE = [
  RbacRisk.SECRETS_READ, RbacRisk.SECRETS_WRITE, RbacRisk.PODS_WRITE, RbacRisk.WORKLOADS_WRITE, RbacRisk.DELETE_RESOURCES, RbacRisk.EVENTS_DELETE,
  RbacRisk.PODS_LOG_DELETE, RbacRisk.PODS_EXEC, RbacRisk.PODS_ATTACH, RbacRisk.PODS_PORTFORWARD, RbacRisk.PODS_PROXY, RbacRisk.SERVICES_PROXY,
  RbacRisk.NAMESPACES_WRITE, RbacRisk.NAMESPACES_DELETE, RbacRisk.ESCALATE, RbacRisk.BIND, RbacRisk.IMPERSONATE, RbacRisk.ROLE_BINDINGS_WRITE,
  RbacRisk.SERVICE_ACCOUNT_TOKEN_CREATE, RbacRisk.NETWORK_WRITE, RbacRisk.SERVICES_STATUS_WRITE,
];
/** [risk, what the refusal shows, request, kind that carries the annotation, other risks the same grant carries]. */
const MATRIX: Array<[RbacRisk, string, Request, string, RbacRisk[]?]> = [
  [RbacRisk.WILDCARD_ALL, '* *.*', (sa, o) => sa.grant([Verb.ALL], ApiResource.ALL, o), 'Role', WILDCARD_ALL_IN_A_ROLE],
  [RbacRisk.WILDCARD_VERBS, '* configmaps', (sa, o) => sa.grant([Verb.ALL], ApiResource.CONFIG_MAPS, o), 'Role'],
  [RbacRisk.WILDCARD_VERBS, '* pods/exec', (sa, o) => sa.grant([Verb.ALL], ApiResource.PODS_EXEC, o), 'Role', [RbacRisk.PODS_EXEC]],
  [RbacRisk.WILDCARD_RESOURCES, 'get *.example.com', (sa, o) => sa.grant([Verb.GET], ApiResource.custom({ apiGroup: 'example.com', resourceType: '*' }), o), 'Role'],
  [RbacRisk.WILDCARD_RESOURCES, 'get *', (sa, o) => sa.grant([Verb.GET], ApiResource.custom({ apiGroup: '', resourceType: '*' }), o), 'Role',
    [RbacRisk.SECRETS_READ, RbacRisk.PODS_EXEC, RbacRisk.PODS_ATTACH, RbacRisk.PODS_PORTFORWARD, RbacRisk.PODS_PROXY, RbacRisk.SERVICES_PROXY]],
  [RbacRisk.WILDCARD_API_GROUPS, 'get configmaps.*', (sa, o) => sa.grant([Verb.GET], ApiResource.custom({ apiGroup: '*', resourceType: 'configmaps' }), o), 'Role'],
  [RbacRisk.SECRETS_READ, 'get secrets', (sa, o) => sa.grantRead(ApiResource.SECRETS, o), 'Role'],
  [RbacRisk.SECRETS_WRITE, 'create secrets', (sa, o) => sa.grantWrite(ApiResource.SECRETS, o), 'Role'],
  [RbacRisk.PODS_WRITE, 'create pods', (sa, o) => sa.grantWrite(ApiResource.PODS, o), 'Role'],
  [RbacRisk.WORKLOADS_WRITE, 'patch deployments.apps "api"', (sa, o) => sa.grant([Verb.PATCH], ApiResource.DEPLOYMENTS.named('api'), o), 'Role'],
  [RbacRisk.WORKLOADS_WRITE, 'create jobs.batch', (sa, o) => sa.grantWrite(ApiResource.JOBS, o), 'Role'],
  [RbacRisk.DELETE_RESOURCES, 'delete pods', (sa, o) => sa.grant([Verb.DELETE], ApiResource.PODS, o), 'Role'],
  [RbacRisk.EVENTS_DELETE, 'deletecollection events', (sa, o) => sa.grant([Verb.DELETE_COLLECTION], ApiResource.EVENTS, o), 'Role'],
  [RbacRisk.PODS_LOG_DELETE, 'delete pods/log', (sa, o) => sa.grant([Verb.DELETE], ApiResource.PODS_LOG, o), 'Role'],
  [RbacRisk.PODS_EXEC, 'create pods/exec "db-0"', (sa, o) => sa.grant([Verb.CREATE], ApiResource.PODS_EXEC.named('db-0'), o), 'Role'],
  [RbacRisk.PODS_ATTACH, 'get pods/attach', (sa, o) => sa.grant([Verb.GET], ApiResource.PODS_ATTACH, o), 'Role'],
  [RbacRisk.PODS_PORTFORWARD, 'create pods/portforward', (sa, o) => sa.grant([Verb.CREATE], ApiResource.PODS_PORTFORWARD, o), 'Role'],
  [RbacRisk.PODS_PROXY, 'get pods/proxy "api-0"', (sa, o) => sa.grant([Verb.GET], ApiResource.custom({ apiGroup: '', resourceType: 'pods/proxy' }).named('api-0'), o), 'Role'],
  [RbacRisk.SERVICES_PROXY, 'get services/proxy', (sa, o) => sa.grant([Verb.GET], ApiResource.custom({ apiGroup: '', resourceType: 'services/proxy' }), o), 'Role'],
  [RbacRisk.NODES_PROXY, 'get nodes/proxy', cluster([Verb.GET], ApiResource.NODES_PROXY), 'ClusterRole'],
  [RbacRisk.NODES_WRITE, 'patch nodes', cluster([Verb.PATCH], ApiResource.NODES), 'ClusterRole'],
  [RbacRisk.NODES_WRITE, 'update nodes/status', cluster([Verb.UPDATE], ApiResource.custom({ apiGroup: '', resourceType: 'nodes/status', namespaced: false })), 'ClusterRole'],
  [RbacRisk.NAMESPACES_WRITE, 'patch namespaces', cluster([Verb.PATCH], ApiResource.NAMESPACES), 'ClusterRole'],
  [RbacRisk.NAMESPACES_DELETE, 'delete namespaces "scratch"', cluster([Verb.DELETE], ApiResource.NAMESPACES.named('scratch')), 'ClusterRole'],
  [RbacRisk.ESCALATE, 'escalate roles.rbac.authorization.k8s.io', (sa, o) => sa.grant([Verb.ESCALATE], ApiResource.ROLES, o), 'Role'],
  [RbacRisk.BIND, 'bind roles.rbac.authorization.k8s.io "reader"', (sa, o) => sa.grant([Verb.BIND], ApiResource.ROLES.named('reader'), o), 'Role'],
  [RbacRisk.IMPERSONATE, 'impersonate serviceaccounts', (sa, o) => sa.grant([Verb.IMPERSONATE], ApiResource.SERVICE_ACCOUNTS, o), 'Role'],
  [RbacRisk.ROLE_BINDINGS_WRITE, 'create rolebindings.rbac.authorization.k8s.io', (sa, o) => sa.grantWrite(ApiResource.ROLE_BINDINGS, o), 'Role'],
  [RbacRisk.SERVICE_ACCOUNT_TOKEN_CREATE, 'create serviceaccounts/token "builder"', (sa, o) => sa.grant([Verb.CREATE], ApiResource.SERVICE_ACCOUNT_TOKENS.named('builder'), o), 'Role'],
  [RbacRisk.PERSISTENT_VOLUMES_CREATE, 'create persistentvolumes', cluster([Verb.CREATE], ApiResource.PERSISTENT_VOLUMES), 'ClusterRole'],
  [RbacRisk.CSR_APPROVAL, 'update certificatesigningrequests/approval.certificates.k8s.io', cluster([Verb.UPDATE], ApiResource.CERTIFICATE_SIGNING_REQUESTS_APPROVAL), 'ClusterRole'],
  [RbacRisk.CSR_APPROVAL, 'approve signers.certificates.k8s.io', cluster([Verb.APPROVE], signers), 'ClusterRole'],
  [RbacRisk.CSR_SIGNING, 'sign signers.certificates.k8s.io', cluster([Verb.SIGN], signers), 'ClusterRole'],
  [RbacRisk.CSR_SIGNING, 'patch certificatesigningrequests/status.certificates.k8s.io',
    cluster([Verb.PATCH], ApiResource.custom({ apiGroup: 'certificates.k8s.io', resourceType: 'certificatesigningrequests/status', namespaced: false })), 'ClusterRole'],
  [RbacRisk.APISERVICES_WRITE, 'create apiservices.apiregistration.k8s.io',
    cluster([Verb.CREATE], ApiResource.custom({ apiGroup: 'apiregistration.k8s.io', resourceType: 'apiservices', namespaced: false })), 'ClusterRole'],
  [RbacRisk.CRD_WRITE, 'patch customresourcedefinitions.apiextensions.k8s.io "widgets.example.com"',
    cluster([Verb.PATCH], ApiResource.CUSTOM_RESOURCE_DEFINITIONS.named('widgets.example.com')), 'ClusterRole'],
  [RbacRisk.ADMISSION_WEBHOOKS_WRITE, 'patch validatingwebhookconfigurations.admissionregistration.k8s.io "gate"',
    cluster([Verb.PATCH], ApiResource.VALIDATING_WEBHOOK_CONFIGURATIONS.named('gate')), 'ClusterRole'],
  [RbacRisk.CRITICAL_CONFIGMAPS_WRITE, 'update configmaps "aws-auth"', (sa, o) => sa.grantWrite(ApiResource.CONFIG_MAPS.named('aws-auth'), o), 'Role'],
  [RbacRisk.CRITICAL_CONFIGMAPS_WRITE, 'patch configmaps', cluster([Verb.PATCH], ApiResource.CONFIG_MAPS), 'ClusterRole'],
  [RbacRisk.NETWORK_WRITE, 'create networkpolicies.networking.k8s.io', (sa, o) => sa.grantWrite(ApiResource.NETWORK_POLICIES, o), 'Role'],
  [RbacRisk.SERVICES_STATUS_WRITE, 'patch services/status', (sa, o) => sa.grant([Verb.PATCH], ApiResource.custom({ apiGroup: '', resourceType: 'services/status' }), o), 'Role'],
  [RbacRisk.BINDING_CLUSTER_ADMIN, 'roleRef ClusterRole/cluster-admin', (sa, o) => sa.bindClusterRole('cluster-admin', o), 'RoleBinding'],
  [RbacRisk.BINDING_ADMIN_OR_EDIT, 'roleRef ClusterRole/edit', (sa, o) => sa.bindClusterRole('edit', o), 'RoleBinding'],
  [RbacRisk.BINDING_SYSTEM_ROLE, 'roleRef ClusterRole/system:auth-delegator', (sa, o) => sa.bindClusterRole('system:auth-delegator', o), 'RoleBinding'],
];
/** Subjects are always the ServiceAccount itself, so these cannot be requested; `default` as a name is refused. */
const DETECTOR_ONLY = [
  RbacRisk.SUBJECT_SYSTEM_MASTERS, RbacRisk.SUBJECT_ANONYMOUS, RbacRisk.SUBJECT_AUTHENTICATED, RbacRisk.SUBJECT_DEFAULT_SERVICE_ACCOUNT,
];

describe('the bad-grant matrix', () => {
  test('covers every risk the construct can be asked for', () => {
    expect(new Set([...MATRIX.map(([risk]) => risk), ...DETECTOR_ONLY])).toEqual(new Set(Object.values(RbacRisk)));
  });

  const key = (risk: RbacRisk) => Object.entries(RbacRisk).find(([, v]) => v === risk)![0];

  test.each(MATRIX)('%s (%s) is refused without an acknowledgement', (risk, what, request, _kind, also = []) => {
    const sa = new LeastPrivilegeServiceAccount(chart(), 'api-sa', { name: 'api' });
    let message = '';
    try {
      request(sa, {});
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^\[shop\/api-sa\] /);
    expect(message).toContain(`refused, dangerous: ${risk} (${what}):`);
    expect(message).toContain(`Acknowledgement.of(RbacRisk.${key(risk)}, '<why this ServiceAccount needs it>')`);
    expect(message).toMatch(/Fix: grant less/);
    // A wildcard names each specific risk it carries, each with its own acknowledgement to give.
    for (const other of also) expect(message).toContain(`Acknowledgement.of(RbacRisk.${key(other)}, '<why this ServiceAccount needs it>')`);
    expect(synthObjects(sa.node.scope as Chart).map(o => o.kind)).toEqual(['ServiceAccount']);
  });

  test.each(MATRIX)('%s (%s) synthesizes with an annotation when acknowledged', (risk, what, request, kind, also = []) => {
    const c = chart();
    const sa = new LeastPrivilegeServiceAccount(c, 'api-sa', { name: 'api' });
    request(sa, { acknowledgements: [risk, ...also].map(r => Acknowledgement.of(r, WHY)) });
    const objects = synthObjects(c);
    expectValid(objects);
    const carrier = byKind(objects, kind)[0];
    expect(carrier.metadata.annotations[`waiver.cdk8s-hardening.dev/${risk}`]).toBe(`${what}: ${WHY}`);
    // The detector, run on the YAML as the rule engine will, finds exactly the acknowledged risks.
    expect(objects.flatMap(o => dangerousRbacObject(o)).map(f => f.id)).toEqual([risk, ...also]);
  });

  test('a wildcard\'s acknowledgement alone does not cover the specific risks it carries', () => {
    const sa = new LeastPrivilegeServiceAccount(chart(), 'sa', { name: 'sa' });
    expect(() => sa.grant([Verb.ALL], ApiResource.PODS_EXEC, { acknowledgements: [Acknowledgement.of(RbacRisk.WILDCARD_VERBS, WHY)] }))
      .toThrow('refused, dangerous: through the wildcard (* pods/exec) it also grants 1 specific risk, each needing its own acknowledgement '
        + '(acknowledging rbac-wildcard-verbs does not cover it): rbac-pods-exec (exec into pods (pods/exec))');
  });

  test('a wildcard on everything is one readable refusal: the wildcard in full, then the risks it includes by name', () => {
    const sa = new LeastPrivilegeServiceAccount(chart(), 'sa', { name: 'sa' });
    let message = '';
    try {
      sa.grantCluster([Verb.ALL], ApiResource.ALL, { justification: 'the operator manages every object of the cluster' });
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/refused, dangerous: rbac-wildcard-all \(\* \*\.\*\): every verb on every resource of every API group; .* \[cis 5\.1\.3, /);
    expect(message).toContain('; through the wildcard (* *.*) it also grants 30 specific risks, each needing its own acknowledgement: '
      + 'rbac-secrets-read (read access to all Secrets), rbac-secrets-write (');
    expect(message).toContain('rbac-pods-exec (exec into pods (pods/exec))');
    expect(message).toContain('rbac-persistent-volumes-create (create PersistentVolumes)');
    expect(message).toContain('Fix: grant less (list the verbs and resources instead of the wildcard, name the objects, drop the verb)');
    // The included risks are named once, without their explanations (12k characters before); half of what is left is
    // the acknowledgement list of the fix, one copyable entry per risk.
    expect(message.split('every Secret of the scope becomes readable').length).toBe(1);
    expect(message.split('Fix: ')[0].length).toBeLessThan(3000);
  });

  test('several risks in one grant are refused together, and need every acknowledgement', () => {
    const sa = new LeastPrivilegeServiceAccount(chart(), 'sa', { name: 'sa' });
    const acknowledgements = [Acknowledgement.of(RbacRisk.SECRETS_READ, WHY)];
    const request = () => sa.grant([Verb.GET, Verb.CREATE, Verb.DELETE], ApiResource.SECRETS, { acknowledgements });
    expect(request).toThrow(/refused, dangerous: rbac-secrets-write \(create secrets\).*; rbac-delete-resources \(delete secrets\)/);
    expect(request).not.toThrow(/rbac-secrets-read \(/);
  });

  test('a refused wildcard names the specific risks it implies', () => {
    const sa = new LeastPrivilegeServiceAccount(chart(), 'sa', { name: 'sa' });
    const request = () => sa.grant([Verb.ALL], ApiResource.PODS);
    expect(request).toThrow(/rbac-wildcard-verbs \(\* pods\): .* \[cis 5\.1\.3.*\]; through the wildcard \(\* pods\) it also grants 2 specific risks, each needing its own acknowledgement: rbac-pods-write \(create, update or patch Pods\), rbac-delete-resources \(/);
  });

  test('an acknowledgement the grant does not need is refused', () => {
    const sa = new LeastPrivilegeServiceAccount(chart(), 'sa', { name: 'sa' });
    expect(() => sa.grantRead(ApiResource.CONFIG_MAPS, { acknowledgements: [Acknowledgement.of(RbacRisk.SECRETS_READ, WHY)] }))
      .toThrow(/\[shop\/sa\] grantRead\(\[get, list, watch\], configmaps\)\.acknowledgements: rbac-secrets-read is acknowledged, but this grant does not carry it\. Fix: remove the acknowledgement/);
  });

  test('the same risk acknowledged twice is refused', () => {
    const sa = new LeastPrivilegeServiceAccount(chart(), 'sa', { name: 'sa' });
    const twice = [Acknowledgement.of(RbacRisk.SECRETS_READ, WHY), Acknowledgement.of(RbacRisk.SECRETS_READ, WHY)];
    expect(() => sa.grantRead(ApiResource.SECRETS, { acknowledgements: twice }))
      .toThrow(/acknowledged twice/);
  });

  test('acknowledgements of several grants of one risk are all recorded', () => {
    const c = chart();
    const sa = new LeastPrivilegeServiceAccount(c, 'sa', { name: 'sa' });
    sa.grant([Verb.CREATE], ApiResource.PODS_EXEC.named('db-0'), { acknowledgements: [Acknowledgement.of(RbacRisk.PODS_EXEC, 'runs pg_dump in db-0 nightly')] });
    sa.grant([Verb.CREATE], ApiResource.PODS_EXEC.named('db-1'), { acknowledgements: [Acknowledgement.of(RbacRisk.PODS_EXEC, 'runs pg_dump in db-1 nightly')] });
    const role = byKind(synthObjects(c), 'Role')[0];
    expect(role.metadata.annotations['waiver.cdk8s-hardening.dev/rbac-pods-exec'])
      .toBe('create pods/exec "db-0": runs pg_dump in db-0 nightly\ncreate pods/exec "db-1": runs pg_dump in db-1 nightly');
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['pods/exec'], resourceNames: ['db-0', 'db-1'], verbs: ['create'] }]);
  });

  test('coredns and aws-auth are found by namespace too: any ConfigMap write in kube-system', () => {
    const sa = new LeastPrivilegeServiceAccount(chart('kube-system'), 'sa', { name: 'sa' });
    expect(() => sa.grantWrite(ApiResource.CONFIG_MAPS)).toThrow(/rbac-critical-configmaps-write \(create configmaps\)/);
    const elsewhere = new LeastPrivilegeServiceAccount(chart('shop'), 'sa', { name: 'sa' });
    expect(() => elsewhere.grantWrite(ApiResource.CONFIG_MAPS)).not.toThrow();
  });
});

describe('refusals of malformed grants', () => {
  const sa = () => new LeastPrivilegeServiceAccount(chart(), 'sa', { name: 'sa' });

  test.each<[string, (s: LeastPrivilegeServiceAccount) => void, RegExp]>([
    ['no verbs', s => s.grant([], ApiResource.PODS), /grant\(\[\], pods\): no verbs\. Fix: give one or more members of Verb/],
    ['an unknown verb', s => s.grant(['GET' as Verb], ApiResource.PODS), /unknown verb in \[GET\]/],
    ['a cluster-scoped type in a Role', s => s.grantRead(ApiResource.NODES), /nodes is cluster-scoped, so a namespaced Role cannot grant it\. Fix: use grantCluster/],
    ['a cluster-scoped custom type in a Role', s => s.grantRead(ApiResource.custom({ apiGroup: 'example.com', resourceType: 'tenants', namespaced: false })), /cluster-scoped/],
    ['create on a named object', s => s.grant([Verb.CREATE, Verb.GET], ApiResource.CONFIG_MAPS.named('x')), /create cannot be restricted to one object.*Fix: grant create on the type/],
    ['deletecollection on a named object', s => s.grant([Verb.DELETE_COLLECTION], ApiResource.CONFIG_MAPS.named('x')), /deletecollection cannot be restricted to one object/],
    ['a wildcard name', s => s.grantRead(ApiResource.CONFIG_MAPS.named('*')), /"\*" cannot name an object \(resourceNames has no wildcard\)/],
    ['a bad resource type', s => s.grantRead(ApiResource.custom({ apiGroup: 'example.com', resourceType: 'Widgets' })), /"Widgets" is not a resource type/],
    ['a bad API group', s => s.grantRead(ApiResource.custom({ apiGroup: 'Example_Com', resourceType: 'widgets' })), /"Example_Com" is not an API group/],
  ])('%s', (_name, request, error) => {
    expect(() => request(sa())).toThrow(error);
  });

  test('a ServiceAccount named default is refused', () => {
    expect(() => new LeastPrivilegeServiceAccount(chart(), 'sa', { name: 'default' })).toThrow(/\[shop\/sa\] name: a ServiceAccount named "default".*CIS 5\.1\.5/);
  });

  test('names and namespaces must be DNS labels', () => {
    expect(() => new LeastPrivilegeServiceAccount(chart(), 'sa', { name: 'API' })).toThrow(/not a valid DNS-1123 label/);
    expect(() => new LeastPrivilegeServiceAccount(chart(), 'sa', { namespace: 'a.b' })).toThrow(/namespace: "a.b" is not a valid DNS-1123 label/);
  });

  test('Acknowledgement needs a real justification and a known risk', () => {
    expect(() => Acknowledgement.of(RbacRisk.PODS_EXEC, 'needed')).toThrow(/justification (of|needs) at least 10 (meaningful )?characters/);
    expect(() => Acknowledgement.of('rbac-nope' as RbacRisk, WHY)).toThrow(/not a known risk/);
  });

  test('ApiResource.fromApiObject knows built-in kinds only; named() names once', () => {
    const c = chart();
    const deploy = new ApiObject(c, 'd', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api' } });
    expect(ApiResource.fromApiObject(deploy)).toMatchObject({ apiGroup: 'apps', resourceType: 'deployments', resourceName: 'api' });
    const widget = new ApiObject(c, 'w', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } });
    expect(() => ApiResource.fromApiObject(widget)).toThrow(/example.com\/v1 Widget is not a built-in kind.*ApiResource.custom/);
    expect(() => ApiResource.PODS.named('a').named('b')).toThrow(/already names an object/);
  });
});

describe('workload identity', () => {
  const annotations = (identity: WorkloadIdentity) => {
    const c = chart();
    new LeastPrivilegeServiceAccount(c, 'sa', { name: 'sa', workloadIdentity: identity });
    const objects = synthObjects(c);
    expectValid(objects);
    return objects[0].metadata.annotations;
  };

  test('EKS IRSA annotates the role ARN', () => {
    expect(annotations(WorkloadIdentity.awsIrsa('arn:aws:iam::123456789012:role/payments/api'))).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::123456789012:role/payments/api' });
    expect(annotations(WorkloadIdentity.awsIrsa('arn:aws-cn:iam::123456789012:role/api'))).toBeDefined();
  });

  test.each(['arn:aws:iam::12345:role/api', 'arn:aws:iam::123456789012:user/api', 'arn:aws:s3:::bucket', 'api-role'])('IRSA refuses %s', arn => {
    expect(() => WorkloadIdentity.awsIrsa(arn)).toThrow(/not an IAM role ARN/);
  });

  test('EKS Pod Identity writes nothing on the ServiceAccount', () => {
    expect(annotations(WorkloadIdentity.awsPodIdentity())).toBeUndefined();
  });

  test('GKE annotates the Google service account', () => {
    expect(annotations(WorkloadIdentity.gke('payments-api@my-project.iam.gserviceaccount.com'))).toEqual({ 'iam.gke.io/gcp-service-account': 'payments-api@my-project.iam.gserviceaccount.com' });
  });

  test.each(['payments-api@my-project.com', 'x@my-project.iam.gserviceaccount.com', '123-compute@developer.gserviceaccount.com'])('GKE refuses %s', email => {
    expect(() => WorkloadIdentity.gke(email)).toThrow(/not a Google service account email/);
  });

  test('Azure annotates client and tenant, and asks for the pod label', () => {
    const c = chart();
    const sa = new LeastPrivilegeServiceAccount(c, 'sa', { name: 'sa', workloadIdentity: WorkloadIdentity.azure('8D0C2A4B-1111-2222-3333-444455556666', '00000000-aaaa-bbbb-cccc-000000000000') });
    expect(synthObjects(c)[0].metadata.annotations).toEqual({
      'azure.workload.identity/client-id': '8d0c2a4b-1111-2222-3333-444455556666',
      'azure.workload.identity/tenant-id': '00000000-aaaa-bbbb-cccc-000000000000',
    });
    expect(sa.podLabels).toEqual({ 'azure.workload.identity/use': 'true' });
    expect(() => WorkloadIdentity.azure('not-a-guid')).toThrow(/clientId "not-a-guid" is not a GUID/);
    expect(() => WorkloadIdentity.azure('8d0c2a4b-1111-2222-3333-444455556666', 'x')).toThrow(/tenantId "x" is not a GUID/);
  });
});
