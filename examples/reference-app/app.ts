/**
 * The reference application: a three-tier shop written only with cdk8s-hardening.
 *
 * - namespaces frontend, backend and data, each an IsolatedNamespace (default deny, PSA restricted, quotas);
 * - a web front end reachable only through a TLS Ingress from the ingress controller's namespace;
 * - an API that reaches the database and one external payment network, running as a least-privilege
 *   ServiceAccount that may read one ConfigMap;
 * - PostgreSQL as a StatefulSet with a persistent volume, its password from AWS Secrets Manager (External Secrets);
 * - a backup CronJob whose only egress is the database and the object-store endpoint;
 * - cluster guardrails: admission policies, image signatures, an audit policy and runtime rules.
 */
import { ApiObject, App, Chart, Duration, Size } from 'cdk8s';
import {
  ApiResource,
  Cpu,
  EnvValue,
  ExternalSecret,
  GuardrailsChart,
  HardenedCronJob,
  HardenedDeployment,
  HardenedStatefulSet,
  HardeningDefaults,
  ImageVerification,
  IsolatedNamespace,
  Peer,
  Port,
  Probe,
  SecretMount,
  SecretStore,
  SecretStoreProvider,
  TeamMember,
  ValidationAction,
  Waiver,
  WorkloadIdentity,
} from 'cdk8s-hardening';

export const REGISTRY = 'registry.example.com';
/** Digest-pinned images of the shop (the digests are placeholders of the right shape for the example). */
const image = (name: string, hex: string) => `${REGISTRY}/shop/${name}@sha256:${hex.repeat(64 / hex.length)}`;

/** The payment provider's API network, the one external network the API may call. */
export const PAYMENTS_NETWORK = '203.0.113.0/24';
/** The object store (S3-compatible) endpoint network the backups go to. */
export const OBJECT_STORE_NETWORK = '198.51.100.0/24';

/** IAM roles the External Secrets stores assume (IRSA); each may read only its namespace's secrets. */
const secretsRole = (namespace: string) => `arn:aws:iam::123456789012:role/shop-${namespace}-secrets`;
/** Stores of one namespace: AWS Secrets Manager, reached with the namespace's own IRSA role. */
const awsSecrets = (chart: Chart, namespace: string) => new SecretStore(chart, 'secret-store', {
  name: 'aws-secrets',
  namespace,
  provider: SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1', identity: WorkloadIdentity.awsIrsa(secretsRole(namespace)) }),
});

export interface ReferenceApp {
  readonly app: App;
  /** The charts holding the application (everything but the guardrails), e.g. to deploy onto a cluster. */
  readonly appCharts: Chart[];
  readonly guardrails: GuardrailsChart;
}

export function buildReferenceApp(app: App = new App()): ReferenceApp {
  HardeningDefaults.set(app, {
    resources: {
      cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) },
      memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
    },
    imagePolicy: { allowedRegistries: [REGISTRY], requireDigest: true },
  });

  // Namespaces first: charts are emitted in creation order, so each Namespace precedes its workloads.
  const namespaces = new Chart(app, 'namespaces', { disableResourceNameHashes: true });
  const team = {
    viewers: [TeamMember.group('shop-developers')],
    editors: [TeamMember.group('shop-maintainers')],
    admins: [TeamMember.group('shop-leads')],
  };
  const frontend = new IsolatedNamespace(namespaces, 'frontend', { name: 'frontend', team });
  const backend = new IsolatedNamespace(namespaces, 'backend', { name: 'backend', team });
  const data = new IsolatedNamespace(namespaces, 'data', {
    name: 'data',
    team,
    // Customer data lives on dedicated nodes, never next to the public front end.
    complianceZone: { name: 'restricted-data' },
  });
  frontend.shareViewWith(backend, data);

  const frontendChart = new Chart(app, 'frontend', { disableResourceNameHashes: true });
  const web = new HardenedDeployment(frontendChart, 'web', {
    namespace: frontend,
    name: 'web',
    component: 'frontend',
    partOf: 'shop',
    image: image('web', 'a1'),
    ports: [{ number: 8443, name: 'https' }],
    readiness: Probe.fromHttpGet('/healthz', { port: 8443 }),
    writablePaths: [{ path: '/tmp' }, { path: '/var/cache/nginx', sizeLimit: Size.mebibytes(256) }, { path: '/var/run', sizeLimit: Size.mebibytes(1) }],
    replicas: 3,
  });
  web.exposeViaIngress({
    host: 'shop.example.com',
    className: 'nginx',
    controller: Peer.ingressController('ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx' }),
    tlsSecretName: 'shop-example-com-tls',
  });

  const backendChart = new Chart(app, 'backend', { disableResourceNameHashes: true });
  const settings = new ApiObject(backendChart, 'settings', {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'api-settings', namespace: 'backend' },
    data: { 'feature-flags.json': '{"newCheckout": true}' },
  });
  // The payment provider's API key lives in Secrets Manager; the manifests only name it.
  const paymentsKey = new ExternalSecret(backendChart, 'payments-key', {
    name: 'payments-api-key',
    namespace: 'backend',
    store: awsSecrets(backendChart, 'backend'),
    data: [{ secretKey: 'api-key', remoteKey: 'shop/payments', property: 'apiKey' }],
  });
  const api = new HardenedDeployment(backendChart, 'api', {
    namespace: backend,
    name: 'api',
    component: 'api',
    partOf: 'shop',
    image: image('api', '3f'),
    port: 8080,
    readiness: Probe.fromHttpGet('/ready'),
    liveness: Probe.fromHttpGet('/live', { period: Duration.seconds(20) }),
    // The API watches its settings ConfigMap through the Kubernetes API with a short-lived token.
    apiAccess: {},
    secrets: [SecretMount.fromSecret(paymentsKey, { mountPath: '/run/secrets/payments' })],
    env: { PAYMENTS_API_KEY_FILE: EnvValue.fromValue('/run/secrets/payments/api-key') },
    replicas: 3,
  });
  api.serviceAccount!.grantRead(ApiResource.fromApiObject(settings));

  const dataChart = new Chart(app, 'data', { disableResourceNameHashes: true });
  const dbCredentials = new ExternalSecret(dataChart, 'db-credentials', {
    name: 'postgres-credentials',
    namespace: 'data',
    store: awsSecrets(dataChart, 'data'),
    data: [{ secretKey: 'password', remoteKey: 'shop/database', property: 'password' }],
  });
  const postgres = new HardenedStatefulSet(dataChart, 'postgres', {
    namespace: data,
    name: 'postgres',
    component: 'database',
    partOf: 'shop',
    image: image('postgres', '5d'),
    port: 5432,
    replicas: 1,
    waivers: [Waiver.singleReplica('single-primary PostgreSQL; availability comes from the nightly backup and the restore runbook (OPS-7)')],
    resources: {
      cpu: { request: Cpu.millis(500), limit: Cpu.units(2) },
      memory: { request: Size.gibibytes(1), limit: Size.gibibytes(2) },
    },
    volumeClaims: [{ name: 'pgdata', mountPath: '/var/lib/postgresql/data', storage: Size.gibibytes(50), storageClassName: 'encrypted-gp3' }],
    writablePaths: [{ path: '/tmp' }, { path: '/var/run/postgresql', sizeLimit: Size.mebibytes(1) }],
    readiness: Probe.fromCommand(['pg_isready', '-U', 'shop']),
    // The official image reads the password from a file: it never passes through the environment.
    secrets: [SecretMount.fromSecret(dbCredentials, { mountPath: '/run/secrets/db' })],
    env: { POSTGRES_PASSWORD_FILE: EnvValue.fromValue('/run/secrets/db/password') },
  });
  const backup = new HardenedCronJob(dataChart, 'backup', {
    namespace: data,
    name: 'postgres-backup',
    component: 'backup',
    partOf: 'shop',
    image: image('pg-backup', '9b'),
    schedule: '30 2 * * *',
    timeZone: 'Etc/UTC',
    activeDeadline: Duration.hours(2),
    secrets: [SecretMount.fromSecret(dbCredentials, { mountPath: '/run/secrets/db' })],
    env: { PGPASSFILE: EnvValue.fromValue('/run/secrets/db/password') },
  });

  // Who talks to whom. Each declaration emits the egress rule on the source and the ingress rule on the destination.
  api.allowFrom(web);
  api.allowTo(postgres);
  api.allowTo(Peer.cidr(PAYMENTS_NETWORK), Port.tcp(443));
  backup.allowTo(postgres);
  backup.allowTo(Peer.cidr(OBJECT_STORE_NETWORK), Port.tcp(443));

  const guardrails = new GuardrailsChart(app, 'guardrails', {
    admission: {
      kubernetesVersion: '1.31',
      validationActions: [ValidationAction.DENY],
      allowedRegistries: [REGISTRY],
      requireDigests: true,
      exposureNamespaces: ['ingress-nginx'],
      namespaces: [frontend, backend, data],
    },
    kyverno: {
      imageReferences: [`${REGISTRY}/shop/*`],
      verifications: [
        ImageVerification.keyless({
          issuer: 'https://token.actions.githubusercontent.com',
          subjectRegExp: '^https://github\\.com/example-shop/.+@refs/tags/v.*$',
        }),
      ],
      namespaces: [frontend, backend, data],
    },
    audit: {},
    falco: { workloads: [web, api, postgres, backup] },
  });

  return { app, appCharts: [namespaces, frontendChart, backendChart, dataChart], guardrails };
}
