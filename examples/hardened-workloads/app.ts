import { App, Chart, Duration, Size } from 'cdk8s';
import {
  Cpu,
  EnvValue,
  HardenedCronJob,
  HardenedDeployment,
  HardenedJob,
  HardenedStatefulSet,
  HardeningDefaults,
  Probe,
  Waiver,
} from 'cdk8s-hardening';

const REGISTRY = 'registry.example.com';
const digest = (name: string, hex: string) => `${REGISTRY}/shop/${name}@sha256:${hex.repeat(64 / hex.length)}`;

/** A small shop: an API, a web front end, a cache, a migration Job and a nightly report. */
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

  new HardenedDeployment(chart, 'api', {
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

  new HardenedDeployment(chart, 'web', {
    name: 'web',
    component: 'frontend',
    partOf: 'shop',
    image: digest('web', 'a1'),
    ports: [{ number: 8443, name: 'https' }],
    readiness: Probe.fromHttpGet('/', { scheme: undefined }),
    // nginx keeps its cache and pid file outside /tmp.
    writablePaths: [{ path: '/tmp' }, { path: '/var/cache/nginx', sizeLimit: Size.mebibytes(256) }, { path: '/var/run', sizeLimit: Size.mebibytes(1) }],
  });

  new HardenedStatefulSet(chart, 'cache', {
    name: 'cache',
    component: 'cache',
    partOf: 'shop',
    image: digest('valkey', '7c'),
    port: 6379,
    resources: { memory: { request: Size.mebibytes(512), limit: Size.mebibytes(512) } },
    volumeClaims: [{ name: 'data', mountPath: '/data', storage: Size.gibibytes(5) }],
    readiness: Probe.fromCommand(['valkey-cli', 'ping']),
  });

  new HardenedJob(chart, 'migrate', {
    name: 'migrate',
    component: 'migration',
    partOf: 'shop',
    image: digest('api', '3f'),
    args: ['migrate', '--to', 'head'],
    activeDeadline: Duration.minutes(15),
  });

  new HardenedCronJob(chart, 'report', {
    name: 'nightly-report',
    component: 'report',
    partOf: 'shop',
    image: digest('reporter', 'e9'),
    schedule: '15 3 * * *',
    timeZone: 'Etc/UTC',
    waivers: [Waiver.noCpuLimit('report generation is bursty and runs off-peak; throttling doubles its run time')],
    resources: { cpu: { request: Cpu.millis(200) } },
  });

  return app;
}
