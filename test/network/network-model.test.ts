import { Chart } from 'cdk8s';
import { expectHardenedWithMesh } from './istio-models';
import {
  HardenedCronJob, HardenedDeployment, HardenedJob, HardenedStatefulSet, IsolatedNamespace, Peer, Port, Protocol,
} from '../../src';
import { appWithDefaults, expectHardened, IMAGE, synthObjects } from '../harness';

const policy = (objects: any[], namespace: string, name: string) =>
  objects.find(o => o.kind === 'NetworkPolicy' && o.metadata.namespace === namespace && o.metadata.name === name)?.spec;
const pods = (name: string) => ({ podSelector: { matchLabels: { 'app.kubernetes.io/instance': name, 'app.kubernetes.io/name': name } } });
const inNamespace = (ns: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': ns } } });

function twoNamespaces() {
  const app = appWithDefaults();
  const platform = new Chart(app, 'platform');
  const shop = new IsolatedNamespace(platform, 'shop', { name: 'shop' });
  const payments = new IsolatedNamespace(platform, 'payments', { name: 'payments' });
  const apps = new Chart(app, 'apps');
  const web = new HardenedDeployment(apps, 'web', { namespace: shop, name: 'web', image: IMAGE, ports: [{ number: 8443, name: 'https' }] });
  const api = new HardenedDeployment(apps, 'api', { namespace: shop, name: 'api', image: IMAGE, ports: [{ number: 8080, name: 'http' }, { number: 9090, name: 'metrics' }] });
  const charge = new HardenedDeployment(apps, 'charge', { namespace: payments, name: 'charge', image: IMAGE, port: 7000 });
  return { app, shop, payments, web, api, charge };
}

describe('flows between workloads of the app', () => {
  const { app, web, api, charge } = twoNamespaces();
  api.allowFrom(web, Port.named('http'));
  api.allowTo(charge);
  const objects = synthObjects(app);

  test('matches the snapshot', () => {
    expect(objects.filter(o => o.kind === 'NetworkPolicy')).toMatchSnapshot();
  });

  test('is schema-valid', () => {
    expectHardened(objects);
  });

  test('A→B in one namespace: egress on A and ingress on B, by pod labels, on the resolved port number', () => {
    expect(policy(objects, 'shop', 'web').egress).toEqual([{ ports: [{ port: 8080, protocol: 'TCP' }], to: [pods('api')] }]);
    expect(policy(objects, 'shop', 'api').ingress).toEqual([{ from: [pods('web')], ports: [{ port: 8080, protocol: 'TCP' }] }]);
  });

  test('A→B across namespaces: both sides select the other by namespace name and pod labels, on every declared port by default', () => {
    expect(policy(objects, 'shop', 'api').egress).toEqual([{ ports: [{ port: 7000, protocol: 'TCP' }], to: [{ ...inNamespace('payments'), ...pods('charge') }] }]);
    expect(policy(objects, 'payments', 'charge').ingress).toEqual([{ from: [{ ...inNamespace('shop'), ...pods('api') }], ports: [{ port: 7000, protocol: 'TCP' }] }]);
  });

  test('nothing opens implicitly: undeclared directions stay closed', () => {
    expect(policy(objects, 'shop', 'web').ingress).toBeUndefined();
    expect(policy(objects, 'payments', 'charge').egress).toBeUndefined();
  });
});

describe('flows with namespaces and outside peers', () => {
  const { app, shop, payments, web, api, charge } = twoNamespaces();
  charge.allowFrom(shop, Port.tcp(7000));
  payments.allowTo(Peer.cidr('10.20.0.0/16', ['10.20.99.0/24']), Port.tcp(5432));
  web.allowFrom(Peer.ingressController('ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx' }), Port.named('https'));
  api.allowFrom(Peer.podsInNamespace('monitoring', { app: 'prometheus' }), Port.tcp(9090));
  api.allowFrom(Peer.pods({ role: 'debug' }), Port.tcp(8080));
  api.allowTo(Peer.namespaceName('tracing'), Port.udp(6831), Port.tcp(4317));
  api.allowTo(Peer.cidr('2001:db8::/32'), Port.tcpRange(30000, 30100));
  const objects = synthObjects(app);

  test('is schema-valid', () => {
    expectHardened(objects);
  });

  test('a namespace as source: its namespace-level policy gets the egress, the workload the ingress', () => {
    expect(policy(objects, 'shop', 'namespace-traffic')).toEqual({
      egress: [{ ports: [{ port: 7000, protocol: 'TCP' }], to: [{ ...inNamespace('payments'), ...pods('charge') }] }],
      podSelector: {},
      policyTypes: ['Ingress', 'Egress'],
    });
    expect(policy(objects, 'payments', 'charge').ingress).toEqual([{ from: [inNamespace('shop')], ports: [{ port: 7000, protocol: 'TCP' }] }]);
  });

  test('a CIDR with excepts from a whole namespace', () => {
    expect(policy(objects, 'payments', 'namespace-traffic').egress).toEqual([
      { ports: [{ port: 5432, protocol: 'TCP' }], to: [{ ipBlock: { cidr: '10.20.0.0/16', except: ['10.20.99.0/24'] } }] },
    ]);
  });

  test('outside peers get only this app\'s side; named ports of the own workload resolve to numbers', () => {
    expect(policy(objects, 'shop', 'web').ingress).toEqual([{
      from: [{ ...inNamespace('ingress-nginx'), podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } }],
      ports: [{ port: 8443, protocol: 'TCP' }],
    }]);
    expect(policy(objects, 'shop', 'api')).toEqual({
      egress: [
        { ports: [{ endPort: 30100, port: 30000, protocol: 'TCP' }], to: [{ ipBlock: { cidr: '2001:db8::/32' } }] },
        { ports: [{ port: 4317, protocol: 'TCP' }, { port: 6831, protocol: 'UDP' }], to: [inNamespace('tracing')] },
      ],
      ingress: [
        { from: [{ ...inNamespace('monitoring'), podSelector: { matchLabels: { app: 'prometheus' } } }], ports: [{ port: 9090, protocol: 'TCP' }] },
        { from: [{ podSelector: { matchLabels: { role: 'debug' } } }], ports: [{ port: 8080, protocol: 'TCP' }] },
      ],
      podSelector: pods('api').podSelector,
      policyTypes: ['Ingress', 'Egress'],
    });
    expect(objects.filter(o => ['ingress-nginx', 'monitoring', 'tracing', 'kube-system'].includes(o.metadata.namespace))).toEqual([]);
  });
});

describe('declarations are merged and ordered', () => {
  test('the same flow twice, or in another order, gives the same policies', () => {
    const build = (order: 'ab' | 'ba') => {
      const { app, web, api } = twoNamespaces();
      const steps = [() => api.allowFrom(web, Port.tcp(8080)), () => api.allowFrom(web, Port.named('metrics')), () => api.allowFrom(web, Port.tcp(8080))];
      (order === 'ab' ? steps : [...steps].reverse()).forEach(s => s());
      return synthObjects(app).filter(o => o.kind === 'NetworkPolicy');
    };
    const ab = build('ab');
    expect(build('ba')).toEqual(ab);
    expect(policy(ab, 'shop', 'api').ingress).toEqual([{ from: [pods('web')], ports: [{ port: 8080, protocol: 'TCP' }, { port: 9090, protocol: 'TCP' }] }]);
  });

  test('a workload may talk to its own replicas', () => {
    const { app, api } = twoNamespaces();
    api.allowFrom(api, Port.tcp(9090));
    const spec = policy(synthObjects(app), 'shop', 'api');
    expect(spec.ingress).toEqual([{ from: [pods('api')], ports: [{ port: 9090, protocol: 'TCP' }] }]);
    expect(spec.egress).toEqual([{ ports: [{ port: 9090, protocol: 'TCP' }], to: [pods('api')] }]);
  });
});

describe('workloads without an IsolatedNamespace', () => {
  const app = appWithDefaults();
  const chart = new Chart(app, 'legacy', { namespace: 'legacy' });
  const web = new HardenedDeployment(chart, 'web', { name: 'web', image: IMAGE, port: 8080 });
  const batch = new HardenedJob(chart, 'batch', { name: 'batch', image: IMAGE });
  const nightly = new HardenedCronJob(chart, 'nightly', { name: 'nightly', image: IMAGE, schedule: '@daily' });
  const db = new HardenedStatefulSet(chart, 'db', { name: 'db', image: IMAGE, port: 5432 });
  batch.allowTo(db);
  nightly.allowTo(web, Port.tcp(8080));
  const objects = synthObjects(chart);

  test('each pod is still selected by its own ingress and egress policy, which opens DNS and the declared flows', () => {
    expectHardened(objects);
    for (const name of ['web', 'batch', 'nightly', 'db']) {
      const spec = policy(objects, 'legacy', name);
      expect(spec.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(spec.egress).toContainEqual({
        ports: [{ port: 53, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }],
        to: [{ ...inNamespace('kube-system'), podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      });
    }
    expect(policy(objects, 'legacy', 'db').ingress).toEqual([{ from: [pods('batch')], ports: [{ port: 5432, protocol: 'TCP' }] }]);
    expect(policy(objects, 'legacy', 'web').ingress).toEqual([{ from: [pods('nightly')], ports: [{ port: 8080, protocol: 'TCP' }] }]);
  });
});

describe('Istio', () => {
  const app = appWithDefaults();
  const platform = new Chart(app, 'platform');
  const shop = new IsolatedNamespace(platform, 'shop', { name: 'shop', istio: {} });
  const edge = new IsolatedNamespace(platform, 'edge', { name: 'edge', istio: { trustDomain: 'prod.example.com', controlPlaneNamespace: 'istio-prod' } });
  const apps = new Chart(app, 'apps');
  const gateway = new HardenedDeployment(apps, 'gateway', { namespace: edge, name: 'gateway', image: IMAGE, port: 8443 });
  const api = new HardenedDeployment(apps, 'api', { namespace: shop, name: 'api', image: IMAGE, port: 8080 });
  const worker = new HardenedDeployment(apps, 'worker', { namespace: shop, name: 'worker', image: IMAGE, port: 9000 });
  api.allowFrom(gateway);
  api.allowFrom(Peer.ingressController('istio-ingress'), Port.tcp(8080));
  api.allowFrom(Peer.cidr('192.0.2.0/24'), Port.tcp(8080));
  worker.allowFrom(api);
  shop.allowFrom(Peer.namespaceName('monitoring'), Port.tcp(15020));
  const objects = synthObjects(app);
  const mesh = (kind: string, ns: string, name: string) =>
    objects.find(o => o.kind === kind && o.metadata.namespace === ns && o.metadata.name === name);

  test('matches the snapshot', () => {
    expect(objects.filter(o => o.apiVersion.startsWith('security.istio.io/'))).toMatchSnapshot();
  });

  test('Kubernetes objects are hardened and Istio objects valid against Istio\'s schemas', () => {
    expectHardenedWithMesh(objects);
  });

  test('mutual TLS STRICT and an allow-nothing baseline per namespace; sidecar injection on', () => {
    for (const ns of ['shop', 'edge']) {
      expect(mesh('PeerAuthentication', ns, 'default').spec).toEqual({ mtls: { mode: 'STRICT' } });
      expect(mesh('AuthorizationPolicy', ns, 'allow-nothing').spec).toEqual({});
      expect(objects.find(o => o.kind === 'Namespace' && o.metadata.name === ns).metadata.labels['istio-injection']).toBe('enabled');
    }
  });

  test('ALLOW policies are derived from the same declarations: workload identities, namespaces, IP blocks', () => {
    expect(mesh('AuthorizationPolicy', 'shop', 'api').spec).toEqual({
      action: 'ALLOW',
      rules: [
        { from: [{ source: { ipBlocks: ['192.0.2.0/24'] } }], to: [{ operation: { ports: ['8080'] } }] },
        { from: [{ source: { namespaces: ['istio-ingress'] } }], to: [{ operation: { ports: ['8080'] } }] },
        { from: [{ source: { principals: ['cluster.local/ns/edge/sa/gateway'] } }], to: [{ operation: { ports: ['8080'] } }] },
      ],
      selector: { matchLabels: pods('api').podSelector.matchLabels },
    });
    expect(mesh('AuthorizationPolicy', 'shop', 'worker').spec.rules).toEqual([
      { from: [{ source: { principals: ['cluster.local/ns/shop/sa/api'] } }], to: [{ operation: { ports: ['9000'] } }] },
    ]);
    expect(mesh('AuthorizationPolicy', 'shop', 'namespace-traffic').spec).toEqual({
      action: 'ALLOW',
      rules: [{ from: [{ source: { namespaces: ['monitoring'] } }], to: [{ operation: { ports: ['15020'] } }] }],
    });
  });

  test('workloads that nothing may reach get no ALLOW policy (allow-nothing applies)', () => {
    expect(mesh('AuthorizationPolicy', 'edge', 'gateway')).toBeUndefined();
  });

  test('sidecars may reach istiod for configuration and certificates, and nothing else by default', () => {
    expect(policy(objects, 'edge', 'allow-istio-control-plane').egress).toEqual([{
      ports: [{ port: 15012, protocol: 'TCP' }],
      to: [{ ...inNamespace('istio-prod'), podSelector: { matchLabels: { app: 'istiod' } } }],
    }]);
  });
});

describe('protocols', () => {
  test('UDP and SCTP ports of a workload are matched with their protocol', () => {
    const app = appWithDefaults();
    const chart = new Chart(app, 'c');
    const ns = new IsolatedNamespace(chart, 'ns', { name: 'telemetry' });
    const collector = new HardenedDeployment(chart, 'collector', {
      namespace: ns, name: 'collector', image: IMAGE, port: 4317, ports: [{ number: 8125, protocol: Protocol.UDP, name: 'statsd' }, { number: 9999, protocol: Protocol.SCTP }],
    });
    const app2 = new HardenedDeployment(chart, 'app', { namespace: ns, name: 'app', image: IMAGE, port: 8080 });
    app2.allowTo(collector, Port.udp(8125), Port.sctp(9999));
    expect(policy(synthObjects(chart), 'telemetry', 'collector').ingress[0].ports).toEqual([{ port: 8125, protocol: 'UDP' }, { port: 9999, protocol: 'SCTP' }]);
  });
});
