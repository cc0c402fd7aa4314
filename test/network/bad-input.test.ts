import { Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  ExternalServiceType, HardenedDeployment, HardenedIngress, HardenedIngressProps, HardenedJob, IsolatedNamespace, Peer, Port,
} from '../../src';
import { appWithDefaults, expectRefused, IMAGE } from '../harness';

/** A fresh app: a namespace `shop` (optionally in the mesh), workloads `web` and `api` in it, and a Job `batch`. */
function setup(options: { mesh?: boolean } = {}) {
  const app = appWithDefaults();
  const chart = new Chart(app, 'shop');
  const ns = new IsolatedNamespace(chart, 'ns', { name: 'shop', ...(options.mesh ? { istio: {} } : {}) });
  const web = new HardenedDeployment(chart, 'web', { namespace: ns, image: IMAGE, ports: [{ number: 8443, name: 'https' }] });
  const api = new HardenedDeployment(chart, 'api', { namespace: ns, image: IMAGE, ports: [{ number: 8080, name: 'http' }] });
  const batch = new HardenedJob(chart, 'batch', { namespace: ns, image: IMAGE });
  return { app, chart, ns, web, api, batch };
}


type Case = [string, (s: ReturnType<typeof setup>) => unknown, string, string, RegExp];

describe('refused at declaration', () => {
  test.each<Case>([
    ['CIDR without prefix', s => s.api.allowTo(Peer.cidr('10.20.0.0'), Port.tcp(5432)), 'shop/api', 'allowTo(peer)', /no prefix length/],
    ['IPv4 prefix above 32', s => s.api.allowTo(Peer.cidr('10.20.0.0/33'), Port.tcp(5432)), 'shop/api', 'allowTo(peer)', /not a valid IPv4 CIDR/],
    ['octet above 255', s => s.api.allowTo(Peer.cidr('10.300.0.0/16'), Port.tcp(5432)), 'shop/api', 'allowTo(peer)', /not a valid IPv4 CIDR/],
    ['octet with a leading zero', s => s.api.allowTo(Peer.cidr('10.020.0.0/16'), Port.tcp(5432)), 'shop/api', 'allowTo(peer)', /not a valid IPv4 CIDR/],
    ['IPv4 host bits set', s => s.api.allowTo(Peer.cidr('10.20.1.5/16'), Port.tcp(5432)), 'shop/api', 'allowTo(peer)', /host bits set.*Fix: use the network address "10\.20\.0\.0\/16"/],
    ['malformed IPv6', s => s.api.allowTo(Peer.cidr('2001:db8:::/48'), Port.tcp(443)), 'shop/api', 'allowTo(peer)', /not a valid IPv6 CIDR/],
    ['IPv6 prefix above 128', s => s.api.allowTo(Peer.cidr('2001:db8::/129'), Port.tcp(443)), 'shop/api', 'allowTo(peer)', /not a valid IPv6 CIDR/],
    ['IPv6 host bits set', s => s.api.allowTo(Peer.cidr('2001:db8::1/32'), Port.tcp(443)), 'shop/api', 'allowTo(peer)', /host bits set.*"2001:db8::\/32"/],
    ['except outside the block', s => s.api.allowTo(Peer.cidr('10.20.0.0/16', ['10.30.0.0/24']), Port.tcp(5432)), 'shop/api', 'allowTo(peer).except[0]', /not strictly inside "10\.20\.0\.0\/16"/],
    ['except equal to the block', s => s.api.allowTo(Peer.cidr('10.20.0.0/16', ['10.20.0.0/16']), Port.tcp(5432)), 'shop/api', 'allowTo(peer).except[0]', /not strictly inside/],
    ['except of the other family', s => s.api.allowTo(Peer.cidr('10.20.0.0/16', ['2001:db8::/64']), Port.tcp(5432)), 'shop/api', 'allowTo(peer).except[0]', /IPv6 block inside the IPv4 block/],
    ['invalid except', s => s.api.allowTo(Peer.cidr('10.20.0.0/16', ['10.20.0.0/40']), Port.tcp(5432)), 'shop/api', 'allowTo(peer).except[0]', /not a valid IPv4 CIDR/],
    ['port 0', s => s.api.allowTo(Peer.cidr('10.0.0.0/8'), Port.tcp(0)), 'shop/api', 'allowTo(ports[0])', /0 is not a valid port number/],
    ['port 70000', s => s.web.allowFrom(Peer.cidr('10.0.0.0/8'), Port.udp(70000)), 'shop/web', 'allowFrom(ports[0])', /70000 is not a valid port number/],
    ['inverted range', s => s.api.allowTo(Peer.cidr('10.0.0.0/8'), Port.tcp(443), Port.tcpRange(9000, 8000)), 'shop/api', 'allowTo(ports[1])', /empty or inverted/],
    ['invalid port name', s => s.api.allowTo(Peer.namespaceName('monitoring'), Port.named('Metrics_Port')), 'shop/api', 'allowTo(ports[0])', /not a valid port name/],
    ['named port to a CIDR', s => s.api.allowTo(Peer.cidr('10.0.0.0/8'), Port.named('https')), 'shop/api', 'allowTo(ports[0])', /cannot be resolved for an IP block/],
    ['no ports to an outside peer', s => s.api.allowTo(Peer.cidr('10.0.0.0/8')), 'shop/api', 'allowTo(ports)', /only opened on explicit ports.*Fix: pass the ports/],
    ['no ports to a namespace', s => s.api.allowTo(s.ns), 'shop/api', 'allowTo(ports)', /only opened on explicit ports/],
    ['port a workload does not expose', s => s.web.allowTo(s.api, Port.tcp(9999)), 'shop/web', 'allowTo(ports[0])', /workload shop\/api does not expose TCP 9999.*Fix: use one of its ports: http \(TCP 8080\)/],
    ['protocol a workload does not expose', s => s.web.allowTo(s.api, Port.udp(8080)), 'shop/web', 'allowTo(ports[0])', /does not expose UDP 8080/],
    ['port name a workload does not declare', s => s.api.allowFrom(s.web, Port.named('grpc')), 'shop/api', 'allowFrom(ports[0])', /workload shop\/api does not expose TCP grpc/],
    ['own port not exposed', s => s.api.allowFrom(Peer.cidr('10.0.0.0/8'), Port.tcp(22)), 'shop/api', 'allowFrom(ports[0])', /workload shop\/api does not expose TCP 22/],
    ['range towards a workload', s => s.web.allowTo(s.api, Port.tcpRange(8000, 8100)), 'shop/web', 'allowTo(ports[0])', /range towards workload shop\/api opens ports it does not declare/],
    ['traffic to a workload without ports', s => s.api.allowTo(s.batch), 'shop/api', 'allowTo(peer)', /workload shop\/batch declares no port/],
    ['invalid namespace name', s => s.api.allowTo(Peer.namespaceName('Monitoring'), Port.tcp(9090)), 'shop/api', 'allowTo(peer)', /not a valid DNS-1123 label/],
    ['invalid pod labels', s => s.api.allowFrom(Peer.pods({ 'app name': 'x' }), Port.tcp(8080)), 'shop/api', 'allowFrom(peer)', /not a valid label key/],
    ['invalid ingress controller labels', s => s.web.allowFrom(Peer.ingressController('ingress-nginx', { app: 'nginx controller' }), Port.tcp(8443)), 'shop/web', 'allowFrom(peer)["app"]', /not a valid label value/],
    ['a construct that is no workload', s => s.api.allowFrom(Peer.workload(new Construct(s.chart, 'plain') as any), Port.tcp(8080)), 'shop/api', 'allowFrom(peer)', /not a hardened workload or IsolatedNamespace of this library/],
    ['a workload of another app', s => {
      const other = setup();
      s.api.allowFrom(other.web);
    }, 'shop/api', 'allowFrom(peer)', /workload shop\/web belongs to another App/],
    ['a namespace of another app', s => s.api.allowFrom(setup().ns, Port.tcp(8080)), 'shop/api', 'allowFrom(peer)', /belongs to another App/],
    ['a peer without a namespace seen from a namespace', s => {
      const loose = new HardenedDeployment(new Chart(s.app, 'loose'), 'loose', { image: IMAGE, port: 9000 });
      s.api.allowTo(loose);
    }, 'shop/api', 'allowTo(peer)', /workload loose\/loose runs in a chart without a namespace, so a policy in namespace "shop" cannot select it/],
    ['port range in a mesh namespace', s => {
      const m = setup({ mesh: true });
      m.ns.allowFrom(Peer.namespaceName('monitoring'), Port.tcpRange(15000, 15100));
      void s;
    }, 'shop/ns', 'allowFrom(ports[0])', /Istio AuthorizationPolicies match single port numbers/],
    ['named port into a mesh namespace', s => {
      const m = setup({ mesh: true });
      m.ns.allowFrom(Peer.namespaceName('monitoring'), Port.named('metrics'));
      void s;
    }, 'shop/ns', 'allowFrom(ports[0])', /not names or ranges/],
  ])('%s', (_name, fn, path, prop, problem) => {
    const s = setup();
    expectRefused(() => fn(s), path, prop, problem);
  });

  test('a workload in an IsolatedNamespace of another app', () => {
    const other = setup();
    const chart = new Chart(appWithDefaults(), 'elsewhere');
    expectRefused(() => new HardenedDeployment(chart, 'api', { namespace: other.ns, image: IMAGE, port: 8080 }), 'elsewhere/api', 'namespace', /shop\/ns belongs to another App/);
  });
});

describe('refused at synth', () => {
  test('an IsolatedNamespace of the app named instead of passed: only one side would be emitted', () => {
    const s = setup();
    const charge = new HardenedDeployment(s.chart, 'charge', { image: IMAGE, port: 7000, namespace: new IsolatedNamespace(s.chart, 'payments', { name: 'payments' }) });
    charge.allowFrom(Peer.namespaceName('shop'), Port.tcp(7000));
    expect(() => s.app.synthYaml()).toThrow(/\[shop\/charge\] allowFrom\(peer\): namespace "shop" is an IsolatedNamespace of this app.*Fix: pass the IsolatedNamespace/);
  });

  test('an Ingress without routes', () => {
    const s = setup();
    new HardenedIngress(s.chart, 'edge', { namespace: s.ns, className: 'nginx', controller: Peer.ingressController('ingress-nginx'), tls: [{ hosts: ['shop.example.com'], secretName: 'tls' }] });
    expect(() => s.app.synthYaml()).toThrow(/\[shop\/edge\] the Ingress has no routes\. Fix: call addRoute/);
  });
});

describe('Ingress and external Services', () => {
  const NGINX = Peer.ingressController('ingress-nginx');
  const ingressProps = (s: ReturnType<typeof setup>, props: Partial<HardenedIngressProps> = {}): HardenedIngressProps => ({
    namespace: s.ns, className: 'nginx', controller: NGINX, tls: [{ hosts: ['shop.example.com', '*.apps.example.com'], secretName: 'shop-tls' }], ...props,
  });
  test.each<Case>([
    ['Ingress without TLS', s => new HardenedIngress(s.chart, 'edge', ingressProps(s, { tls: [] })), 'shop/edge', 'tls', /without TLS serves plaintext/],
    ['certificate without hosts', s => new HardenedIngress(s.chart, 'edge', ingressProps(s, { tls: [{ hosts: [], secretName: 'x' }] })), 'shop/edge', 'tls[0].hosts', /catch-all/],
    ['invalid TLS secret name', s => new HardenedIngress(s.chart, 'edge', ingressProps(s, { tls: [{ hosts: ['a.example.com'], secretName: 'Shop TLS' }] })), 'shop/edge', 'tls[0].secretName', /DNS-1123 subdomain/],
    ['invalid host', s => new HardenedIngress(s.chart, 'edge', ingressProps(s, { tls: [{ hosts: ['Shop.Example.com'], secretName: 'x' }] })), 'shop/edge', 'tls[0].hosts[0]', /DNS-1123 subdomain/],
    ['route host without a certificate', s => new HardenedIngress(s.chart, 'edge', ingressProps(s)).addRoute('admin.example.com', '/', s.web), 'shop/edge', 'addRoute("admin.example.com", "/")', /not covered by any TLS certificate/],
    ['wildcard covers one label only', s => new HardenedIngress(s.chart, 'edge', ingressProps(s)).addRoute('a.b.apps.example.com', '/', s.web), 'shop/edge', 'addRoute("a.b.apps.example.com", "/")', /not covered/],
    ['relative path', s => new HardenedIngress(s.chart, 'edge', ingressProps(s)).addRoute('shop.example.com', 'api', s.web), 'shop/edge', 'addRoute("shop.example.com", "api")', /does not start with "\/"/],
    ['backend without a Service', s => new HardenedIngress(s.chart, 'edge', ingressProps(s)).addRoute('shop.example.com', '/', s.batch), 'shop/edge', 'addRoute("shop.example.com", "/").backend', /has no Service to route to/],
    ['backend in another namespace', s => {
      const other = new IsolatedNamespace(s.chart, 'other', { name: 'other' });
      new HardenedIngress(s.chart, 'edge', ingressProps(s, { namespace: other })).addRoute('shop.example.com', '/', s.web);
    }, 'shop/edge', 'addRoute("shop.example.com", "/").backend', /runs in namespace "shop" but the Ingress in "other"/],
    ['route given twice', s => {
      const ing = new HardenedIngress(s.chart, 'edge', ingressProps(s));
      ing.addRoute('shop.example.com', '/', s.web);
      ing.addRoute('shop.example.com', '/', s.api);
    }, 'shop/edge', 'addRoute("shop.example.com", "/")', /already routes path/],
    ['route to a port the backend lacks', s => new HardenedIngress(s.chart, 'edge', ingressProps(s)).addRoute('shop.example.com', '/', s.web, Port.tcp(80)), 'shop/edge', 'addRoute("shop.example.com", "/").port(ports[0])', /does not expose TCP 80/],
    ['exposed via Ingress twice', s => {
      const opts = { host: 'shop.example.com', className: 'nginx', controller: NGINX, tlsSecretName: 'shop-tls' };
      s.web.exposeViaIngress(opts);
      s.web.exposeViaIngress(opts);
    }, 'shop/web', 'exposeViaIngress(options)', /already exposed by shop\/web\/Ingress/],
    ['LoadBalancer without the namespace allowance', s => s.web.exposeViaService({ type: ExternalServiceType.LOAD_BALANCER, sourceRanges: ['0.0.0.0/0'], justification: 'public TCP endpoint for game clients' }),
      'shop/web', 'exposeViaService(options)', /namespace "shop" allows no Service\(s\) of type LoadBalancer.*Fix: set loadBalancers: \{ count: 1, justification/],
    ['NodePorts beyond the allowance', s => {
      const app = appWithDefaults();
      const chart = new Chart(app, 'shop');
      const ns = new IsolatedNamespace(chart, 'ns', { name: 'shop', nodePorts: { count: 1, justification: 'on-premises cluster without load balancers' } });
      const a = new HardenedDeployment(chart, 'a', { namespace: ns, image: IMAGE, port: 8080 });
      const b = new HardenedDeployment(chart, 'web', { namespace: ns, image: IMAGE, port: 8080 });
      const opts = { type: ExternalServiceType.NODE_PORT, sourceRanges: ['10.0.0.0/8'], justification: 'reached by the office network directly' };
      a.exposeViaService(opts);
      b.exposeViaService(opts);
      void s;
    }, 'shop/web', 'exposeViaService(options)', /allows only 1 Service\(s\) of type NodePort, used by shop\/a/],
    ['short justification', s => s.web.exposeViaService({ type: ExternalServiceType.NODE_PORT, sourceRanges: ['10.0.0.0/8'], justification: 'needed' }),
      'shop/web', 'exposeViaService(options).justification', /at least 10 meaningful characters.*"needed" has 6/],
    ['no source ranges', s => s.web.exposeViaService({ type: ExternalServiceType.NODE_PORT, sourceRanges: [], justification: 'reached by the office network directly' }),
      'shop/web', 'exposeViaService(options).sourceRanges', /nobody could connect/],
    ['invalid source range', s => s.web.exposeViaService({ type: ExternalServiceType.NODE_PORT, sourceRanges: ['office'], justification: 'reached by the office network directly' }),
      'shop/web', 'exposeViaService(options).sourceRanges[0]', /no prefix length/],
    ['exposing a port not declared', s => s.web.exposeViaService({ type: ExternalServiceType.NODE_PORT, sourceRanges: ['10.0.0.0/8'], ports: [Port.tcp(22)], justification: 'reached by the office network directly' }),
      'shop/web', 'exposeViaService(ports[0])', /does not expose TCP 22/],
    ['external Service in a mesh namespace', s => {
      const m = setup({ mesh: true });
      m.web.exposeViaService({ type: ExternalServiceType.NODE_PORT, sourceRanges: ['10.0.0.0/8'], justification: 'reached by the office network directly' });
      void s;
    }, 'shop/web', 'exposeViaService(options)', /requires mutual TLS.*Fix: expose the workload through the mesh's ingress gateway/],
  ])('%s', (_name, fn, path, prop, problem) => {
    const s = setup();
    expectRefused(() => fn(s), path, prop, problem);
  });
});

test('the same refusals hold in a plain Testing app', () => {
  const chart = new Chart(Testing.app(), 'shop');
  expectRefused(() => new IsolatedNamespace(chart, 'ns', { name: 'kube-system' }), 'shop/ns', 'name', /namespace of the cluster itself/);
});
