import { findings, hardenedObjects, object, podSpec, RuleCase, testMetadata, testRules, workload } from './rule-cases';
import { runAudit } from '../../src/rules/engine';
import { NETWORK_RULES } from '../../src/rules/network';
import { ingressBackendService } from '../../src/rules/network/ingress-backend-service';
import { ingressNginxSnippets } from '../../src/rules/network/ingress-nginx-snippets';
import { ingressPlaintextAnnotation } from '../../src/rules/network/ingress-plaintext-annotation';
import { ingressTls } from '../../src/rules/network/ingress-tls';
import { namespaceDefaultDeny } from '../../src/rules/network/namespace-default-deny';
import { networkPolicyBroadCidr } from '../../src/rules/network/network-policy-broad-cidr';
import { networkPolicySelectsPods } from '../../src/rules/network/network-policy-selects-pods';
import { podNetworkPolicy } from '../../src/rules/network/pod-network-policy';
import { serviceExternalIps } from '../../src/rules/network/service-external-ips';
import { serviceSelectsPods } from '../../src/rules/network/service-selects-pods';
import { serviceSshPort } from '../../src/rules/network/service-ssh-port';
import { serviceTargetPort } from '../../src/rules/network/service-target-port';
import { serviceTypeExposed } from '../../src/rules/network/service-type-exposed';
import { Manifest } from '../../src/rules/rule';

const web = workload('Deployment', podSpec({ ports: [{ containerPort: 8080, name: 'http' }] }));
const policy = (name: string, podSelector: Record<string, unknown>, spec: Record<string, unknown> = {}, namespace = 'shop'): Manifest =>
  object('NetworkPolicy', name, { spec: { podSelector, ...spec } }, namespace, 'networking.k8s.io/v1');
const namespace = (name: string): Manifest => object('Namespace', name, {}, null);
const service = (spec: Record<string, unknown>, name = 'web', metadata: Record<string, unknown> = {}): Manifest =>
  ({ ...object('Service', name, { spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }], ...spec } }), ...(Object.keys(metadata).length ? { metadata: { name, namespace: 'shop', ...metadata } } : {}) });
const ingress = (spec: Record<string, unknown>, annotations?: Record<string, string>): Manifest =>
  ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'shop', ...(annotations ? { annotations } : {}) }, spec });
const route = (host: string | undefined, backend: Record<string, unknown>) => ({ ...(host ? { host } : {}), http: { paths: [{ path: '/', pathType: 'Prefix', backend }] } });
const svcBackend = (name: string, port: Record<string, unknown>) => ({ service: { name, port } });
const DNS_EGRESS = { egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] };
// DNS to the cluster's resolver only: a rule without peers (as above) allows every destination, which network-policy-broad-cidr reports.
const KUBE_DNS_EGRESS = { egress: [{ ports: [{ port: 53, protocol: 'UDP' }], to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }] }] };
const ipBlock = (cidr: string, except?: string[]) => ({ ipBlock: { cidr, ...(except ? { except } : {}) } });

const CASES: RuleCase[] = [
  {
    rule: podNetworkPolicy,
    compliant: [web, policy('web', { matchLabels: { app: 'web' } }, { policyTypes: ['Ingress', 'Egress'] })],
    nonCompliant: [web, policy('web', { matchLabels: { app: 'web' } }), policy('other-ns', {}, { policyTypes: ['Egress'] }, 'other')],
    expected: [{ message: 'no NetworkPolicy in namespace "shop" selects these pods for Egress', path: 'spec.template.metadata.labels' }],
    notApplicable: [service({})],
  },
  {
    rule: namespaceDefaultDeny,
    compliant: [namespace('shop'), policy('default-deny', {}, { policyTypes: ['Ingress', 'Egress'], ...DNS_EGRESS })],
    nonCompliant: [namespace('shop'), policy('deny-ingress', {}), policy('web', { matchLabels: { app: 'web' } }, { policyTypes: ['Egress'] }), namespace('empty')],
    expected: [
      { message: 'no NetworkPolicy in namespace "shop" selects all pods for Egress, so pods without their own policy are open for egress', path: 'metadata.name' },
      { message: 'no NetworkPolicy in namespace "empty" selects all pods for Ingress', path: 'metadata.name' },
      { message: 'no NetworkPolicy in namespace "empty" selects all pods for Egress', path: 'metadata.name' },
    ],
    // Only Namespace objects of the audit are judged.
    notApplicable: [web, policy('web', { matchLabels: { app: 'web' } })],
  },
  {
    rule: networkPolicySelectsPods,
    compliant: [web, policy('web', { matchLabels: { app: 'web' } }), policy('all', {})],
    nonCompliant: [web, policy('api', { matchLabels: { app: 'api' } })],
    expected: [{ message: 'spec.podSelector matches none of the 1 pod templates in namespace "shop"', path: 'spec.podSelector' }],
    // Without workloads in its namespace, the audit cannot tell.
    notApplicable: [policy('api', { matchLabels: { app: 'api' } }), { ...web, metadata: { name: 'web', namespace: 'other' } }],
  },
  {
    rule: ingressTls,
    compliant: [ingress({ tls: [{ hosts: ['*.example.com'], secretName: 'tls' }], rules: [route('shop.example.com', svcBackend('web', { number: 80 }))] })],
    nonCompliant: [
      ingress({ rules: [route('shop.example.com', svcBackend('web', { number: 80 }))] }),
      { ...ingress({ tls: [{ hosts: ['*.example.com'] }], rules: [route('shop.example.com', {}), route('a.b.example.com', {})] }), metadata: { name: 'partial', namespace: 'shop' } },
    ],
    expected: [
      { message: 'Ingress has no spec.tls, so it serves plain HTTP', path: 'spec.tls' },
      { message: 'host "a.b.example.com" is not listed in spec.tls, so it is served without TLS', path: 'spec.rules[1].host' },
    ],
    notApplicable: [service({})],
  },
  {
    rule: ingressBackendService,
    compliant: [service({}), ingress({ defaultBackend: svcBackend('web', { name: 'http' }), rules: [route('shop.example.com', svcBackend('web', { number: 80 }))] })],
    nonCompliant: [service({}), ingress({ defaultBackend: svcBackend('ghost', { number: 80 }), rules: [route('shop.example.com', svcBackend('web', { number: 81 }))] })],
    expected: [
      { message: 'backend Service "ghost" is not in the audit (namespace "shop")', path: 'spec.defaultBackend.service.name' },
      { message: 'backend Service "web" has no port 81', path: 'spec.rules[0].http.paths[0].backend.service.name' },
    ],
    // Resource backends (e.g. a storage bucket) are not Services.
    notApplicable: [ingress({ defaultBackend: { resource: { apiGroup: 'k8s.example.com', kind: 'StorageBucket', name: 'assets' } } })],
  },
  {
    rule: serviceSelectsPods,
    compliant: [web, service({})],
    nonCompliant: [web, service({ selector: { app: 'api' } })],
    expected: [{ message: 'spec.selector matches none of the 1 pod templates in namespace "shop"', path: 'spec.selector' }],
    notApplicable: [
      web,
      service({ type: 'ExternalName', externalName: 'db.example.com', selector: undefined }, 'external'),
      service({ selector: undefined }, 'manual-endpoints'),
      { ...service({ selector: { app: 'api' } }), metadata: { name: 'web', namespace: 'no-workloads' } },
    ],
  },
  {
    rule: serviceTypeExposed,
    compliant: [service({ type: 'ClusterIP' })],
    nonCompliant: [service({ type: 'NodePort' }), service({ type: 'LoadBalancer' }, 'lb')],
    expected: [
      { message: 'Service is of type NodePort, reachable from outside the cluster', path: 'spec.type' },
      { message: 'Service is of type LoadBalancer', path: 'spec.type' },
    ],
    notApplicable: [ingress({})],
  },
  {
    rule: serviceExternalIps,
    compliant: [service({ externalIPs: [] })],
    nonCompliant: [service({ externalIPs: ['203.0.113.7'] })],
    expected: [{ message: 'Service sets externalIPs "203.0.113.7"', path: 'spec.externalIPs' }],
    notApplicable: [ingress({})],
  },
  {
    rule: ingressNginxSnippets,
    compliant: [ingress({}, { 'nginx.ingress.kubernetes.io/rewrite-target': '/' })],
    nonCompliant: [ingress({}, { 'nginx.ingress.kubernetes.io/configuration-snippet': 'more_set_headers "X: y";', 'nginx.org/server-snippets': 'location /x {}' })],
    expected: [
      { message: 'annotation "nginx.ingress.kubernetes.io/configuration-snippet" injects raw NGINX configuration', path: 'metadata.annotations["nginx.ingress.kubernetes.io/configuration-snippet"]' },
      { message: 'annotation "nginx.org/server-snippets" injects raw NGINX configuration', path: 'metadata.annotations["nginx.org/server-snippets"]' },
    ],
    notApplicable: [service({}, 'web', { annotations: { 'example.com/configuration-snippet': 'x' } })],
  },
  {
    rule: networkPolicyBroadCidr,
    compliant: [policy('web', { matchLabels: { app: 'web' } }, {
      egress: [{ to: [ipBlock('10.0.0.0/8'), ipBlock('104.16.0.0/13'), ipBlock('fd00::/8'), ipBlock('0.0.0.0/0', ['0.0.0.0/1', '128.0.0.0/1'])], ports: [{ port: 443 }] }],
      ingress: [{ from: [{ podSelector: {} }, ipBlock('203.0.113.0/24')] }],
    })],
    nonCompliant: [
      policy('web', { matchLabels: { app: 'web' } }, {
        egress: [{ to: [ipBlock('0.0.0.0/0', ['10.0.0.0/8'])], ports: [{ port: 443 }] }, { ports: [{ port: 53, protocol: 'UDP' }] }],
        ingress: [{ from: [ipBlock('::/0')] }, {}],
      }),
      policy('nat64', {}, { egress: [{ to: [ipBlock('64:ff9b::/96')] }] }),
    ],
    expected: [
      { message: 'ingress from "::/0" covers about 2^125 global IPv6 addresses, more than a /32', path: 'spec.ingress[0].from[0].ipBlock.cidr' },
      { message: 'ingress[1] has no from, so it admits every source, the internet included', path: 'spec.ingress[1]' },
      { message: /^egress to "0\.0\.0\.0\/0" except 10\.0\.0\.0\/8 covers [\d,]+ public IPv4 addresses, more than a \/8 \(16,777,216\)$/, path: 'spec.egress[0].to[0].ipBlock.cidr' },
      { message: 'egress[1] has no to, so it allows every destination, the internet included', path: 'spec.egress[1]' },
      { message: /egress to "64:ff9b::\/96" covers [\d,]+ public IPv4 addresses/, path: 'spec.egress[0].to[0].ipBlock.cidr' },
    ],
    // A policy with no rules in a direction denies it; other kinds carry no peers.
    notApplicable: [policy('default-deny', {}, { policyTypes: ['Ingress', 'Egress'] }), service({})],
  },
  {
    rule: ingressPlaintextAnnotation,
    compliant: [ingress({}, { 'nginx.ingress.kubernetes.io/ssl-redirect': 'true', 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}, {"HTTPS": 443}]', 'alb.ingress.kubernetes.io/ssl-redirect': '443' })],
    nonCompliant: [ingress({}, { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false', 'kubernetes.io/ingress.allow-http': 'true', 'traefik.ingress.kubernetes.io/router.entrypoints': 'web' })],
    expected: [
      { message: '"nginx.ingress.kubernetes.io/ssl-redirect: false" stops ingress-nginx redirecting HTTP to HTTPS', path: 'metadata.annotations["nginx.ingress.kubernetes.io/ssl-redirect"]' },
      { message: 'keeps a plain HTTP listener (GCE, Contour)', path: 'metadata.annotations["kubernetes.io/ingress.allow-http"]' },
      { message: 'only on the plain HTTP entry point (web)', path: 'metadata.annotations["traefik.ingress.kubernetes.io/router.entrypoints"]' },
    ],
    notApplicable: [service({}, 'web', { annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' } })],
  },
  {
    rule: serviceSshPort,
    compliant: [service({ ports: [{ port: 80, targetPort: 8080 }] })],
    nonCompliant: [service({ ports: [{ name: 'ssh', port: 22, targetPort: 2222 }, { name: 'alt', port: 2222, targetPort: 22 }] })],
    expected: [
      { message: 'Service port 22 exposes SSH', path: 'spec.ports[0].port' },
      { message: 'Service targetPort 22 exposes SSH', path: 'spec.ports[1].targetPort' },
    ],
    notApplicable: [workload('Deployment', podSpec({ ports: [{ containerPort: 22 }] }))],
  },
  {
    rule: serviceTargetPort,
    compliant: [web, service({ ports: [{ port: 80, targetPort: 'http' }, { port: 81, targetPort: 8080 }, { port: 82, targetPort: '8080' }] })],
    nonCompliant: [web, service({ ports: [{ port: 80, targetPort: 'http' }, { port: 9090, targetPort: 'metrics' }] })],
    expected: [{ message: 'targetPort "metrics" is not a named container port of the 1 selected pod templates', path: 'spec.ports[1].targetPort' }],
    // Without selected pods in the audit there is nothing to resolve the name against.
    notApplicable: [service({ ports: [{ port: 80, targetPort: 'metrics' }] })],
  },
];

describe('network rules', () => {
  testMetadata('network', NETWORK_RULES, CASES);
  testRules(CASES);

  test('the library\'s hardened output gets no network finding', () => {
    // Each hardened workload emits its own NetworkPolicy (Ingress and Egress), so pod-network-policy holds on the constructs alone.
    expect(findings(hardenedObjects(), NETWORK_RULES)).toEqual([]);
  });

  test.each<[string, Manifest, string]>([
    ['a broad peer', {
      ...policy('egress', { matchLabels: { app: 'web' } }, { egress: [{ to: [ipBlock('0.0.0.0/0')], ports: [{ port: 443 }] }] }),
      metadata: { name: 'egress', namespace: 'shop', annotations: { 'waiver.cdk8s-hardening.dev/broad-cidr': 'egress to 0.0.0.0/0: calls the payment provider, addresses unpublished' } },
    },
    'network-policy-broad-cidr'],
    ['a plain-HTTP annotation', ingress({ tls: [{ hosts: ['shop.example.com'] }] }, {
      'nginx.ingress.kubernetes.io/ssl-redirect': 'false',
      'waiver.cdk8s-hardening.dev/ingress-plaintext': 'nginx.ingress.kubernetes.io/ssl-redirect: set-top boxes cannot follow redirects',
    }),
    'ingress-plaintext-annotation'],
  ])('the construct\'s waiver for %s marks the finding suppressed, with its reason', (_name, waived, ruleId) => {
    const ours = runAudit([{ object: waived }], { packs: ['hardened'] }).findings.filter(f => f.ruleId === ruleId);
    expect(ours.length).toBeGreaterThan(0);
    for (const f of ours) {
      expect(f.suppressed).toBe(true);
      expect(f.justification).toMatch(/payment provider|set-top boxes/);
    }
  });

  test('a waiver with a placeholder reason does not suppress a broad peer', () => {
    const placeholder = {
      ...policy('egress', {}, { egress: [{ to: [ipBlock('::/0')] }] }),
      metadata: { name: 'egress', namespace: 'shop', annotations: { 'waiver.cdk8s-hardening.dev/broad-cidr': 'ok' } },
    };
    expect(runAudit([{ object: placeholder }], { packs: ['hardened'] }).findings.filter(f => f.ruleId === 'network-policy-broad-cidr').map(f => f.suppressed)).toEqual([false]);
  });

  test('a hand-written Namespace with a default deny, around the hardened output, gets no network finding', () => {
    // The namespace rules judge Namespace objects, which the workload constructs do not emit: this stands in for an IsolatedNamespace.
    const objects = [...hardenedObjects(), namespace('shop'), policy('default-deny', {}, { policyTypes: ['Ingress', 'Egress'], ...KUBE_DNS_EGRESS })];
    expect(findings(objects, NETWORK_RULES)).toEqual([]);
  });
});
