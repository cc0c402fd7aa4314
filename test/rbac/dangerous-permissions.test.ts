import { dangerousBinding, dangerousRbacObject, dangerousRules, describeBinding, describePermission, PolicyRuleLike } from '../../src/detectors/dangerous-permissions';
import { RBAC_RISKS, rbacRisk, RbacScope } from '../../src/detectors/rbac-risks';
import { RbacRisk } from '../../src/rbac/rbac-risk';

const ids = (rule: PolicyRuleLike, scope: RbacScope = 'namespace', namespace?: string) =>
  dangerousRules(rule, scope, namespace ? { namespace } : {}).map(f => f.id);
const core = (resources: string[], verbs: string[], resourceNames?: string[]): PolicyRuleLike =>
  ({ apiGroups: [''], resources, verbs, ...(resourceNames ? { resourceNames } : {}) });

describe('dangerousRules: each pattern of the control catalog', () => {
  test.each<[string, PolicyRuleLike, RbacRisk[], RbacScope?, string?]>([
    ['* verbs', core(['configmaps'], ['*']), [RbacRisk.WILDCARD_VERBS]],
    ['* resources of a custom group', { apiGroups: ['example.com'], resources: ['*'], verbs: ['get'] }, [RbacRisk.WILDCARD_RESOURCES]],
    ['*/status subresource wildcard', core(['*/status'], ['get']), [RbacRisk.WILDCARD_RESOURCES]],
    ['* apiGroups', { apiGroups: ['*'], resources: ['configmaps'], verbs: ['get'] }, [RbacRisk.WILDCARD_API_GROUPS]],
    ['get secrets', core(['secrets'], ['get']), [RbacRisk.SECRETS_READ]],
    ['list secrets', core(['secrets'], ['list']), [RbacRisk.SECRETS_READ]],
    ['watch secrets', core(['secrets'], ['watch']), [RbacRisk.SECRETS_READ]],
    ['create secrets', core(['secrets'], ['create']), [RbacRisk.SECRETS_WRITE]],
    ['patch any secret', core(['secrets'], ['patch']), [RbacRisk.SECRETS_WRITE]],
    ['create pods', core(['pods'], ['create']), [RbacRisk.PODS_WRITE]],
    ['patch pods', core(['pods'], ['patch']), [RbacRisk.PODS_WRITE]],
    ['patch a named pod (its image is mutable)', core(['pods'], ['patch'], ['api-0']), [RbacRisk.PODS_WRITE]],
    ['ephemeral containers', core(['pods/ephemeralcontainers'], ['update']), [RbacRisk.PODS_WRITE]],
    ['create deployments', { apiGroups: ['apps'], resources: ['deployments'], verbs: ['create'] }, [RbacRisk.WORKLOADS_WRITE]],
    ['update daemonsets', { apiGroups: ['apps'], resources: ['daemonsets'], verbs: ['update'] }, [RbacRisk.WORKLOADS_WRITE]],
    ['patch cronjobs', { apiGroups: ['batch'], resources: ['cronjobs'], verbs: ['patch'] }, [RbacRisk.WORKLOADS_WRITE]],
    ['create replicationcontrollers', core(['replicationcontrollers'], ['create']), [RbacRisk.WORKLOADS_WRITE]],
    ['delete pods', core(['pods'], ['delete']), [RbacRisk.DELETE_RESOURCES]],
    ['deletecollection statefulsets', { apiGroups: ['apps'], resources: ['statefulsets'], verbs: ['deletecollection'] }, [RbacRisk.DELETE_RESOURCES]],
    ['delete events', core(['events'], ['delete']), [RbacRisk.EVENTS_DELETE]],
    ['delete events.k8s.io events', { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['deletecollection'] }, [RbacRisk.EVENTS_DELETE]],
    ['delete pods/log', core(['pods/log'], ['delete']), [RbacRisk.PODS_LOG_DELETE]],
    ['create pods/exec', core(['pods/exec'], ['create']), [RbacRisk.PODS_EXEC]],
    ['get pods/exec (WebSocket)', core(['pods/exec'], ['get']), [RbacRisk.PODS_EXEC]],
    ['exec into a named pod', core(['pods/exec'], ['create'], ['db-0']), [RbacRisk.PODS_EXEC]],
    ['pods/attach', core(['pods/attach'], ['create']), [RbacRisk.PODS_ATTACH]],
    ['pods/portforward', core(['pods/portforward'], ['create']), [RbacRisk.PODS_PORTFORWARD]],
    ['get nodes/proxy', core(['nodes/proxy'], ['get']), [RbacRisk.NODES_PROXY], 'cluster'],
    ['get pods/proxy', core(['pods/proxy'], ['get']), [RbacRisk.PODS_PROXY]],
    ['create pods/proxy on a named pod', core(['pods/proxy'], ['create'], ['api-0']), [RbacRisk.PODS_PROXY]],
    ['delete pods/proxy (each HTTP method is a verb)', core(['pods/proxy'], ['delete']), [RbacRisk.PODS_PROXY]],
    ['get services/proxy', core(['services/proxy'], ['get']), [RbacRisk.SERVICES_PROXY]],
    ['pods/proxy cluster-wide', core(['pods/proxy'], ['get']), [RbacRisk.PODS_PROXY], 'cluster'],
    ['patch nodes', core(['nodes'], ['patch']), [RbacRisk.NODES_WRITE], 'cluster'],
    ['update a named node', core(['nodes'], ['update'], ['worker-1']), [RbacRisk.NODES_WRITE], 'cluster'],
    ['delete nodes', core(['nodes'], ['delete']), [RbacRisk.NODES_WRITE], 'cluster'],
    ['create nodes (register a fake node)', core(['nodes'], ['create']), [RbacRisk.NODES_WRITE], 'cluster'],
    ['update nodes/status', core(['nodes/status'], ['update']), [RbacRisk.NODES_WRITE], 'cluster'],
    ['patch namespaces', core(['namespaces'], ['patch']), [RbacRisk.NAMESPACES_WRITE], 'cluster'],
    ['patch its own namespace from a Role', core(['namespaces'], ['update'], ['shop']), [RbacRisk.NAMESPACES_WRITE]],
    ['delete namespaces', core(['namespaces'], ['delete']), [RbacRisk.NAMESPACES_DELETE], 'cluster'],
    ['delete a named namespace', core(['namespaces'], ['delete'], ['shop']), [RbacRisk.NAMESPACES_DELETE], 'cluster'],
    ['deletecollection namespaces', core(['namespaces'], ['deletecollection']), [RbacRisk.NAMESPACES_DELETE], 'cluster'],
    ['escalate roles', { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['escalate'] }, [RbacRisk.ESCALATE]],
    ['bind clusterroles', { apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['bind'] }, [RbacRisk.BIND], 'cluster'],
    ['impersonate users', core(['users', 'groups'], ['impersonate']), [RbacRisk.IMPERSONATE]],
    ['impersonate user extras', { apiGroups: ['authentication.k8s.io'], resources: ['userextras/scopes'], verbs: ['impersonate'] }, [RbacRisk.IMPERSONATE]],
    ['bind on bindings (as Checkov reads it)', { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'], verbs: ['bind'] }, [RbacRisk.BIND]],
    ['patch rolebindings', { apiGroups: ['rbac.authorization.k8s.io'], resources: ['rolebindings'], verbs: ['get', 'patch'] }, [RbacRisk.ROLE_BINDINGS_WRITE]],
    ['create serviceaccounts/token', core(['serviceaccounts/token'], ['create']), [RbacRisk.SERVICE_ACCOUNT_TOKEN_CREATE]],
    ['create persistentvolumes', core(['persistentvolumes'], ['create']), [RbacRisk.PERSISTENT_VOLUMES_CREATE], 'cluster'],
    ['update CSR approval', { apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests/approval'], verbs: ['update'] }, [RbacRisk.CSR_APPROVAL], 'cluster'],
    ['approve signers', { apiGroups: ['certificates.k8s.io'], resources: ['signers'], verbs: ['approve'] }, [RbacRisk.CSR_APPROVAL], 'cluster'],
    ['sign on signers', { apiGroups: ['certificates.k8s.io'], resources: ['signers'], verbs: ['sign'], resourceNames: ['example.com/serving'] }, [RbacRisk.CSR_SIGNING], 'cluster'],
    ['update CSR status', { apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests/status'], verbs: ['update'] }, [RbacRisk.CSR_SIGNING], 'cluster'],
    ['approval and signing together', { apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests/approval', 'certificatesigningrequests/status'], verbs: ['patch'] },
      [RbacRisk.CSR_APPROVAL, RbacRisk.CSR_SIGNING], 'cluster'],
    ['create apiservices', { apiGroups: ['apiregistration.k8s.io'], resources: ['apiservices'], verbs: ['create'] }, [RbacRisk.APISERVICES_WRITE], 'cluster'],
    ['patch a named apiservice', { apiGroups: ['apiregistration.k8s.io'], resources: ['apiservices'], verbs: ['patch'], resourceNames: ['v1beta1.metrics.k8s.io'] }, [RbacRisk.APISERVICES_WRITE], 'cluster'],
    ['update apiservices/status', { apiGroups: ['apiregistration.k8s.io'], resources: ['apiservices/status'], verbs: ['update'] }, [RbacRisk.APISERVICES_WRITE], 'cluster'],
    ['create CRDs', { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['create'] }, [RbacRisk.CRD_WRITE], 'cluster'],
    ['patch CRDs', { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['patch'] }, [RbacRisk.CRD_WRITE], 'cluster'],
    ['delete a named CRD', { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['delete'], resourceNames: ['clusterpolicies.kyverno.io'] }, [RbacRisk.CRD_WRITE], 'cluster'],
    ['patch webhook configurations', { apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingwebhookconfigurations'], verbs: ['patch'] }, [RbacRisk.ADMISSION_WEBHOOKS_WRITE], 'cluster'],
    ['delete admission policies', { apiGroups: ['admissionregistration.k8s.io'], resources: ['validatingadmissionpolicies'], verbs: ['delete'] }, [RbacRisk.ADMISSION_WEBHOOKS_WRITE], 'cluster'],
    ['patch aws-auth by name', core(['configmaps'], ['patch'], ['aws-auth']), [RbacRisk.CRITICAL_CONFIGMAPS_WRITE]],
    ['update coredns by name', core(['configmaps'], ['update'], ['coredns']), [RbacRisk.CRITICAL_CONFIGMAPS_WRITE]],
    ['update any configmap in kube-system', core(['configmaps'], ['update']), [RbacRisk.CRITICAL_CONFIGMAPS_WRITE], 'namespace', 'kube-system'],
    ['update any configmap cluster-wide', core(['configmaps'], ['update']), [RbacRisk.CRITICAL_CONFIGMAPS_WRITE], 'cluster'],
    ['create services', core(['services'], ['create']), [RbacRisk.NETWORK_WRITE]],
    ['patch endpoints', core(['endpoints'], ['patch']), [RbacRisk.NETWORK_WRITE]],
    ['delete networkpolicies', { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies'], verbs: ['delete'] }, [RbacRisk.NETWORK_WRITE]],
    ['create endpointslices', { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['create'] }, [RbacRisk.NETWORK_WRITE]],
    ['patch services/status', core(['services/status'], ['patch']), [RbacRisk.SERVICES_STATUS_WRITE]],
  ])('%s', (_name, rule, expected, scope = 'namespace', namespace) => {
    expect(ids(rule, scope, namespace)).toEqual(expected);
  });
});

describe('dangerousRules: what is not dangerous', () => {
  test.each<[string, PolicyRuleLike, RbacScope?]>([
    ['read configmaps', core(['configmaps'], ['get', 'list', 'watch'])],
    ['get a named secret', core(['secrets'], ['get'], ['db-password'])],
    ['watch a named secret', core(['secrets'], ['list', 'watch'], ['tls'])],
    ['update a named secret', core(['secrets'], ['update', 'patch'], ['cache'])],
    ['read pods and their logs', core(['pods', 'pods/log'], ['get', 'list', 'watch'])],
    ['leases for leader election', { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'create', 'update'] }],
    ['write an app configmap', core(['configmaps'], ['create', 'update', 'patch'])],
    ['write configmaps in a namespace of unknown name', core(['configmaps'], ['update'])],
    ['delete a named pod', core(['pods'], ['delete'], ['worker-1'])],
    ['create events', core(['events'], ['create', 'patch'])],
    ['a CRD that shares a core name', { apiGroups: ['example.com'], resources: ['secrets', 'pods'], verbs: ['create', 'get'] }],
    ['read nodes cluster-wide', core(['nodes'], ['get', 'list'])],
    ['nonResourceURLs are not inspected', { nonResourceURLs: ['/healthz'], verbs: ['get'] }, 'cluster'],
    ['an empty rule grants nothing', {}],
    ['wildcard resources with no verbs grant nothing', core(['*'], [])],
    ['get pods', core(['pods'], ['get'])],
    ['list services', core(['services'], ['list', 'watch'])],
    ['evict pods (the eviction API honours PodDisruptionBudgets)', core(['pods/eviction'], ['create'])],
    ['read services/status and pods/status', core(['services/status', 'pods/status'], ['get'])],
    ['read nodes and their status', core(['nodes', 'nodes/status'], ['get', 'list', 'watch']), 'cluster'],
    ['read namespaces', core(['namespaces'], ['get', 'list', 'watch']), 'cluster'],
    ['read CRDs', { apiGroups: ['apiextensions.k8s.io'], resources: ['customresourcedefinitions'], verbs: ['get', 'list', 'watch'] }, 'cluster'],
    ['read apiservices', { apiGroups: ['apiregistration.k8s.io'], resources: ['apiservices'], verbs: ['get', 'list'] }, 'cluster'],
    ['create and read CSRs (requesting a certificate is not issuing one)', { apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests'], verbs: ['create', 'get', 'list', 'watch'] }, 'cluster'],
    ['a CRD\'s objects are not the CRD', { apiGroups: ['example.com'], resources: ['widgets'], verbs: ['create', 'update', 'delete'] }, 'cluster'],
    ['a custom group with a proxy subresource of its own', { apiGroups: ['example.com'], resources: ['pods/proxy'], verbs: ['get'] }],
    ['impersonate is not an HTTP method of the proxy', core(['pods/proxy', 'services/proxy'], ['impersonate', 'list', 'watch'])],
  ])('%s', (_name, rule, scope = 'namespace') => {
    expect(ids(rule, scope)).toEqual([]);
  });
});

describe('dangerousRules: wildcards', () => {
  // A wildcard is reported as itself and as every specific risk it carries, each with the wildcard grant that carries it.
  test.each<[string, PolicyRuleLike, RbacRisk[], RbacScope?]>([
    ['* verbs on pods/exec is an exec grant', core(['pods/exec'], ['*']), [RbacRisk.WILDCARD_VERBS, RbacRisk.PODS_EXEC]],
    ['* verbs on secrets reads, writes and deletes them', core(['secrets'], ['*']),
      [RbacRisk.WILDCARD_VERBS, RbacRisk.SECRETS_READ, RbacRisk.SECRETS_WRITE, RbacRisk.DELETE_RESOURCES]],
    ['* resources with get reads Secrets and opens exec, attach, port-forward and the proxies', core(['*'], ['get']),
      [RbacRisk.WILDCARD_RESOURCES, RbacRisk.SECRETS_READ, RbacRisk.PODS_EXEC, RbacRisk.PODS_ATTACH, RbacRisk.PODS_PORTFORWARD,
        RbacRisk.PODS_PROXY, RbacRisk.SERVICES_PROXY]],
    ['* resources cluster-wide also carries nodes/proxy', core(['*'], ['get']),
      [RbacRisk.WILDCARD_RESOURCES, RbacRisk.SECRETS_READ, RbacRisk.PODS_EXEC, RbacRisk.PODS_ATTACH, RbacRisk.PODS_PORTFORWARD,
        RbacRisk.PODS_PROXY, RbacRisk.SERVICES_PROXY, RbacRisk.NODES_PROXY],
      'cluster'],
    ['pods/* is read as a wildcard, as the checkers do', core(['pods/*'], ['create']),
      [RbacRisk.WILDCARD_RESOURCES, RbacRisk.PODS_WRITE, RbacRisk.PODS_EXEC, RbacRisk.PODS_ATTACH, RbacRisk.PODS_PORTFORWARD, RbacRisk.PODS_PROXY]],
    ['* apiGroups on secrets is a secrets read', { apiGroups: ['*'], resources: ['secrets'], verbs: ['get'] }, [RbacRisk.WILDCARD_API_GROUPS, RbacRisk.SECRETS_READ]],
    ['* verbs on nodes is a node write', core(['nodes'], ['*']), [RbacRisk.WILDCARD_VERBS, RbacRisk.NODES_WRITE], 'cluster'],
    ['* verbs on CSR subresources approve and sign', { apiGroups: ['certificates.k8s.io'], resources: ['certificatesigningrequests/approval', 'certificatesigningrequests/status'], verbs: ['*'] },
      [RbacRisk.WILDCARD_VERBS, RbacRisk.CSR_APPROVAL, RbacRisk.CSR_SIGNING], 'cluster'],
    ['* verbs on signers approve and sign', { apiGroups: ['certificates.k8s.io'], resources: ['signers'], verbs: ['*'] }, [RbacRisk.WILDCARD_VERBS, RbacRisk.CSR_APPROVAL, RbacRisk.CSR_SIGNING], 'cluster'],
    ['* resources of apiextensions writes CRDs', { apiGroups: ['apiextensions.k8s.io'], resources: ['*'], verbs: ['update'] }, [RbacRisk.WILDCARD_RESOURCES, RbacRisk.CRD_WRITE], 'cluster'],
    ['* verbs on namespaces writes and deletes them', core(['namespaces'], ['*']), [RbacRisk.WILDCARD_VERBS, RbacRisk.NAMESPACES_WRITE, RbacRisk.NAMESPACES_DELETE], 'cluster'],
    ['wildcards in two dimensions are two findings; literal matches are still reported', core(['users', '*'], ['impersonate']), [RbacRisk.WILDCARD_RESOURCES, RbacRisk.IMPERSONATE]],
  ])('%s', (_name, rule, expected, scope = 'namespace') => {
    expect(ids(rule, scope)).toEqual(expected);
  });

  test('the wildcard finding lists what it implies; each implied risk shows the wildcard grant', () => {
    const [wildcard, exec] = dangerousRules(core(['pods/exec'], ['*']), 'namespace');
    expect(wildcard).toMatchObject({ id: RbacRisk.WILDCARD_VERBS, matched: { apiGroup: '', resource: 'pods/exec', verb: '*' }, implies: [RbacRisk.PODS_EXEC] });
    expect(exec).toMatchObject({ id: RbacRisk.PODS_EXEC, matched: { apiGroup: '', resource: 'pods/exec', verb: '*' }, implies: [], throughWildcard: true });
    expect(wildcard.throughWildcard).toBe(false);
  });

  test('a risk granted literally is not marked as coming through a wildcard, even when a wildcard of the rule also carries it', () => {
    expect(dangerousRules(core(['pods/exec'], ['create']), 'namespace')[0].throughWildcard).toBe(false);
    const both = dangerousRules(core(['secrets', '*'], ['get']), 'namespace');
    expect(both.find(f => f.id === RbacRisk.SECRETS_READ)!.throughWildcard).toBe(false);
    expect(both.find(f => f.id === RbacRisk.PODS_EXEC)!.throughWildcard).toBe(true);
  });

  test.each<[string, PolicyRuleLike, RbacRisk, RbacScope?]>([
    // What the checkers report through a wildcard (control catalog, section 2), each seen through it here too.
    ['Trivy KSV-0041 / Kubescape C-0015: resources * with get reads Secrets', { apiGroups: ['*'], resources: ['*'], verbs: ['get'] }, RbacRisk.SECRETS_READ, 'cluster'],
    ['Kubescape C-0002: verbs * on pods/exec', core(['pods/exec'], ['*']), RbacRisk.PODS_EXEC],
    ['Kubescape C-0002: create on pods/*', core(['pods/*'], ['create']), RbacRisk.PODS_EXEC],
    ['Kubescape C-0002: create on *', core(['*'], ['create']), RbacRisk.PODS_EXEC],
    ['Kubescape C-0188: create on *', core(['*'], ['create']), RbacRisk.PODS_WRITE],
    ['Kubescape C-0063: create on pods/*', core(['pods/*'], ['create']), RbacRisk.PODS_PORTFORWARD],
    ['*/exec is the subresource wildcard of the authorizer', core(['*/exec'], ['create']), RbacRisk.PODS_EXEC],
    ['CIS 5.1.9 / Kubescape C-0278: create on * in a ClusterRole', core(['*'], ['create']), RbacRisk.PERSISTENT_VOLUMES_CREATE, 'cluster'],
    ['Kubescape C-0191: verbs * on roles escalate', { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'], verbs: ['*'] }, RbacRisk.ESCALATE],
    ['Kubescape C-0191: verbs * on clusterroles bind', { apiGroups: ['*'], resources: ['clusterroles'], verbs: ['*'] }, RbacRisk.BIND, 'cluster'],
    ['Checkov CKV2_K8S_3: impersonate on *', core(['*'], ['impersonate']), RbacRisk.IMPERSONATE],
    ['Trivy KSV-0047: get on * in a ClusterRole', core(['*'], ['get']), RbacRisk.NODES_PROXY, 'cluster'],
    ['Trivy KSV-0049 / Kubescape C-0037: verbs * on configmaps cluster-wide', core(['configmaps'], ['*']), RbacRisk.CRITICAL_CONFIGMAPS_WRITE, 'cluster'],
    ['Trivy KSV-0056: verbs * on * writes networking objects', { apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, RbacRisk.NETWORK_WRITE],
  ])('%s', (_name, rule, risk, scope = 'namespace') => {
    const found = dangerousRules(rule, scope).find(f => f.id === risk);
    expect(found).toMatchObject({ id: risk, throughWildcard: true });
  });

  test('a literal grant is shown rather than the wildcard, and a risk it names is not listed as implied', () => {
    const findings = dangerousRules(core(['secrets', '*'], ['get']), 'namespace');
    expect(findings.find(f => f.id === RbacRisk.SECRETS_READ)!.matched).toEqual({ apiGroup: '', resource: 'secrets', verb: 'get' });
    expect(findings[0].implies).not.toContain(RbacRisk.SECRETS_READ);
  });

  test('*/*/* is cluster-admin equivalent and names every specific risk of its scope', () => {
    const cluster = ids({ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, 'cluster');
    const specific = Object.values(RbacRisk).filter(r => !r.startsWith('rbac-wildcard') && !r.startsWith('rbac-binding') && !r.startsWith('rbac-subject'));
    expect(cluster).toEqual([RbacRisk.WILDCARD_ALL, ...specific]);
    expect(dangerousRules({ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, 'cluster')[0].severity).toBe('critical');
  });

  test('in a Role, a wildcard does not carry risks of cluster-scoped resources (a Role cannot grant them)', () => {
    const role = ids({ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, 'namespace', 'shop');
    for (const clusterOnly of [RbacRisk.NODES_PROXY, RbacRisk.NODES_WRITE, RbacRisk.PERSISTENT_VOLUMES_CREATE,
      RbacRisk.CSR_APPROVAL, RbacRisk.CSR_SIGNING,
      RbacRisk.ADMISSION_WEBHOOKS_WRITE, RbacRisk.APISERVICES_WRITE, RbacRisk.CRD_WRITE]) {
      expect(role).not.toContain(clusterOnly);
    }
    // A namespace request is in that namespace, so a Role reaches its own Namespace object.
    expect(role).toEqual(expect.arrayContaining([RbacRisk.WILDCARD_ALL, RbacRisk.SECRETS_READ, RbacRisk.PODS_EXEC,
      RbacRisk.PODS_PROXY, RbacRisk.NAMESPACES_WRITE, RbacRisk.NAMESPACES_DELETE]));
    // Named literally, they are still reported, as Trivy does for Roles.
    expect(ids(core(['nodes/proxy'], ['get']))).toEqual([RbacRisk.NODES_PROXY]);
  });
});

describe('dangerousRules: entries', () => {
  test('carry title, why, severity, the first matched grant and framework references', () => {
    const [f] = dangerousRules(core(['secrets'], ['watch', 'get'], undefined), 'namespace');
    expect(f).toMatchObject({
      id: 'rbac-secrets-read',
      severity: 'high',
      matched: { apiGroup: '', resource: 'secrets', verb: 'watch' },
      implies: [],
      throughWildcard: false,
    });
    expect(f.title).toMatch(/Secrets/);
    expect(f.why.length).toBeGreaterThan(40);
    // A read of named Secrets passes the rule but fails CIS 5.1.2's wording and Kubescape (which also needs a binding).
    expect(f.references).toEqual(expect.arrayContaining([expect.objectContaining({ framework: 'cis', id: '5.1.2', relation: 'narrower' }),
      expect.objectContaining({ framework: 'kubescape', id: 'C-0015', relation: 'related' })]));
  });

  test('references depend on the scope where the frameworks split them (Trivy KSV-0041 ClusterRole, KSV-0113 Role)', () => {
    const refs = (scope: RbacScope) => dangerousRules(core(['secrets'], ['get']), scope)[0].references.filter(r => r.framework === 'trivy').map(r => r.id);
    expect(refs('cluster')).toEqual(['KSV-0041']);
    expect(refs('namespace')).toEqual(['KSV-0113']);
    expect(rbacRisk(RbacRisk.SECRETS_READ).references.filter(r => r.framework === 'trivy').map(r => r.id)).toEqual(['KSV-0041', 'KSV-0113']);
  });

  test('one entry per risk per rule, in a stable order', () => {
    const rule = core(['pods', 'secrets'], ['create', 'get', 'delete']);
    expect(ids(rule)).toEqual([RbacRisk.SECRETS_READ, RbacRisk.SECRETS_WRITE, RbacRisk.PODS_WRITE, RbacRisk.DELETE_RESOURCES]);
    expect(dangerousRules(rule, 'namespace')).toEqual(dangerousRules(JSON.parse(JSON.stringify(rule)), 'namespace'));
  });

  test('is pure: the input is not modified', () => {
    const rule = Object.freeze(core(['*'], ['*']));
    expect(() => dangerousRules(rule, 'cluster')).not.toThrow();
  });

  test('describePermission names verb, resource.group and object', () => {
    expect(describePermission({ verb: 'patch', resource: 'deployments', apiGroup: 'apps', resourceName: 'api' })).toBe('patch deployments.apps "api"');
    expect(describePermission({ verb: 'get', resource: 'secrets', apiGroup: '' })).toBe('get secrets');
  });
});

describe('dangerousBinding', () => {
  const sa = { kind: 'ServiceAccount', name: 'api', namespace: 'shop' };
  const clusterRole = (name: string) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name });

  test.each<[string, any, any[], RbacRisk[]]>([
    ['cluster-admin', clusterRole('cluster-admin'), [sa], [RbacRisk.BINDING_CLUSTER_ADMIN]],
    ['admin', clusterRole('admin'), [sa], [RbacRisk.BINDING_ADMIN_OR_EDIT]],
    ['edit', clusterRole('edit'), [sa], [RbacRisk.BINDING_ADMIN_OR_EDIT]],
    ['system:masters', clusterRole('view'), [{ kind: 'Group', name: 'system:masters', apiGroup: 'rbac.authorization.k8s.io' }], [RbacRisk.SUBJECT_SYSTEM_MASTERS]],
    ['system:anonymous', clusterRole('view'), [{ kind: 'User', name: 'system:anonymous' }], [RbacRisk.SUBJECT_ANONYMOUS]],
    ['system:unauthenticated', clusterRole('view'), [{ kind: 'Group', name: 'system:unauthenticated' }], [RbacRisk.SUBJECT_ANONYMOUS]],
    ['system:authenticated', clusterRole('view'), [{ kind: 'Group', name: 'system:authenticated' }], [RbacRisk.SUBJECT_AUTHENTICATED]],
    ['the default ServiceAccount', clusterRole('view'), [{ kind: 'ServiceAccount', name: 'default', namespace: 'shop' }], [RbacRisk.SUBJECT_DEFAULT_SERVICE_ACCOUNT]],
    ['the default ServiceAccount as a user name', clusterRole('view'), [{ kind: 'User', name: 'system:serviceaccount:shop:default' }], [RbacRisk.SUBJECT_DEFAULT_SERVICE_ACCOUNT]],
    ['a Role named cluster-admin is not the ClusterRole', { kind: 'Role', name: 'cluster-admin' }, [sa], []],
    ['view for a named ServiceAccount', clusterRole('view'), [sa], []],
    ['system:node', clusterRole('system:node'), [sa], [RbacRisk.BINDING_SYSTEM_ROLE]],
    ['system:kube-controller-manager', clusterRole('system:kube-controller-manager'), [sa], [RbacRisk.BINDING_SYSTEM_ROLE]],
    ['a controller role', clusterRole('system:controller:clusterrole-aggregation-controller'), [sa], [RbacRisk.BINDING_SYSTEM_ROLE]],
    ['an aggregation fragment', clusterRole('system:aggregate-to-edit'), [sa], [RbacRisk.BINDING_SYSTEM_ROLE]],
    ['a Role named system:node is not the ClusterRole', { kind: 'Role', name: 'system:node' }, [sa], []],
    ['a ClusterRole that only mentions system', clusterRole('my-system:reader'), [sa], []],
  ])('%s', (_name, roleRef, subjects, expected) => {
    expect(dangerousBinding(roleRef, subjects).map(f => f.id)).toEqual(expected);
  });

  test('each dangerous subject is its own entry, with its index', () => {
    const findings = dangerousBinding(clusterRole('cluster-admin'), [sa, { kind: 'Group', name: 'system:masters' }, { kind: 'Group', name: 'system:authenticated' }]);
    expect(findings.map(f => [f.id, f.matched.subjectIndex])).toEqual([
      [RbacRisk.BINDING_CLUSTER_ADMIN, undefined], [RbacRisk.SUBJECT_SYSTEM_MASTERS, 1], [RbacRisk.SUBJECT_AUTHENTICATED, 2],
    ]);
    expect(describeBinding(findings[0].matched)).toBe('roleRef ClusterRole/cluster-admin');
    expect(describeBinding(findings[1].matched)).toBe('subject Group/system:masters');
  });

  test('tolerates missing subjects and fields', () => {
    expect(dangerousBinding({}, undefined)).toEqual([]);
    expect(dangerousBinding({ kind: 'ClusterRole' }, [{}])).toEqual([]);
  });
});

describe('dangerousRbacObject', () => {
  test('reports every rule of a Role with its path, using the Role\'s namespace', () => {
    const role = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'x', namespace: 'kube-system' },
      rules: [core(['configmaps'], ['get']), core(['configmaps'], ['patch']), core(['secrets'], ['list'])],
    };
    expect(dangerousRbacObject(role).map(f => [f.path, f.id])).toEqual([
      ['rules[1]', RbacRisk.CRITICAL_CONFIGMAPS_WRITE], ['rules[2]', RbacRisk.SECRETS_READ],
    ]);
  });

  test('a ClusterRole is judged at cluster scope', () => {
    const findings = dangerousRbacObject({ kind: 'ClusterRole', rules: [core(['secrets'], ['get'])] });
    expect(findings[0].references).toContainEqual({ framework: 'trivy', id: 'KSV-0041', relation: 'equivalent' });
  });

  test('bindings point at roleRef or the subject', () => {
    const binding = {
      kind: 'ClusterRoleBinding',
      roleRef: { kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'ServiceAccount', name: 'ok', namespace: 'a' }, { kind: 'Group', name: 'system:anonymous' }],
    };
    expect(dangerousRbacObject(binding).map(f => [f.path, f.id])).toEqual([
      ['roleRef', RbacRisk.BINDING_CLUSTER_ADMIN], ['subjects[1]', RbacRisk.SUBJECT_ANONYMOUS],
    ]);
  });

  test('other kinds and null rules give nothing', () => {
    expect(dangerousRbacObject({ kind: 'ConfigMap' })).toEqual([]);
    expect(dangerousRbacObject({ kind: 'ClusterRole', rules: null })).toEqual([]);
  });
});

/** Risks that none of the referenced checkers flags (their 2026-08 rules): the library names them first, citing the Kubernetes docs. */
const BEYOND_THE_CHECKERS = [
  RbacRisk.PODS_PROXY, RbacRisk.SERVICES_PROXY, RbacRisk.NAMESPACES_WRITE, RbacRisk.NAMESPACES_DELETE, RbacRisk.CSR_SIGNING,
  RbacRisk.APISERVICES_WRITE,
  RbacRisk.CRD_WRITE, RbacRisk.BINDING_SYSTEM_ROLE,
];

describe('the risk catalog', () => {
  test('every RbacRisk has a definition with stable kebab-case id, a severity and references', () => {
    expect(RBAC_RISKS.map(r => r.id)).toEqual(Object.values(RbacRisk));
    for (const r of RBAC_RISKS) {
      expect(r.id).toMatch(/^rbac(-[a-z0-9]+)+$/);
      expect(['low', 'medium', 'high', 'critical']).toContain(r.severity);
      expect(r.references.length).toBeGreaterThan(0);
    }
  });

  test('risks no checker flags are listed, and cite the Kubernetes documentation instead', () => {
    const checkerless = RBAC_RISKS.filter(r => r.references.every(ref => ref.framework === 'k8s')).map(r => r.id);
    expect(checkerless).toEqual(BEYOND_THE_CHECKERS);
  });

  test('references use each framework\'s own id format', () => {
    const formats: Record<string, RegExp> = {
      'cis': /^5\.1\.\d+$/,
      'kubescape': /^C-\d{4}$/,
      'trivy': /^KSV-\d{4,5}$/,
      'checkov': /^CKV2?_K8S_\d+$/,
      'kube-linter': /^[a-z]+(-[a-z]+)*$/,
      'polaris': /^[a-z][A-Za-z]+$/,
      // A section of the Kubernetes documentation: page#anchor under kubernetes.io/docs.
      'k8s': /^[a-z]+(-[a-z]+)*(#[a-z0-9]+(-[a-z0-9]+)*)?$/,
      // Policy names of Palo Alto Networks' rbac-police.
      'rbac-police': /^[a-z0-9]+(_[a-z0-9]+)*$/,
    };
    for (const ref of RBAC_RISKS.flatMap(r => r.references)) {
      expect(Object.keys(formats)).toContain(ref.framework);
      expect(ref.id).toMatch(formats[ref.framework]);
    }
  });

  test('covers CIS 5.1.1 to 5.1.13 except the non-RBAC 5.1.6 (token automount, handled on the ServiceAccount)', () => {
    const cis = new Set(RBAC_RISKS.flatMap(r => r.references).filter(r => r.framework === 'cis').map(r => r.id));
    expect([...cis].sort((a, b) => Number(a.split('.')[2]) - Number(b.split('.')[2])))
      .toEqual(['5.1.1', '5.1.2', '5.1.3', '5.1.4', '5.1.5', '5.1.7', '5.1.8', '5.1.9', '5.1.10', '5.1.11', '5.1.12', '5.1.13']);
  });
});
