import { App, Chart, Duration, Size } from 'cdk8s';
import {
  Cpu,
  EnvValue,
  HardenedCronJob,
  HardenedDeployment,
  HardenedJob,
  HardenedStatefulSet,
  HardeningDefaults,
  IsolatedNamespace,
  Peer,
  Port,
  Probe,
  TeamMember,
  Waiver,
} from 'cdk8s-hardening';

const REGISTRY = 'registry.example.com';
const digest = (name: string, hex: string) => `${REGISTRY}/shop/${name}@sha256:${hex.repeat(64 / hex.length)}`;

/** The shop's database runs outside the cluster, in this network. */
const DATABASE_NETWORK = '10.20.0.0/16';

/**
 * A small shop: an API, a web front end, a cache, a migration Job and a nightly report, in an isolated
 * namespace where only the declared traffic flows.
 */
export function buildApp(app: App = new App()): App {
  // The platform team sets these once; every workload below inherits them.
  HardeningDefaults.set(app, {
    resources: {
      cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) },
      memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
    },
    imagePolicy: { allowedRegistries: [REGISTRY], requireDigest: true },
  });

  const chart = new Chart(app, 'shop', { namespace: 'shop', disableResourceNameHashes: true });

  // Created first in the chart, so the Namespace and its default deny are emitted before the workloads.
  const shop = new IsolatedNamespace(chart, 'namespace', {
    name: 'shop',
    team: {
      viewers: [TeamMember.group('shop-developers')],
      editors: [TeamMember.group('shop-maintainers')],
      admins: [TeamMember.group('shop-leads')],
    },
  });

  const api = new HardenedDeployment(chart, 'api', {
    namespace: shop,
    name: 'api',
    component: 'api',
    partOf: 'shop',
    image: digest('api', '3f'),
    port: 8080,
    readiness: Probe.fromHttpGet('/ready'),
    liveness: Probe.fromHttpGet('/live', { period: Duration.seconds(20) }),
    env: {
      LOG_LEVEL: EnvValue.fromValue('info'),
      POD_NAME: EnvValue.fromFieldPath('metadata.name'),
    },
    replicas: 3,
  });

  const web = new HardenedDeployment(chart, 'web', {
    namespace: shop,
    name: 'web',
    component: 'frontend',
    partOf: 'shop',
    image: digest('web', 'a1'),
    ports: [{ number: 8443, name: 'https' }],
    readiness: Probe.fromHttpGet('/', { scheme: undefined }),
    // nginx keeps its cache and pid file outside /tmp.
    writablePaths: [{ path: '/tmp' }, { path: '/var/cache/nginx', sizeLimit: Size.mebibytes(256) }, { path: '/var/run', sizeLimit: Size.mebibytes(1) }],
  });

  const cache = new HardenedStatefulSet(chart, 'cache', {
    namespace: shop,
    name: 'cache',
    component: 'cache',
    partOf: 'shop',
    image: digest('valkey', '7c'),
    port: 6379,
    resources: { memory: { request: Size.mebibytes(512), limit: Size.mebibytes(512) } },
    volumeClaims: [{ name: 'data', mountPath: '/data', storage: Size.gibibytes(5) }],
    readiness: Probe.fromCommand(['valkey-cli', 'ping']),
  });

  const migrate = new HardenedJob(chart, 'migrate', {
    namespace: shop,
    name: 'migrate',
    component: 'migration',
    partOf: 'shop',
    image: digest('api', '3f'),
    args: ['migrate', '--to', 'head'],
    activeDeadline: Duration.minutes(15),
  });

  const report = new HardenedCronJob(chart, 'report', {
    namespace: shop,
    name: 'nightly-report',
    component: 'report',
    partOf: 'shop',
    image: digest('reporter', 'e9'),
    schedule: '15 3 * * *',
    timeZone: 'Etc/UTC',
    waivers: [Waiver.noCpuLimit('report generation is bursty and runs off-peak; throttling doubles its run time')],
    resources: { cpu: { request: Cpu.millis(200) } },
  });

  // Who talks to whom; each declaration emits the egress rule on the source and the ingress rule on the destination.
  web.exposeViaIngress({
    host: 'shop.example.com',
    className: 'nginx',
    controller: Peer.ingressController('ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx' }),
    tlsSecretName: 'shop-example-com-tls',
  });
  api.allowFrom(web);
  api.allowTo(cache);
  api.allowFrom(report, Port.tcp(8080));
  api.allowTo(Peer.cidr(DATABASE_NETWORK), Port.tcp(5432));
  migrate.allowTo(Peer.cidr(DATABASE_NETWORK), Port.tcp(5432));

  return app;
}
