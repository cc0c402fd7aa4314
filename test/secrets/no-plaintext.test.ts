/**
 * Done-when of the encrypted secret references: an app that uses every mechanism synthesizes YAML in which `grep`
 * finds none of the plaintext values the test knows, and every object validates against its schema.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Chart, Duration } from 'cdk8s';
import {
  ClusterSecretStore, CsiSecretProvider, EncryptionConfiguration, ExternalSecret, HardenedDeployment, HardenedJob, HardeningAudit,
  LeastPrivilegeServiceAccount, SealedSecret, SecretMount, SecretProviderClass, SecretStore, SecretStoreProvider, VaultAuth, WorkloadIdentity,
} from '../../src';
import { appWithDefaults, expectHardened, IMAGE, schemaErrors, synthObjects } from '../harness';
import { API_KEY, AZURE_CLIENT, AZURE_TENANT, DB_PASSWORD, GSA, IRSA_ROLE, PLAINTEXTS, seal, unseal } from './fixtures';

const CUSTOM_KINDS = ['ExternalSecret', 'SecretStore', 'ClusterSecretStore', 'SealedSecret', 'SecretProviderClass'];

function shopApp() {
  const app = appWithDefaults();
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const irsa = WorkloadIdentity.awsIrsa(IRSA_ROLE);

  // External Secrets Operator, one store per provider.
  const aws = new SecretStore(chart, 'aws', { name: 'aws', provider: SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1', identity: irsa }) });
  const ssm = new SecretStore(chart, 'ssm', { name: 'ssm', provider: SecretStoreProvider.awsParameterStore({ region: 'eu-west-1', identity: irsa }) });
  const gcp = new SecretStore(chart, 'gcp', { name: 'gcp', provider: SecretStoreProvider.googleSecretManager({ projectId: 'payments-prod', identity: WorkloadIdentity.gke(GSA) }) });
  const azure = new SecretStore(chart, 'azure', { name: 'azure', provider: SecretStoreProvider.azureKeyVault({ vaultUrl: 'https://shop-kv.vault.azure.net', identity: WorkloadIdentity.azure(AZURE_CLIENT, AZURE_TENANT) }) });
  const vault = new ClusterSecretStore(chart, 'vault', {
    name: 'vault',
    namespaces: ['shop'],
    serviceAccountNamespace: 'external-secrets',
    provider: SecretStoreProvider.vault({ server: 'https://vault.example.com:8200', path: 'secret', auth: VaultAuth.kubernetes({ role: 'shop' }) }),
  });
  const db = new ExternalSecret(chart, 'db', { name: 'db', store: aws, data: [{ secretKey: 'password', remoteKey: 'prod/shop/db', property: 'password' }] });
  const apiKeys = new ExternalSecret(chart, 'api-keys', {
    name: 'api-keys',
    store: vault,
    refreshInterval: Duration.minutes(15),
    data: [{ secretKey: 'payments', remoteKey: 'shop/api-keys', property: 'payments' }, { secretKey: 'search', remoteKey: 'shop/api-keys', property: 'search' }],
  });
  const flags = new ExternalSecret(chart, 'flags', { name: 'flags', store: ssm, extract: [{ remoteKey: '/shop/flags' }] });
  const gcpKey = new ExternalSecret(chart, 'gcp-key', { name: 'gcp-key', store: gcp, data: [{ secretKey: 'key', remoteKey: 'shop-api-key' }] });
  const azureKey = new ExternalSecret(chart, 'azure-key', { name: 'azure-key', store: azure, data: [{ secretKey: 'key', remoteKey: 'shop-api-key' }] });

  // Sealed Secrets: the test seals the values itself, as kubeseal would.
  const sealed = new SealedSecret(chart, 'sealed', { name: 'legacy-db', encryptedData: { 'password': seal(DB_PASSWORD, 'shop/legacy-db'), 'api-key': seal(API_KEY, 'shop/legacy-db') } });

  // Secrets Store CSI Driver: the pod's own identity fetches the values at start.
  const csi = new SecretProviderClass(chart, 'csi', {
    name: 'api-csi',
    provider: CsiSecretProvider.awsSecretsManager({ region: 'eu-west-1', objects: [{ remoteKey: 'prod/shop/api-key', fileName: 'api-key' }, { remoteKey: 'prod/shop/db', fileName: 'db-password', property: 'password' }] }),
  });
  const apiSa = new LeastPrivilegeServiceAccount(chart, 'api-sa', { name: 'api', workloadIdentity: irsa });

  new HardenedDeployment(chart, 'api', {
    name: 'api',
    image: IMAGE,
    port: 8080,
    serviceAccount: apiSa,
    secrets: [
      SecretMount.fromSecret(db, { mountPath: '/run/secrets/db' }),
      SecretMount.fromSecret(apiKeys, { mountPath: '/run/secrets/api-keys', items: [{ key: 'payments' }] }),
      SecretMount.fromSecretProviderClass(csi, { mountPath: '/run/secrets/csi' }),
      SecretMount.fromSecret(gcpKey, { mountPath: '/run/secrets/gcp' }),
      SecretMount.fromSecret(azureKey, { mountPath: '/run/secrets/azure' }),
      SecretMount.fromSecret(flags, { mountPath: '/run/secrets/flags' }),
    ],
  });
  new HardenedJob(chart, 'migrate', { name: 'migrate', image: IMAGE, secrets: [SecretMount.fromSecret(sealed, { mountPath: '/run/secrets/db' })] });
  new EncryptionConfiguration(chart, 'encryption', { kmsPluginName: 'aws-kms', kmsEndpoint: 'unix:///var/run/kmsplugin/socket.sock' });
  return { app, chart };
}

/** `grep -r -F -l` over the synthesized output: the files that contain `text`. */
function grep(dir: string, text: string): string[] {
  const result = spawnSync('grep', ['-r', '-F', '-l', '--', text, dir], { encoding: 'utf8' });
  if (result.status === 2) throw new Error(result.stderr);
  return result.stdout.split('\n').filter(Boolean);
}

describe('an app using every mechanism', () => {
  const { app } = shopApp();
  // Validations (the plaintext guard, the ExternalSecret checks) run here: synthesis must succeed.
  app.synth();
  const objects = synthObjects(app);

  test('writes manifests and the EncryptionConfiguration file', () => {
    expect(fs.readdirSync(app.outdir).sort()).toEqual(['encryption-configuration.yaml', 'shop.k8s.yaml']);
    expect(objects.map(o => o.kind)).toEqual(expect.arrayContaining([...CUSTOM_KINDS, 'Deployment', 'Job']));
  });

  test('grep of the synthesized YAML finds none of the plaintext values, nor their base64', () => {
    // grep does find what is there: the references.
    expect(grep(app.outdir, 'prod/shop/db')).toEqual([path.join(app.outdir, 'shop.k8s.yaml')]);
    for (const value of PLAINTEXTS) {
      expect(grep(app.outdir, value)).toEqual([]);
      expect(grep(app.outdir, Buffer.from(value).toString('base64'))).toEqual([]);
    }
  });

  test('the values are really in the app, sealed', () => {
    const sealed = objects.find(o => o.kind === 'SealedSecret');
    expect(unseal(sealed.spec.encryptedData.password, 'shop/legacy-db')).toBe(DB_PASSWORD);
    expect(unseal(sealed.spec.encryptedData['api-key'], 'shop/legacy-db')).toBe(API_KEY);
  });

  test('every custom object validates against its CRD schema; the Kubernetes objects are schema-valid and PSS restricted', () => {
    expect(schemaErrors(objects)).toEqual([]);
    expectHardened(objects.filter(o => !CUSTOM_KINDS.includes(o.kind)));
  });

  test('no Secret object, no secret in the environment, and a clean audit', () => {
    expect(objects.filter(o => o.kind === 'Secret')).toEqual([]);
    expect(JSON.stringify(objects)).not.toMatch(/secretKeyRef|envFrom/);
    expect(HardeningAudit.of(app).findings.filter(f => !f.suppressed).map(f => `${f.ruleId} ${f.object.kind}/${f.object.name}: ${f.message}`)).toEqual([]);
  });
});
