/**
 * Platform policy can only be tightened without a justification, for traffic: a peer that opens a large part of the
 * internet, and an Ingress annotation that serves plain HTTP, need a recorded reason.
 */
import { Chart } from 'cdk8s';
import {
  ExternalServiceType, HardenedDeployment, HardenedIngress, HardenedIngressProps, IsolatedNamespace, Peer, Port,
} from '../../src';
import { broadCidrProblem, coveredAddresses, nonPublicIpv4, publicReach } from '../../src/detectors/cidr';
import { plaintextAnnotations } from '../../src/detectors/ingress-plaintext';
import { appWithDefaults, expectRefused, IMAGE, synthObjects } from '../harness';

const WHY = 'calls the payment provider, whose API addresses are not published';

function setup() {
  const app = appWithDefaults();
  const chart = new Chart(app, 'shop');
  const ns = new IsolatedNamespace(chart, 'ns', { name: 'shop' });
  const web = new HardenedDeployment(chart, 'web', { namespace: ns, image: IMAGE, ports: [{ number: 8443, name: 'https' }] });
  const api = new HardenedDeployment(chart, 'api', { namespace: ns, image: IMAGE, ports: [{ number: 8080, name: 'http' }] });
  return { app, chart, ns, web, api };
}
type Setup = ReturnType<typeof setup>;
const policyOf = (s: Setup, name: string) => synthObjects(s.chart).find(o => o.kind === 'NetworkPolicy' && o.metadata.name === name);

describe('broad CIDR peers', () => {
  test.each<[string, (s: Setup) => unknown, string, string, RegExp]>([
    ['egress to the IPv4 internet', s => s.api.allowTo(Peer.cidr('0.0.0.0/0'), Port.tcp(443)), 'shop/api', 'allowTo(peer)', /"0\.0\.0\.0\/0" covers .* public IPv4 addresses, more than a \/8.*Fix: .*Peer\.broadCidr/],
    ['egress to the IPv6 internet', s => s.api.allowTo(Peer.cidr('::/0'), Port.tcp(443)), 'shop/api', 'allowTo(peer)', /global IPv6 addresses, more than a \/32/],
    ['ingress from half the internet', s => s.api.allowFrom(Peer.cidr('0.0.0.0/1'), Port.tcp(8080)), 'shop/api', 'allowFrom(peer)', /more than a \/8/],
    ['the internet minus a private range', s => s.api.allowTo(Peer.cidr('0.0.0.0/0', ['10.0.0.0/8']), Port.tcp(443)), 'shop/api', 'allowTo(peer)', /except 10\.0\.0\.0\/8 covers/],
    ['all of IPv4 as mapped IPv6', s => s.api.allowTo(Peer.cidr('::ffff:0:0/96'), Port.tcp(443)), 'shop/api', 'allowTo(peer)', /public IPv4 addresses/],
    ['the NAT64 prefix', s => s.api.allowTo(Peer.cidr('64:ff9b::/96'), Port.tcp(443)), 'shop/api', 'allowTo(peer)', /public IPv4 addresses/],
    ['a public /7', s => s.api.allowTo(Peer.cidr('8.0.0.0/7'), Port.tcp(443)), 'shop/api', 'allowTo(peer)', /33,554,432 public IPv4/],
    ['a namespace-wide egress to the internet', s => s.ns.allowTo(Peer.cidr('0.0.0.0/0'), Port.tcp(443)), 'shop/ns', 'allowTo(peer)', /more than a \/8/],
    ['a justification on a narrow block', s => s.api.allowTo(Peer.broadCidr('203.0.113.0/24', WHY), Port.tcp(443)), 'shop/api', 'allowTo(peer)', /nothing to justify.*Fix: use Peer\.cidr/],
    ['a justification on a private block', s => s.api.allowTo(Peer.broadCidr('10.0.0.0/8', WHY), Port.tcp(443)), 'shop/api', 'allowTo(peer)', /nothing to justify/],
    ['an ingress controller given as the internet', s => new HardenedIngress(s.chart, 'ing', { namespace: s.ns, className: 'nginx', controller: Peer.cidr('0.0.0.0/0'), tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }] }),
      'shop/ing', 'controller', /more than a \/8/],
  ])('refuses %s', (_name, fn, path, prop, problem) => {
    const s = setup();
    expectRefused(() => fn(s), path, prop, problem);
  });

  test.each<[string, string]>([
    ['placeholder', 'needed'],
    ['zero-width spaces', '\u200b'.repeat(12)],
    ['ten of one key', 'xxxxxxxxxxxx'],
  ])('Peer.broadCidr refuses a %s justification', (_name, why) => {
    expect(() => Peer.broadCidr('0.0.0.0/0', why)).toThrow(/Peer\.broadCidr\(…\) justification: .*Fix: say why/);
  });

  test.each<[string, string, string[]]>([
    ['the cluster\'s private ranges', '10.0.0.0/8', []],
    ['CGNAT space', '100.64.0.0/10', []],
    ['a public /8 exactly', '3.0.0.0/8', []],
    ['a provider\'s published /13', '104.16.0.0/13', []],
    ['private plus public half of a /7', '10.0.0.0/7', []],
    ['the internet minus everything public', '0.0.0.0/0', ['0.0.0.0/1', '128.0.0.0/1']],
    ['ULA IPv6', 'fd00::/8', []],
    ['a provider /32 of IPv6', '2a00:1450::/32', []],
    ['the documentation IPv6 block', '2001:db8::/32', []],
  ])('accepts %s without a justification', (_name, cidr, except) => {
    const s = setup();
    expect(() => s.api.allowTo(Peer.cidr(cidr, except), Port.tcp(443))).not.toThrow();
    expect(policyOf(s, s.api.name).metadata.annotations).toBeUndefined();
  });

  test('a justified broad egress is emitted with its reason on the policy', () => {
    const s = setup();
    s.api.allowTo(Peer.broadCidr('0.0.0.0/0', WHY, ['10.0.0.0/8']), Port.tcp(443));
    s.api.allowTo(Peer.broadCidr('::/0', WHY), Port.tcp(443));
    const policy = policyOf(s, s.api.name);
    expect(policy.spec.egress.map((r: any) => r.to[0].ipBlock)).toEqual(expect.arrayContaining([{ cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] }, { cidr: '::/0' }]));
    expect(policy.metadata.annotations).toEqual({
      'waiver.cdk8s-hardening.dev/broad-cidr': `egress to 0.0.0.0/0 except 10.0.0.0/8: ${WHY}; egress to ::/0: ${WHY}`,
    });
  });

  test('a justified namespace-wide egress lands on the namespace policy', () => {
    const s = setup();
    s.ns.allowTo(Peer.broadCidr('0.0.0.0/0', WHY), Port.tcp(443));
    expect(policyOf(s, 'namespace-traffic').metadata.annotations['waiver.cdk8s-hardening.dev/broad-cidr']).toBe(`egress to 0.0.0.0/0: ${WHY}`);
  });

  test('a LoadBalancer open to the internet records its justification on the policy too', () => {
    const s = setup();
    const ns = new IsolatedNamespace(s.chart, 'edge', { name: 'edge', loadBalancers: { count: 1, justification: 'public TCP endpoint for game clients' } });
    const game = new HardenedDeployment(s.chart, 'game', { namespace: ns, image: IMAGE, ports: [{ number: 7777, name: 'game' }] });
    game.exposeViaService({ type: ExternalServiceType.LOAD_BALANCER, sourceRanges: ['0.0.0.0/0', '203.0.113.0/24'], justification: 'public TCP endpoint for game clients' });
    expect(policyOf(s, game.name).metadata.annotations).toEqual({ 'waiver.cdk8s-hardening.dev/broad-cidr': 'ingress from 0.0.0.0/0: public TCP endpoint for game clients' });
  });
});

describe('publicReach and broadCidrProblem', () => {
  test.each<[string, string[], bigint, bigint]>([
    ['10.0.0.0/8', [], BigInt(0), BigInt(0)],
    ['11.0.0.0/8', [], BigInt(2) ** BigInt(24), BigInt(0)],
    ['8.8.8.8/32', [], BigInt(1), BigInt(0)],
    ['::ffff:8.0.0.0/104', [], BigInt(2) ** BigInt(24), BigInt(0)],
    ['2001:db8::/32', [], BigInt(0), BigInt(0)],
    ['2a00::/16', [], BigInt(0), BigInt(2) ** BigInt(112)],
  ])('%s except %j', (cidr, except, ipv4, ipv6) => {
    expect(publicReach(cidr, except)).toEqual({ ipv4, ipv6 });
  });

  test('the internet minus its lower half is the upper half', () => {
    expect(publicReach('0.0.0.0/0', ['0.0.0.0/1', '0.0.0.0/2'])).toEqual(publicReach('128.0.0.0/1'));
  });

  test('excepts nested in another except, repeated, or outside the block count once or not at all', () => {
    const plain = publicReach('0.0.0.0/0', ['128.0.0.0/1'])!;
    expect(publicReach('0.0.0.0/0', ['128.0.0.0/1', '128.0.0.0/1', '128.0.0.0/2', '2001:db8::/32'])).toEqual(plain);
  });

  test('malformed input is not judged (checkCidr refuses it)', () => {
    expect(broadCidrProblem('not a cidr')).toBeUndefined();
    expect(publicReach('10.0.0.0/33')).toBeUndefined();
  });

  test('coveredAddresses and nonPublicIpv4 are still there for the allow-lists', () => {
    expect(coveredAddresses(['0.0.0.0/1', '128.0.0.0/1'])).toEqual({ ipv4: BigInt(2) ** BigInt(32), ipv6: BigInt(0) });
    expect(nonPublicIpv4('10.1.0.0/16')).toBe('private (RFC 1918)');
    expect(nonPublicIpv4('203.0.113.0/24')).toBeUndefined();
  });
});

const TLS = [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }];
const ingressProps = (annotations: Record<string, string>, plaintextJustification?: string): HardenedIngressProps => ({
  className: 'nginx', controller: Peer.ingressController('ingress-nginx'), tls: TLS, annotations, ...(plaintextJustification !== undefined ? { plaintextJustification } : {}),
});

describe('HardenedIngress annotations that serve plain HTTP', () => {
  test.each<[string, Record<string, string>, string]>([
    ['ingress-nginx ssl-redirect off', { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' }, 'annotations["nginx.ingress.kubernetes.io/ssl-redirect"]'],
    ['ingress-nginx force-ssl-redirect off', { 'nginx.ingress.kubernetes.io/force-ssl-redirect': 'False' }, 'annotations["nginx.ingress.kubernetes.io/force-ssl-redirect"]'],
    ['NGINX Inc ssl-redirect off', { 'ingress.kubernetes.io/ssl-redirect': 'false' }, 'annotations["ingress.kubernetes.io/ssl-redirect"]'],
    ['NGINX Inc redirect-to-https off', { 'nginx.org/redirect-to-https': 'false' }, 'annotations["nginx.org/redirect-to-https"]'],
    ['HAProxy ssl-redirect off', { 'haproxy.org/ssl-redirect': 'false' }, 'annotations["haproxy.org/ssl-redirect"]'],
    ['GCE allow-http', { 'kubernetes.io/ingress.allow-http': 'true' }, 'annotations["kubernetes.io/ingress.allow-http"]'],
    ['Application Gateway ssl-redirect off', { 'appgw.ingress.kubernetes.io/ssl-redirect': 'false' }, 'annotations["appgw.ingress.kubernetes.io/ssl-redirect"]'],
    ['an ALB listening on HTTP only', { 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}]' }, 'annotations["alb.ingress.kubernetes.io/listen-ports"]'],
    ['an ALB on HTTP and HTTPS without redirect', { 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}, {"HTTPS": 443}]' }, 'annotations["alb.ingress.kubernetes.io/listen-ports"]'],
    ['Traefik on the web entry point', { 'traefik.ingress.kubernetes.io/router.entrypoints': 'web' }, 'annotations["traefik.ingress.kubernetes.io/router.entrypoints"]'],
    ['Traefik router.tls off', { 'traefik.ingress.kubernetes.io/router.tls': 'false' }, 'annotations["traefik.ingress.kubernetes.io/router.tls"]'],
    ['Kong accepting http', { 'konghq.com/protocols': 'http,https' }, 'annotations["konghq.com/protocols"]'],
  ])('refuses %s without a justification', (_name, annotations, prop) => {
    const s = setup();
    expectRefused(() => new HardenedIngress(s.chart, 'ing', { ...ingressProps(annotations), namespace: s.ns }), 'shop/ing', prop, /clear text|plain HTTP.*Fix: remove the annotation/);
  });

  test.each<[string, Record<string, string>, string | undefined, string, RegExp]>([
    ['a placeholder justification', { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' }, 'legacy', 'plaintextJustification', /at least 10 meaningful/],
    ['a justification with nothing to justify', { 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' }, WHY, 'plaintextJustification', /nothing to justify/],
    ['a forged waiver annotation', { 'waiver.cdk8s-hardening.dev/ingress-plaintext': 'trust me on this one' }, undefined, 'annotations["waiver.cdk8s-hardening.dev/ingress-plaintext"]', /written by the library/],
    ['a forged suppression annotation', { 'suppress.cdk8s-hardening.dev/ingress-tls': 'trust me on this one' }, undefined, 'annotations["suppress.cdk8s-hardening.dev/ingress-tls"]', /written by the library/],
  ])('refuses %s', (_name, annotations, why, prop, problem) => {
    const s = setup();
    expectRefused(() => new HardenedIngress(s.chart, 'ing', { ...ingressProps(annotations, why), namespace: s.ns }), 'shop/ing', prop, problem);
  });

  test.each<[string, Record<string, string>]>([
    ['redirect kept on', { 'nginx.ingress.kubernetes.io/ssl-redirect': 'true', 'nginx.ingress.kubernetes.io/force-ssl-redirect': 'true' }],
    ['unrelated settings', { 'nginx.ingress.kubernetes.io/proxy-body-size': '8m', 'cert-manager.io/cluster-issuer': 'letsencrypt' }],
    ['an ALB on HTTPS only', { 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTPS": 443}]' }],
    ['an ALB redirecting HTTP', { 'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}, {"HTTPS": 443}]', 'alb.ingress.kubernetes.io/ssl-redirect': '443' }],
    ['Traefik on websecure', { 'traefik.ingress.kubernetes.io/router.entrypoints': 'websecure' }],
    ['Traefik on web with router.tls', { 'traefik.ingress.kubernetes.io/router.entrypoints': 'web', 'traefik.ingress.kubernetes.io/router.tls': 'true' }],
    ['Kong on https with a redirect', { 'konghq.com/protocols': 'http,https', 'konghq.com/https-redirect-status-code': '308' }],
    ['Kong on https only', { 'konghq.com/protocols': 'https' }],
    ['GCE without HTTP', { 'kubernetes.io/ingress.allow-http': 'false' }],
  ])('accepts %s', (_name, annotations) => {
    const s = setup();
    const ing = new HardenedIngress(s.chart, 'ing', { ...ingressProps(annotations), namespace: s.ns });
    ing.addRoute('shop.example.com', '/', s.web);
    expect(synthObjects(s.chart).find(o => o.kind === 'Ingress').metadata.annotations).toEqual(annotations);
  });

  test('a justified plain-HTTP annotation is kept and the reason recorded', () => {
    const s = setup();
    const ing = new HardenedIngress(s.chart, 'ing', { ...ingressProps({ 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' }, 'set-top boxes in the field cannot follow redirects'), namespace: s.ns });
    ing.addRoute('shop.example.com', '/', s.web);
    expect(synthObjects(s.chart).find(o => o.kind === 'Ingress').metadata.annotations).toEqual({
      'nginx.ingress.kubernetes.io/ssl-redirect': 'false',
      'waiver.cdk8s-hardening.dev/ingress-plaintext': 'nginx.ingress.kubernetes.io/ssl-redirect: set-top boxes in the field cannot follow redirects',
    });
  });

  test('YAML booleans read like the strings the controller reads', () => {
    expect(plaintextAnnotations({ 'nginx.ingress.kubernetes.io/ssl-redirect': false as unknown as string }).map(p => p.key)).toEqual(['nginx.ingress.kubernetes.io/ssl-redirect']);
    expect(plaintextAnnotations({ 'alb.ingress.kubernetes.io/listen-ports': 'not json' })).toEqual([]);
  });
});
