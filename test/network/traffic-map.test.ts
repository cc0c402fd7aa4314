import { Chart, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { buildApp } from '../../examples/hardened-workloads/app';
import { HardenedDeployment, HardenedJob, IsolatedNamespace, Peer, Port, TrafficMap } from '../../src';
import { trafficFlows } from '../../src/manifest/traffic-flows';
import { appWithDefaults, IMAGE } from '../harness';

/** Two namespaces: web → api (same namespace), api → ledger (across), a migration Job to a database CIDR. */
function smallApp() {
  const app = appWithDefaults();
  const platform = new Chart(app, 'platform');
  const shop = new IsolatedNamespace(platform, 'shop', { name: 'shop' });
  const payments = new IsolatedNamespace(platform, 'payments', { name: 'payments' });
  const apps = new Chart(app, 'apps');
  const web = new HardenedDeployment(apps, 'web', { namespace: shop, name: 'web', image: IMAGE, port: 8443 });
  const api = new HardenedDeployment(apps, 'api', { namespace: shop, name: 'api', image: IMAGE, ports: [{ number: 8080, name: 'http' }] });
  const ledger = new HardenedDeployment(apps, 'ledger', { namespace: payments, name: 'ledger', image: IMAGE, port: 7000 });
  const migrate = new HardenedJob(apps, 'migrate', { namespace: payments, name: 'migrate', image: IMAGE });
  web.allowFrom(Peer.ingressController('ingress-nginx'), Port.tcp(8443));
  api.allowFrom(web, Port.named('http'));
  api.allowTo(ledger);
  migrate.allowTo(Peer.cidr('10.20.0.0/16'), Port.tcp(5432));
  return app;
}

describe('TrafficMap', () => {
  test('renders who can talk to whom in a small app as Mermaid', () => {
    expect(TrafficMap.fromApp(smallApp()).toMermaid()).toBe([
      'flowchart LR',
      '  subgraph ns0["namespace payments"]',
      '    n3["Deployment ledger"]',
      '    n4["Job migrate"]',
      '  end',
      '  subgraph ns1["namespace shop"]',
      '    n5["Deployment api"]',
      '    n6["Deployment web"]',
      '  end',
      '  n0(["cidr 10.20.0.0/16"])',
      '  n1(["namespace ingress-nginx"])',
      '  n2(["namespace kube-system pods k8s-app=kube-dns"])',
      '  n1 -->|"TCP 8443"| n6',
      '  n3 -->|"TCP 53, UDP 53"| n2',
      '  n4 -->|"TCP 5432"| n0',
      '  n4 -->|"TCP 53, UDP 53"| n2',
      '  n5 -->|"TCP 53, UDP 53"| n2',
      '  n5 -->|"TCP 7000"| n3',
      '  n6 -->|"TCP 53, UDP 53"| n2',
      '  n6 -->|"TCP 8080"| n5',
      '',
    ].join('\n'));
  });

  test('lists the flows with both sides checked', () => {
    const flows = TrafficMap.fromApp(smallApp()).flows.filter(f => !f.to.includes('kube-dns'));
    expect(flows).toEqual([
      { from: 'namespace ingress-nginx', to: 'shop/Deployment/web', ports: ['TCP 8443'] },
      { from: 'payments/Job/migrate', to: 'cidr 10.20.0.0/16', ports: ['TCP 5432'] },
      { from: 'shop/Deployment/api', to: 'payments/Deployment/ledger', ports: ['TCP 7000'] },
      { from: 'shop/Deployment/web', to: 'shop/Deployment/api', ports: ['TCP 8080'] },
    ]);
  });

  test('works the same on YAML', () => {
    const app = smallApp();
    const fromYaml = TrafficMap.fromManifests(parseAllDocuments(app.synthYaml()).map(d => d.toJS()));
    expect(fromYaml.toMermaid()).toEqual(TrafficMap.fromApp(smallApp()).toMermaid());
  });

  test('renders the example app: every declared flow and nothing else', () => {
    const flows = TrafficMap.fromApp(buildApp(Testing.app())).flows.filter(f => !f.to.includes('kube-dns'));
    expect(flows).toEqual([
      { from: 'namespace ingress-nginx pods app.kubernetes.io/name=ingress-nginx', to: 'shop/Deployment/web', ports: ['TCP 8443'] },
      { from: 'shop/CronJob/nightly-report', to: 'shop/Deployment/api', ports: ['TCP 8080'] },
      { from: 'shop/Deployment/api', to: 'cidr 10.20.0.0/16', ports: ['TCP 5432'] },
      { from: 'shop/Deployment/api', to: 'shop/StatefulSet/cache', ports: ['TCP 6379'] },
      { from: 'shop/Deployment/web', to: 'shop/Deployment/api', ports: ['TCP 8080'] },
      { from: 'shop/Job/migrate', to: 'cidr 10.20.0.0/16', ports: ['TCP 5432'] },
    ]);
    expect(TrafficMap.fromApp(buildApp(Testing.app())).toMermaid()).toMatchSnapshot();
  });
});

describe('trafficFlows on hand-written manifests', () => {
  const deployment = (ns: string, name: string, labels: Record<string, string>, ports: any[] = []) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns },
    spec: { template: { metadata: { labels }, spec: { containers: [{ name: 'main', image: 'x', ports }] } } },
  });
  const netpol = (ns: string, name: string, spec: any) => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: ns }, spec });

  test('pods selected by no policy are unrestricted, and shown so', () => {
    expect(trafficFlows([deployment('a', 'open', { app: 'open' })])).toEqual([
      { from: 'a/Deployment/open', to: 'anywhere (no egress policy)', ports: ['all ports'] },
      { from: 'anywhere (no ingress policy)', to: 'a/Deployment/open', ports: ['all ports'] },
    ]);
  });

  test('a flow needs both sides; named ports resolve on the destination; ranges intersect', () => {
    const objects = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'b', labels: { tier: 'backend' } } },
      deployment('a', 'client', { app: 'client' }),
      deployment('b', 'server', { app: 'server' }, [{ name: 'grpc', containerPort: 9000 }, { name: 'admin', containerPort: 9100 }]),
      deployment('b', 'other', { app: 'other' }, [{ containerPort: 9000 }]),
      netpol('a', 'client-out', { podSelector: { matchLabels: { app: 'client' } }, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { tier: 'backend' } } }], ports: [{ port: 9000, endPort: 9050 }] }] }),
      netpol('a', 'client-in', { podSelector: {}, policyTypes: ['Ingress'] }),
      netpol('b', 'server-in', { podSelector: { matchLabels: { app: 'server' } }, ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'client' } } }], ports: [{ port: 'grpc' }, { port: 'admin' }] }] }),
      netpol('b', 'deny-out', { podSelector: {}, policyTypes: ['Egress'] }),
      netpol('b', 'other-in', { podSelector: { matchLabels: { app: 'other' } }, policyTypes: ['Ingress'] }),
    ];
    expect(trafficFlows(objects)).toEqual([
      { from: 'a/Deployment/client', to: 'b/Deployment/server', ports: ['TCP 9000'] },
      { from: 'a/Deployment/client', to: 'namespaces tier=backend', ports: ['TCP 9000-9050'] },
      { from: 'namespaces (all) pods app=client', to: 'b/Deployment/server', ports: ['TCP admin', 'TCP grpc'] },
    ]);
  });

  test('is deterministic whatever the object order', () => {
    const objects = [deployment('a', 'x', { app: 'x' }, [{ containerPort: 80 }]), deployment('a', 'y', { app: 'y' }),
      netpol('a', 'p', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }], egress: [{}], policyTypes: ['Ingress', 'Egress'] })];
    expect(trafficFlows([...objects].reverse())).toEqual(trafficFlows(objects));
    expect(trafficFlows(objects)).toContainEqual({ from: 'a/Deployment/y', to: 'a/Deployment/x', ports: ['all ports'] });
  });
});
