import { Chart, Duration, Testing } from 'cdk8s';
import { buildApp } from '../../examples/hardened-workloads/app';
import {
  ApiResource, HardenedCronJob, HardenedDeployment, HardenedJob, HardenedStatefulSet, LeastPrivilegeServiceAccount, Verb, Waiver, WorkloadIdentity,
} from '../../src';
import { dangerousRbacObject } from '../../src/detectors/dangerous-permissions';
import { appWithDefaults, expectHardened, IMAGE, synthObjects } from '../harness';

const chart = (namespace = 'shop') => new Chart(appWithDefaults(), 'shop', { namespace, disableResourceNameHashes: true });
const byKind = (objects: any[], kind: string) => objects.filter(o => o.kind === kind);
const podSpec = (objects: any[], kind = 'Deployment') => {
  const o = byKind(objects, kind)[0];
  return (kind === 'CronJob' ? o.spec.jobTemplate.spec.template : o.spec.template);
};

describe('a workload that needs the Kubernetes API', () => {
  const c = chart();
  const api = new HardenedDeployment(c, 'api', { name: 'api', image: IMAGE, port: 8080, apiAccess: {} });
  api.serviceAccount!.grantRead(ApiResource.CONFIG_MAPS.named('feature-flags'));
  api.serviceAccount!.grant([Verb.LIST, Verb.WATCH], ApiResource.PODS);
  const objects = synthObjects(c);
  const pod = podSpec(objects).spec;

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('is schema-valid and PSS restricted', () => {
    expectHardened(objects);
  });

  test('gets a projected, short-lived token with CA and namespace, read-only at the standard path', () => {
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.volumes).toContainEqual({
      name: 'kube-api-access',
      projected: {
        defaultMode: 0o444,
        sources: [
          { serviceAccountToken: { expirationSeconds: 600, path: 'token' } },
          { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
          { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
        ],
      },
    });
    expect(pod.containers[0].volumeMounts).toContainEqual({ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: 'kube-api-access', readOnly: true });
  });

  test('runs as its own ServiceAccount, whose grants become a Role bound to it', () => {
    const sa = byKind(objects, 'ServiceAccount')[0];
    expect(sa).toMatchObject({ metadata: { name: 'api' }, automountServiceAccountToken: false });
    expect(pod.serviceAccountName).toBe('api');
    expect(byKind(objects, 'Role')[0].rules).toEqual([
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['feature-flags'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list', 'watch'] },
    ]);
    expect(byKind(objects, 'RoleBinding')[0].subjects).toEqual([{ kind: 'ServiceAccount', name: 'api', namespace: 'shop' }]);
    // The Role carries the workload's labels, like its other companions.
    expect(byKind(objects, 'Role')[0].metadata.labels).toEqual(byKind(objects, 'Deployment')[0].metadata.labels);
  });

  test('without grants, the workload emits no Role', () => {
    const other = chart();
    new HardenedDeployment(other, 'web', { image: IMAGE, port: 8080 });
    const kinds = synthObjects(other).map(o => o.kind);
    expect(kinds).toContain('ServiceAccount');
    expect(kinds.filter(k => /Role/.test(k))).toEqual([]);
  });
});

describe('apiAccess options', () => {
  test('audience and expiration', () => {
    const c = chart();
    new HardenedJob(c, 'job', { image: IMAGE, apiAccess: { audience: 'https://kubernetes.default.svc', expiration: Duration.hours(1) } });
    const objects = synthObjects(c);
    expectHardened(objects);
    expect(podSpec(objects, 'Job').spec.volumes.find((v: any) => v.name === 'kube-api-access').projected.sources[0])
      .toEqual({ serviceAccountToken: { audience: 'https://kubernetes.default.svc', expirationSeconds: 3600, path: 'token' } });
  });

  test.each([Duration.minutes(5), Duration.hours(2), Duration.millis(600_500)])('refuses an expiration of %s', expiration => {
    expect(() => new HardenedJob(chart(), 'job', { image: IMAGE, apiAccess: { expiration } }))
      .toThrow(/\[shop\/job\] props\.apiAccess\.expiration: .* is outside 10 minutes to 1 hour.*Fix: use a whole number of seconds/);
  });

  test('refuses an empty audience', () => {
    expect(() => new HardenedJob(chart(), 'job', { image: IMAGE, apiAccess: { audience: ' ' } })).toThrow(/props\.apiAccess\.audience: " " is not a token audience/);
  });

  test('refuses apiAccess together with the legacy token waiver', () => {
    expect(() => new HardenedJob(chart(), 'job', {
      image: IMAGE, apiAccess: {}, waivers: [Waiver.serviceAccountToken('legacy client; ticket SEC-24 tracks the upgrade')],
    })).toThrow(/props\.apiAccess: apiAccess and Waiver\.serviceAccountToken both mount a token.*Fix: keep apiAccess/);
  });

  test('refuses a volume of the container at the token path', () => {
    expect(() => new HardenedJob(chart(), 'job', { image: IMAGE, apiAccess: {}, writablePaths: [{ path: '/var/run/secrets/kubernetes.io/serviceaccount' }] }))
      .toThrow(/two volumes are mounted at \/var\/run\/secrets\/kubernetes.io\/serviceaccount/);
  });
});

describe('a given LeastPrivilegeServiceAccount', () => {
  test('is used by the pods, exposed on the workload, and no second ServiceAccount is made', () => {
    const c = chart();
    const sa = new LeastPrivilegeServiceAccount(c, 'workers', { name: 'workers' });
    sa.grant([Verb.GET, Verb.UPDATE], ApiResource.LEASES.named('workers-leader'));
    const a = new HardenedStatefulSet(c, 'a', { image: IMAGE, port: 8080, serviceAccount: sa, apiAccess: {} });
    const b = new HardenedCronJob(c, 'b', { image: IMAGE, schedule: '0 * * * *', serviceAccount: sa });
    const objects = synthObjects(c);
    expectHardened(objects);
    expect(a.serviceAccount).toBe(sa);
    expect(b.serviceAccount).toBe(sa);
    expect(a.serviceAccountObject).toBeUndefined();
    expect(byKind(objects, 'ServiceAccount').map(o => o.metadata.name)).toEqual(['workers']);
    expect(podSpec(objects, 'StatefulSet').spec.serviceAccountName).toBe('workers');
    expect(podSpec(objects, 'CronJob').spec.serviceAccountName).toBe('workers');
  });

  test('of another namespace is refused', () => {
    const c = chart();
    const sa = new LeastPrivilegeServiceAccount(c, 'sa', { name: 'sa', namespace: 'payments' });
    expect(() => new HardenedDeployment(c, 'api', { image: IMAGE, port: 8080, serviceAccount: sa }))
      .toThrow(/\[shop\/api\] serviceAccount: ServiceAccount "sa" is in namespace "payments", but the pods run in "shop"/);
  });

  test('a foreign ServiceAccount (only a name) leaves workload.serviceAccount undefined', () => {
    const api = new HardenedDeployment(chart(), 'api', { image: IMAGE, port: 8080, serviceAccount: { name: 'shared' } });
    expect(api.serviceAccount).toBeUndefined();
  });
});

describe('Azure Workload Identity on a workload', () => {
  test('the pods carry azure.workload.identity/use, the workload object does not need it', () => {
    const c = chart();
    const sa = new LeastPrivilegeServiceAccount(c, 'sa', { name: 'api', workloadIdentity: WorkloadIdentity.azure('8d0c2a4b-1111-2222-3333-444455556666') });
    new HardenedDeployment(c, 'api', { name: 'api', image: IMAGE, port: 8080, serviceAccount: sa });
    const objects = synthObjects(c);
    expectHardened(objects);
    const deployment = byKind(objects, 'Deployment')[0];
    expect(deployment.spec.template.metadata.labels['azure.workload.identity/use']).toBe('true');
    expect(deployment.metadata.labels['azure.workload.identity/use']).toBeUndefined();
    expect(deployment.spec.selector.matchLabels['azure.workload.identity/use']).toBeUndefined();
  });

  test('a conflicting user label is refused', () => {
    const c = chart();
    const sa = new LeastPrivilegeServiceAccount(c, 'sa', { name: 'api', workloadIdentity: WorkloadIdentity.azure('8d0c2a4b-1111-2222-3333-444455556666') });
    expect(() => new HardenedDeployment(c, 'api', { image: IMAGE, port: 8080, serviceAccount: sa, labels: { 'azure.workload.identity/use': 'false' } }))
      .toThrow(/labels\["azure.workload.identity\/use"\]: the ServiceAccount needs the pods to carry azure.workload.identity\/use=true/);
  });
});

describe('the example app', () => {
  test('its ServiceAccounts mount no token, and the RBAC bound to them has no dangerous permission', () => {
    const objects = synthObjects(buildApp(Testing.app()));
    const accounts = byKind(objects, 'ServiceAccount');
    expect(accounts.length).toBeGreaterThan(0);
    for (const sa of accounts) expect(sa.automountServiceAccountToken).toBe(false);
    const bindings = objects.filter(o => /RoleBinding$/.test(o.kind) && (o.subjects ?? []).some((s: any) => s.kind === 'ServiceAccount'));
    const roles = bindings.map(b => objects.find(o => o.kind === b.roleRef.kind && o.metadata.name === b.roleRef.name)).filter(r => r);
    expect([...bindings, ...roles].flatMap(o => dangerousRbacObject(o))).toEqual([]);
  });
});
