import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Chart, Size, Testing, YamlOutputType } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import {
  Cpu, HardenedCronJob, HardenedDeployment, HardenedJob, HardenedStatefulSet, HardeningDefaults, IsolatedNamespace, PodSecurityLevel,
  SensitiveAccess, TaintEffect, TeamMember,
} from '../../src';
import { appWithDefaults, expectHardened, IMAGE, synthObjects } from '../harness';

const byKind = (objects: any[], kind: string) => objects.filter(o => o.kind === kind);
const named = (objects: any[], kind: string, name: string) => objects.find(o => o.kind === kind && o.metadata.name === name);

describe('IsolatedNamespace defaults', () => {
  const chart = new Chart(appWithDefaults(), 'platform');
  new IsolatedNamespace(chart, 'payments', { name: 'payments' });
  const objects = synthObjects(chart);

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('is schema-valid', () => {
    expectHardened(objects);
  });

  test('emits the namespace first, then its policies, quota, limits and default ServiceAccount', () => {
    expect(objects.map(o => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/payments',
      'ServiceAccount/default',
      'NetworkPolicy/default-deny',
      'NetworkPolicy/allow-cluster-dns',
      'ResourceQuota/namespace-quota',
      'LimitRange/container-limits',
    ]);
  });

  test('labels the namespace for Pod Security Admission restricted, pinned, in all three modes', () => {
    expect(objects[0].metadata.labels).toEqual({
      'app.kubernetes.io/managed-by': 'cdk8s',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'v1.33',
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/enforce-version': 'v1.33',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.33',
    });
  });

  test('denies all ingress and egress for every pod', () => {
    expect(named(objects, 'NetworkPolicy', 'default-deny').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  test('allows egress to the cluster DNS pods only, by label, on UDP and TCP 53', () => {
    expect(named(objects, 'NetworkPolicy', 'allow-cluster-dns').spec).toEqual({
      egress: [{
        ports: [{ port: 53, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }],
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      }],
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    });
  });

  test('writes nothing outside its own namespace', () => {
    for (const o of objects) {
      if (o.kind === 'Namespace') expect(o.metadata.namespace).toBeUndefined();
      else expect(o.metadata.namespace).toBe('payments');
    }
  });

  test('holds node ports and load balancers at zero', () => {
    expect(byKind(objects, 'ResourceQuota')[0].spec.hard).toEqual({
      'limits.cpu': '16',
      'limits.memory': '32Gi',
      'persistentvolumeclaims': '20',
      'pods': '100',
      'requests.cpu': '8',
      'requests.memory': '16Gi',
      'requests.storage': '200Gi',
      'services': '20',
      'services.loadbalancers': '0',
      'services.nodeports': '0',
    });
  });

  test('gives containers without resources defaults and bounds every container', () => {
    expect(byKind(objects, 'LimitRange')[0].spec.limits).toEqual([{
      default: { cpu: '500m', memory: '256Mi' },
      defaultRequest: { cpu: '100m', memory: '128Mi' },
      max: { cpu: '4', memory: '8Gi' },
      type: 'Container',
    }]);
  });

  test('turns off the default ServiceAccount\'s automatic token', () => {
    expect(named(objects, 'ServiceAccount', 'default').automountServiceAccountToken).toBe(false);
  });
});

describe('IsolatedNamespace options', () => {
  test('a chart namespace is not stamped on the cluster-scoped Namespace', () => {
    const chart = new Chart(appWithDefaults(), 'shop', { namespace: 'shop' });
    new IsolatedNamespace(chart, 'ns', { name: 'shop' });
    const objects = synthObjects(chart);
    expect(objects[0].kind).toBe('Namespace');
    expect(objects[0].metadata.namespace).toBeUndefined();
    expectHardened(objects);
  });

  test('quota and limits are overridable; a weaker enforce level needs a justification and audit/warn stay restricted', () => {
    const chart = new Chart(appWithDefaults(), 'platform');
    new IsolatedNamespace(chart, 'legacy', {
      name: 'legacy',
      labels: { team: 'billing' },
      annotations: { owner: 'billing@example.com' },
      podSecurity: { level: PodSecurityLevel.BASELINE, version: 'v1.30', justification: 'vendor chart needs NET_RAW until 2026-Q3' },
      quota: { cpuRequests: Cpu.units(2), cpuLimits: Cpu.units(4), memoryRequests: Size.gibibytes(4), memoryLimits: Size.gibibytes(8), pods: 20 },
      limits: { maxCpu: Cpu.units(2), maxMemory: Size.gibibytes(2) },
    });
    const objects = synthObjects(chart);
    expectHardened(objects);
    const ns = objects[0];
    expect(ns.metadata.labels).toMatchObject({
      'team': 'billing',
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'v1.30',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
    expect(ns.metadata.annotations).toEqual({
      'owner': 'billing@example.com',
      'waiver.cdk8s-hardening.dev/pod-security': 'enforce baseline: vendor chart needs NET_RAW until 2026-Q3',
    });
    expect(byKind(objects, 'ResourceQuota')[0].spec.hard).toMatchObject({ 'requests.cpu': '2', 'limits.cpu': '4', 'requests.memory': '4Gi', 'limits.memory': '8Gi', 'pods': '20' });
    expect(byKind(objects, 'LimitRange')[0].spec.limits[0].max).toEqual({ cpu: '2', memory: '2Gi' });
  });

  test('a custom cluster DNS location is used for the DNS egress', () => {
    const chart = new Chart(appWithDefaults(), 'platform');
    new IsolatedNamespace(chart, 'ns', { name: 'apps', clusterDns: { namespaceName: 'openshift-dns', podLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' } } });
    expect(named(synthObjects(chart), 'NetworkPolicy', 'allow-cluster-dns').spec.egress[0].to).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'openshift-dns' } },
      podSelector: { matchLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' } },
    }]);
  });
});

describe('workloads in an IsolatedNamespace', () => {
  const app = appWithDefaults();
  const platform = new Chart(app, 'platform');
  const payments = new IsolatedNamespace(platform, 'payments', { name: 'payments' });
  const apps = new Chart(app, 'apps', { namespace: 'somewhere-else' });
  new HardenedDeployment(apps, 'api', { namespace: payments, image: IMAGE, port: 8080 });
  new HardenedStatefulSet(apps, 'db', { namespace: payments, image: IMAGE, port: 5432 });
  new HardenedJob(apps, 'migrate', { namespace: payments, image: IMAGE });
  new HardenedCronJob(apps, 'report', { namespace: payments, image: IMAGE, schedule: '@daily' });
  const objects = synthObjects(app);

  test('every object of the workloads lands in the namespace, explicitly', () => {
    const workloadObjects = synthObjects(apps);
    expect(workloadObjects.length).toBeGreaterThan(10);
    for (const o of workloadObjects) expect(o.metadata.namespace).toBe('payments');
    expectHardened(objects);
  });

  test('every pod is selected by a policy with ingress and egress, beyond the namespace default deny', () => {
    for (const w of objects.filter(o => ['Deployment', 'StatefulSet', 'Job', 'CronJob'].includes(o.kind))) {
      const policy = named(objects, 'NetworkPolicy', w.metadata.name);
      expect(policy.metadata.namespace).toBe('payments');
      expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      // In an IsolatedNamespace the namespace policy opens DNS, so the workload's own policy opens nothing undeclared.
      expect(policy.spec.egress).toBeUndefined();
      expect(policy.spec.ingress).toBeUndefined();
    }
  });

  test('nothing lands in kube-system', () => {
    expect(objects.filter(o => o.metadata.namespace === 'kube-system' || o.metadata.name === 'kube-system')).toEqual([]);
  });
});

describe('compliance zones', () => {
  const app = appWithDefaults();
  const chart = new Chart(app, 'zones');
  const pci = new IsolatedNamespace(chart, 'pci', { name: 'card-data', complianceZone: { name: 'pci' } });
  const general = new IsolatedNamespace(chart, 'general', { name: 'storefront' });
  const strict = new IsolatedNamespace(chart, 'strict', { name: 'vault', complianceZone: { name: 'secrets', nodeKey: 'example.com/pool', taintEffect: TaintEffect.NO_EXECUTE } });
  new HardenedDeployment(chart, 'tokenizer', { namespace: pci, image: IMAGE, port: 8080 });
  new HardenedJob(chart, 'settle', { namespace: pci, image: IMAGE });
  new HardenedDeployment(chart, 'shop', { namespace: general, image: IMAGE, port: 8080 });
  new HardenedDeployment(chart, 'vault', { namespace: strict, image: IMAGE, port: 8200 });
  const objects = synthObjects(chart);
  const podOf = (name: string) => objects.find(o => o.metadata.name.includes(name) && ['Deployment', 'Job'].includes(o.kind)).spec.template.spec;

  test('pins the zone\'s workloads to its nodes with a nodeSelector and a toleration', () => {
    for (const name of ['tokenizer', 'settle']) {
      expect(podOf(name).nodeSelector).toEqual({ 'compliance.cdk8s-hardening.dev/zone': 'pci' });
      expect(podOf(name).tolerations).toEqual([{ effect: 'NoSchedule', key: 'compliance.cdk8s-hardening.dev/zone', operator: 'Equal', value: 'pci' }]);
    }
    expect(podOf('vault').nodeSelector).toEqual({ 'example.com/pool': 'secrets' });
    expect(podOf('vault').tolerations).toEqual([{ effect: 'NoExecute', key: 'example.com/pool', operator: 'Equal', value: 'secrets' }]);
    expectHardened(objects);
  });

  test('workloads outside a zone tolerate no zone taint, so they never share the zone\'s nodes', () => {
    expect(podOf('shop').nodeSelector).toBeUndefined();
    expect(podOf('shop').tolerations).toBeUndefined();
  });

  test('labels the namespace with its zone and sets the admission-plugin annotations', () => {
    const ns = named(objects, 'Namespace', 'card-data');
    expect(ns.metadata.labels['compliance.cdk8s-hardening.dev/zone']).toBe('pci');
    expect(ns.metadata.annotations).toEqual({
      'scheduler.alpha.kubernetes.io/defaultTolerations': '[{"effect":"NoSchedule","key":"compliance.cdk8s-hardening.dev/zone","operator":"Equal","value":"pci"}]',
      'scheduler.alpha.kubernetes.io/node-selector': 'compliance.cdk8s-hardening.dev/zone=pci',
    });
  });
});

describe('team access', () => {
  const app = appWithDefaults();
  const chart = new Chart(app, 'teams');
  const checkout = new IsolatedNamespace(chart, 'checkout', {
    name: 'checkout',
    team: {
      viewers: [TeamMember.group('shop-all')],
      editors: [TeamMember.group('checkout-devs'), TeamMember.user('alice@example.com')],
      admins: [TeamMember.group('checkout-leads')],
      sensitiveGrants: [
        { access: SensitiveAccess.POD_EXEC, members: [TeamMember.group('checkout-oncall')], justification: 'on-call debugging of payment incidents, PAGER-123' },
        { access: SensitiveAccess.SECRETS_READ, members: [TeamMember.group('checkout-leads')], justification: 'leads rotate the PSP API keys by hand' },
      ],
    },
  });
  const catalog = new IsolatedNamespace(chart, 'catalog', { name: 'catalog', team: { editors: [TeamMember.group('catalog-devs')] } });
  checkout.shareViewWith(catalog);
  catalog.shareViewWith(checkout);
  const objects = synthObjects(chart);
  const roles = byKind(objects, 'Role');
  const rulesOf = (ns: string, name: string) => roles.find(r => r.metadata.namespace === ns && r.metadata.name === name).rules as any[];
  const binding = (ns: string, name: string) => byKind(objects, 'RoleBinding').find(b => b.metadata.namespace === ns && b.metadata.name === name);

  test('is schema-valid', () => {
    expectHardened(objects);
  });

  test('binds each level to a namespaced Role of this library, never the built-in ClusterRoles', () => {
    for (const b of byKind(objects, 'RoleBinding')) expect(b.roleRef.kind).toBe('Role');
    expect(binding('checkout', 'team-editor').subjects).toEqual([
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'checkout-devs' },
      { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice@example.com' },
    ]);
  });

  test('no level reads Secrets or execs, attaches or port-forwards', () => {
    for (const level of ['team-viewer', 'team-editor', 'team-admin']) {
      const resources = rulesOf('checkout', level).flatMap(r => r.resources);
      for (const forbidden of ['secrets', 'pods/exec', 'pods/attach', 'pods/portforward', 'pods/proxy', 'services/proxy', 'serviceaccounts/token']) {
        expect(resources).not.toContain(forbidden);
      }
      expect(rulesOf('checkout', level).flatMap(r => r.verbs)).not.toContain('*');
    }
  });

  test('viewers only read; editors change but do not delete; admins also delete; nobody changes policies or RBAC', () => {
    const verbs = (level: string) => new Set(rulesOf('checkout', level).flatMap(r => r.verbs));
    expect([...verbs('team-viewer')].sort()).toEqual(['get', 'list', 'watch']);
    expect(verbs('team-editor').has('patch')).toBe(true);
    expect(verbs('team-editor').has('delete')).toBe(false);
    expect(verbs('team-admin').has('delete')).toBe(true);
    for (const level of ['team-editor', 'team-admin']) {
      const writable = rulesOf('checkout', level).filter(r => r.verbs.includes('create')).flatMap(r => r.resources);
      for (const policy of ['networkpolicies', 'roles', 'rolebindings', 'resourcequotas', 'limitranges']) expect(writable).not.toContain(policy);
    }
  });

  test('sensitive access only through a justified grant, recorded on the binding', () => {
    expect(rulesOf('checkout', 'team-pods-exec')).toEqual([{ apiGroups: [''], resources: ['pods/exec'], verbs: ['create', 'get'] }]);
    expect(binding('checkout', 'team-pods-exec').metadata.annotations).toEqual({ 'waiver.cdk8s-hardening.dev/pods-exec': 'on-call debugging of payment incidents, PAGER-123' });
    expect(rulesOf('checkout', 'team-secrets-read')).toEqual([{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list', 'watch'] }]);
    expect(binding('checkout', 'team-secrets-read').subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'checkout-leads' }]);
  });

  test('sibling view: each team reads the other namespace, bound in that namespace to its viewer Role', () => {
    const intoCatalog = binding('catalog', 'team-viewer-from-checkout');
    expect(intoCatalog.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'team-viewer' });
    expect(intoCatalog.subjects.map((s: any) => s.name)).toEqual(['shop-all', 'checkout-devs', 'alice@example.com', 'checkout-leads']);
    expect(binding('checkout', 'team-viewer-from-catalog').subjects.map((s: any) => s.name)).toEqual(['catalog-devs']);
    // The viewer Role exists once per namespace, shared by its own viewers and the siblings.
    expect(roles.filter(r => r.metadata.namespace === 'catalog' && r.metadata.name === 'team-viewer')).toHaveLength(1);
  });
});

describe('ordering without chart dependencies', () => {
  function manyNamespaces(app: App, count: number) {
    for (let n = 0; n < count; n++) {
      const chart = new Chart(app, `team-${n}`);
      const ns = new IsolatedNamespace(chart, 'namespace', { name: `team-${n}` });
      const api = new HardenedDeployment(chart, 'api', { namespace: ns, image: IMAGE, port: 8080 });
      const worker = new HardenedDeployment(chart, 'worker', { namespace: ns, image: IMAGE, port: 9090 });
      new HardenedJob(chart, 'migrate', { namespace: ns, image: IMAGE }).allowTo(api);
      worker.allowFrom(api);
    }
  }

  // How synthesis time grows with the number of charts is measured by `npm run bench`, not here: this proves the order.
  test('30 namespaces in 30 charts: every Namespace precedes every object in it, and no chart depends on another', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'isolated-namespaces-'));
    try {
      const app = appWithOutdir(outdir, YamlOutputType.FILE_PER_APP);
      manyNamespaces(app, 30);
      app.synth();
      const objects = readYaml(join(outdir, 'app.k8s.yaml'));
      expect(objects.length).toBe(30 * 19);
      expectEachNamespaceFirst(objects);
      expect(objects.filter(o => o.kind === 'Namespace')).toHaveLength(30);
      for (const chart of app.charts) expect(chart.node.dependencies).toEqual([]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  }, 60_000);

  test('one file per chart: each file creates its namespace before using it, so files apply in any order', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'isolated-namespaces-'));
    try {
      const app = appWithOutdir(outdir, YamlOutputType.FILE_PER_CHART);
      manyNamespaces(app, 10);
      app.synth();
      const files = readdirSync(outdir).filter(f => f.endsWith('.k8s.yaml'));
      // No chart dependencies, so cdk8s names the files by chart, without an order prefix.
      expect(files.sort()).toEqual(Array.from({ length: 10 }, (_, n) => `team-${n}.k8s.yaml`).sort());
      for (const file of files) expectEachNamespaceFirst(readYaml(join(outdir, file)));
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('a workload emitted before its namespace is refused at synth, naming both and the fix', () => {
    const app = appWithDefaults();
    const early = new Chart(app, 'workloads');
    const late = new Chart(app, 'namespaces');
    const ns = new IsolatedNamespace(late, 'ns', { name: 'late' });
    new HardenedDeployment(early, 'api', { namespace: ns, image: IMAGE, port: 8080 });
    expect(() => app.synthYaml()).toThrow(/\[namespaces\/ns\].*workloads\/api is emitted before its namespace "late".*Fix: create the IsolatedNamespace in a chart created before/s);
  });
});

function readYaml(file: string): any[] {
  return parseAllDocuments(readFileSync(file, 'utf-8')).map(d => d.toJS());
}

/** Every namespaced object comes after the Namespace it lives in. */
function expectEachNamespaceFirst(objects: any[]): void {
  const created = new Set<string>();
  for (const o of objects) {
    if (o.kind === 'Namespace') created.add(o.metadata.name);
    else expect(created.has(o.metadata.namespace)).toBe(true);
  }
}

/** An App writing to `outdir`, with the resource defaults of appWithDefaults(). */
function appWithOutdir(outdir: string, yamlOutputType: YamlOutputType): App {
  const app = new App({ outdir, yamlOutputType });
  HardeningDefaults.set(app, {
    resources: {
      cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) },
      memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
    },
  });
  return app;
}

test('Testing.synth of a lone namespace chart is deterministic', () => {
  const synth = () => {
    const chart = new Chart(Testing.app(), 'c');
    new IsolatedNamespace(chart, 'ns', { name: 'x', team: { viewers: [TeamMember.group('g')] } });
    return JSON.stringify(Testing.synth(chart));
  };
  expect(synth()).toEqual(synth());
});
