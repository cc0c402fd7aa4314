import { Chart } from 'cdk8s';
import { ExternalServiceType, HardenedDeployment, HardenedIngress, HardenedStatefulSet, IsolatedNamespace, Peer, Port } from '../../src';
import { appWithDefaults, expectHardened, IMAGE, synthObjects } from '../harness';

const find = (objects: any[], kind: string, name: string) => objects.find(o => o.kind === kind && o.metadata.name === name);
const NGINX = Peer.ingressController('ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx' });

describe('exposeViaIngress', () => {
  const app = appWithDefaults();
  const chart = new Chart(app, 'shop');
  const ns = new IsolatedNamespace(chart, 'ns', { name: 'shop' });
  const web = new HardenedDeployment(chart, 'web', { namespace: ns, name: 'web', image: IMAGE, ports: [{ number: 8443, name: 'https' }, { number: 9090, name: 'metrics' }] });
  const ingress = web.exposeViaIngress({ host: 'shop.example.com', className: 'nginx', controller: NGINX, tlsSecretName: 'shop-tls', port: Port.named('https') });
  const objects = synthObjects(chart);

  test('matches the snapshot', () => {
    expect(find(objects, 'Ingress', 'web')).toMatchSnapshot();
  });

  test('is schema-valid', () => {
    expectHardened(objects);
  });

  test('routes the host over TLS to the workload\'s Service by port name, in its namespace', () => {
    expect(find(objects, 'Ingress', 'web')).toMatchObject({
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        ingressClassName: 'nginx',
        rules: [{ host: 'shop.example.com', http: { paths: [{ backend: { service: { name: 'web', port: { name: 'https' } } }, path: '/', pathType: 'Prefix' }] } }],
        tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      },
    });
  });

  test('allows the controller\'s pods in on the routed port only', () => {
    expect(find(objects, 'NetworkPolicy', 'web').spec.ingress).toEqual([{
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'ingress-nginx' } } }],
      ports: [{ port: 8443, protocol: 'TCP' }],
    }]);
  });

  test('more routes go to the returned HardenedIngress; wildcard certificates cover one label', () => {
    const c = new Chart(appWithDefaults(), 'c', { namespace: 'plain' });
    const a = new HardenedDeployment(c, 'a', { name: 'a', image: IMAGE, port: 8080 });
    const b = new HardenedStatefulSet(c, 'b', { name: 'b', image: IMAGE, port: 9000 });
    const ing = new HardenedIngress(c, 'edge', { name: 'edge', className: 'nginx', controller: NGINX, tls: [{ hosts: ['*.example.com'], secretName: 'wildcard-tls' }] });
    ing.addRoute('a.example.com', '/', a);
    ing.addRoute('a.example.com', '/b', b);
    const out = synthObjects(c);
    expectHardened(out);
    expect(find(out, 'Ingress', 'edge').spec.rules).toEqual([{
      host: 'a.example.com',
      http: {
        paths: [
          { backend: { service: { name: 'a', port: { name: 'tcp-8080' } } }, path: '/', pathType: 'Prefix' },
          { backend: { service: { name: 'b', port: { name: 'tcp-9000' } } }, path: '/b', pathType: 'Prefix' },
        ],
      },
    }]);
    expect(find(out, 'NetworkPolicy', 'b').spec.ingress[0].ports).toEqual([{ port: 9000, protocol: 'TCP' }]);
    expect(ingress.name).toBe('web');
  });
});

describe('exposeViaService', () => {
  test('a LoadBalancer needs the namespace\'s justified allowance, which lifts the quota exactly', () => {
    const app = appWithDefaults();
    const chart = new Chart(app, 'edge');
    const ns = new IsolatedNamespace(chart, 'ns', { name: 'edge', loadBalancers: { count: 1, justification: 'MQTT devices cannot speak HTTP through the Ingress' } });
    const broker = new HardenedStatefulSet(chart, 'broker', { namespace: ns, name: 'broker', image: IMAGE, ports: [{ number: 8883, name: 'mqtts' }, { number: 9090, name: 'metrics' }] });
    const svc = broker.exposeViaService({
      type: ExternalServiceType.LOAD_BALANCER,
      ports: [Port.named('mqtts')],
      sourceRanges: ['203.0.113.0/24'],
      justification: 'devices connect with MQTT over TLS on 8883',
    });
    const objects = synthObjects(chart);
    expectHardened(objects);
    expect(svc.name).toBe('broker-lb');
    expect(find(objects, 'Service', 'broker-lb')).toMatchObject({
      metadata: { namespace: 'edge', annotations: { 'waiver.cdk8s-hardening.dev/load-balancer': 'devices connect with MQTT over TLS on 8883' } },
      spec: {
        externalTrafficPolicy: 'Local',
        loadBalancerSourceRanges: ['203.0.113.0/24'],
        ports: [{ name: 'mqtts', port: 8883, protocol: 'TCP', targetPort: 'mqtts' }],
        type: 'LoadBalancer',
      },
    });
    const quota = find(objects, 'ResourceQuota', 'namespace-quota');
    expect(quota.spec.hard).toMatchObject({ 'services.loadbalancers': '1', 'services.nodeports': '1' });
    expect(quota.metadata.annotations).toEqual({ 'waiver.cdk8s-hardening.dev/load-balancers': '1: MQTT devices cannot speak HTTP through the Ingress' });
    expect(find(objects, 'NetworkPolicy', 'broker').spec.ingress).toEqual([{ from: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ port: 8883, protocol: 'TCP' }] }]);
  });

  test('a NodePort outside an IsolatedNamespace needs only its justification', () => {
    const chart = new Chart(appWithDefaults(), 'lab', { namespace: 'lab' });
    const api = new HardenedDeployment(chart, 'api', { name: 'api', image: IMAGE, port: 8080 });
    api.exposeViaService({ type: ExternalServiceType.NODE_PORT, sourceRanges: ['10.0.0.0/8'], justification: 'bare-metal lab without a load balancer' });
    const objects = synthObjects(chart);
    expectHardened(objects);
    expect(find(objects, 'Service', 'api-nodeport').spec).toMatchObject({ type: 'NodePort', externalTrafficPolicy: 'Local' });
    expect(find(objects, 'Service', 'api-nodeport').spec.loadBalancerSourceRanges).toBeUndefined();
  });
});
