import { Chart, Duration, Testing } from 'cdk8s';
import { AZURE_CLIENT, AZURE_TENANT, DB_PASSWORD, GSA, IRSA_ROLE, seal, shopChart } from './fixtures';
import {
  ClusterSecretStore, ClusterSecretStoreProps, CsiSecretObject, CsiSecretProvider, EncryptionConfiguration, EncryptionConfigurationProps, EnvValue,
  ExternalSecret, ExternalSecretProps, HardenedDeployment, HardenedDeploymentProps, LeastPrivilegeServiceAccount, SealedSecret, SealedSecretProps,
  SealingScope, SecretMount, SecretProviderClass, SecretReference, SecretStore, SecretStoreProvider, TargetCreationPolicy, TargetDeletionPolicy,
  VaultAuth, WorkloadIdentity,
} from '../../src';
import { IMAGE, expectRefused } from '../harness';

const irsa = WorkloadIdentity.awsIrsa(IRSA_ROLE);
const aws = (options: object = {}) => SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1', identity: irsa, ...options } as any);
const vault = (options: object = {}) => SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret', auth: VaultAuth.kubernetes({ role: 'shop' }), ...options } as any);
// Never echoed by any refusal below.
const AWS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const RANDOM_TOKEN = 'Zk9xR2VtN3BLcTFzV0x4dVk4bU5vQjJjRHZBZTVpVGg';

describe('SecretStore and ClusterSecretStore refuse', () => {
  test.each<[string, () => SecretStoreProvider | undefined, string, RegExp]>([
    ['no provider', () => undefined, 'provider', /no provider is given/],
    ['an unknown AWS region', () => aws({ region: 'europe' }), 'provider.region', /"europe" is not an AWS region/],
    ['an unknown provider option', () => aws({ regoin: 'eu-west-1' }), 'provider', /unknown option "regoin"/],
    ['an AWS store without identity', () => aws({ identity: undefined }), 'provider.identity', /no workload identity.*operator's own \(shared\) credentials/],
    ['a GKE identity for AWS', () => aws({ identity: WorkloadIdentity.gke(GSA) }), 'provider.identity', /workload identity GKE cannot authenticate/],
    ['EKS Pod Identity for a store', () => aws({ identity: WorkloadIdentity.awsPodIdentity() }), 'provider.identity', /only through IRSA/],
    ['Vault over http', () => vault({ server: 'http://vault.example.com:8200' }), 'provider.server', /not an https URL/],
    ['a Vault URL with a password', () => vault({ server: 'https://admin:hunter2@vault.example.com' }), 'provider.server', /without credentials/],
    ['a malformed Vault path', () => vault({ path: '/secret/' }), 'provider.path', /not the mount path of a KV secrets engine/],
    ['an unknown KV version', () => vault({ version: 'v3' }), 'provider.version', /not a KV engine version/],
    ['Vault without a login method', () => vault({ auth: undefined }), 'provider.auth', /no Vault login method/],
    ['a malformed Vault role', () => vault({ auth: VaultAuth.kubernetes({ role: 'shop role' }) }), 'provider.auth.role', /not a Vault role name/],
    ['an unknown Vault auth option', () => vault({ auth: VaultAuth.kubernetes({ role: 'shop', mount: 'k8s' } as any) }), 'provider.auth', /unknown option "mount"/],
    ['JWT login without audiences', () => vault({ auth: VaultAuth.jwt({ role: 'shop', audiences: [] }) }), 'provider.auth.audiences', /one or more audiences/],
    ['a malformed Google project', () => SecretStoreProvider.googleSecretManager({ projectId: 'P', identity: WorkloadIdentity.gke(GSA) }), 'provider.projectId', /not a Google Cloud project id/],
    ['an Azure vault over http', () => SecretStoreProvider.azureKeyVault({ vaultUrl: 'http://kv.vault.azure.net', identity: WorkloadIdentity.azure(AZURE_CLIENT) }), 'provider.vaultUrl', /not an https URL/],
    ['an AWS identity for Azure', () => SecretStoreProvider.azureKeyVault({ vaultUrl: 'https://kv.vault.azure.net', identity: irsa }), 'provider.identity', /workload identity AWS_IRSA cannot/],
  ])('%s', (_, provider, prop, problem) => {
    expectRefused(() => new SecretStore(shopChart(), 'store', { provider: provider()! }), 'shop/store', prop, problem);
  });

  test.each<[string, Partial<ClusterSecretStoreProps>, string, RegExp]>([
    ['no namespaces (it would serve all)', { namespaces: [] }, 'namespaces', /serves every namespace/],
    ['a namespace twice', { namespaces: ['shop', 'shop'] }, 'namespaces[1]', /listed twice/],
    ['an invalid namespace', { namespaces: ['Shop'] }, 'namespaces[0]', /DNS-1123/],
    ['an invalid ServiceAccount namespace', { serviceAccountNamespace: 'External_Secrets' }, 'serviceAccountNamespace', /DNS-1123/],
  ])('ClusterSecretStore: %s', (_, props, prop, problem) => {
    expectRefused(() => new ClusterSecretStore(shopChart(), 'store', { provider: aws(), namespaces: ['shop'], serviceAccountNamespace: 'external-secrets', ...props }),
      'shop/store', prop, problem);
  });
});

describe('ExternalSecret refuses', () => {
  const vaultStore = (chart: Chart) => new SecretStore(chart, 'vault', { provider: vault() });
  const DATA = [{ secretKey: 'password', remoteKey: 'shop/db', property: 'password' }];
  test.each<[string, (chart: Chart) => Partial<ExternalSecretProps>, string, RegExp]>([
    ['a missing store reference', () => ({ store: undefined }), 'store', /no secret store is referenced/],
    ['a SecretStore of another namespace', () => ({ store: SecretStore.fromStoreName('aws', 'billing') }), 'store', /in namespace "billing".*own namespace \("shop"\)/],
    ['a ClusterSecretStore not serving the namespace', () => ({ store: ClusterSecretStore.fromStoreName('shared', ['billing']) }), 'store', /serves "billing", not "shop"/],
    ['an invalid store name', () => ({ store: SecretStore.fromStoreName('My Store') }), 'store.storeName', /DNS-1123 subdomain/],
    ['nothing to read', () => ({ data: [] }), 'data', /no value is read/],
    ['a Vault key without property (a JSON map as the file of one key)', c => ({ store: vaultStore(c), data: [{ secretKey: 'password', remoteKey: 'shop/db' }] }), 'data[0].property',
      /HashiCorp Vault secret is a map of fields.*JSON of all of them/],
    ['a value where its name belongs (AWS key id)', () => ({ data: [{ secretKey: 'k', remoteKey: AWS_KEY_ID }] }), 'data[0].remoteKey', /looks like an AWS access key id/],
    ['a random token as property', () => ({ data: [{ secretKey: 'k', remoteKey: 'shop/db', property: RANDOM_TOKEN }] }), 'data[0].property', /looks like a random token/],
    ['an empty remote key', () => ({ data: [{ secretKey: 'k', remoteKey: ' ' }] }), 'data[0].remoteKey', /missing, empty/],
    ['an invalid Secret key', () => ({ data: [{ secretKey: 'db password', remoteKey: 'shop/db' }] }), 'data[0].secretKey', /not a Secret key/],
    ['a Secret key twice', () => ({ data: [...DATA, ...DATA] }), 'data[1].secretKey', /given twice/],
    ['an unknown data option', () => ({ data: [{ secretKey: 'k', remoteKey: 'shop/db', remote_property: 'x' } as any] }), 'data[0]', /unknown option "remote_property"/],
    ['an empty extract key', () => ({ data: undefined, extract: [{ remoteKey: '' }] }), 'extract[0].remoteKey', /missing, empty/],
    ['a refresh under a minute', () => ({ refreshInterval: Duration.seconds(30) }), 'refreshInterval', /at least one minute/],
    ['deleting a merged Secret', () => ({ creationPolicy: TargetCreationPolicy.MERGE, deletionPolicy: TargetDeletionPolicy.DELETE }), 'deletionPolicy', /does not own/],
    ['an invalid Secret name', () => ({ secretName: 'DB' }), 'secretName', /DNS-1123/],
  ])('%s', (_, props, prop, problem) => {
    const chart = shopChart();
    const message = expectRefused(() => new ExternalSecret(chart, 'db', { store: SecretStore.fromStoreName('aws'), data: DATA, ...props(chart) }), 'shop/db', prop, problem);
    expect(message).not.toContain(AWS_KEY_ID);
    expect(message).not.toContain(RANDOM_TOKEN);
  });
});

describe('SealedSecret refuses', () => {
  test.each<[string, Partial<SealedSecretProps>, string, RegExp]>([
    ['plaintext as ciphertext', { encryptedData: { password: DB_PASSWORD } }, 'encryptedData["password"]', /not base64 ciphertext: it looks like plaintext/],
    ['plaintext merely base64-encoded', { encryptedData: { password: Buffer.from(DB_PASSWORD).toString('base64') } }, 'encryptedData["password"]', /base64 but not sealed/],
    ['a long base64 text that is not sealed', { encryptedData: { password: Buffer.from(DB_PASSWORD.repeat(40)).toString('base64') } }, 'encryptedData["password"]', /base64 but not sealed/],
    ['no values', { encryptedData: {} }, 'encryptedData', /no sealed value/],
    ['an invalid key', { encryptedData: { 'db password': seal('x', 'shop/db') } }, 'encryptedData["db password"]', /not a Secret key/],
    ['an invalid Secret type', { secretType: 'my type' }, 'secretType', /not a Secret type/],
    ['an invalid label', { secretLabels: { team: 'shop team' } }, 'secretLabels["team"]', /not a valid label value/],
  ])('%s', (_, props, prop, problem) => {
    const message = expectRefused(() => new SealedSecret(shopChart(), 'db', { encryptedData: { password: seal('x', 'shop/db') }, ...props }), 'shop/db', prop, problem);
    expect(message).not.toContain(DB_PASSWORD);
    expect(message).not.toContain(Buffer.from(DB_PASSWORD).toString('base64'));
  });

  test('a cluster-wide scope without a real justification', () => {
    expect(() => SealingScope.clusterWide('because')).toThrow(/a justification needs at least 10 meaningful characters.*Fix: \S/);
  });
});

describe('SecretProviderClass refuses', () => {
  const OBJECT: CsiSecretObject = { remoteKey: 'shop/db', fileName: 'db-password', property: 'password' };
  const csiVault = (objects: CsiSecretObject[], address = 'https://vault.example.com') => CsiSecretProvider.vault({ address, role: 'shop', objects });
  const azure = (objects: CsiSecretObject[], identity = WorkloadIdentity.azure(AZURE_CLIENT)) => CsiSecretProvider.azureKeyVault({ keyVaultName: 'shop-kv', identity, objects });
  test.each<[string, () => CsiSecretProvider | undefined, string, RegExp]>([
    ['no provider', () => undefined, 'provider', /no provider is given/],
    ['no objects', () => csiVault([]), 'provider.objects', /no value is mounted/],
    ['a file name twice', () => csiVault([OBJECT, OBJECT]), 'provider.objects[1].fileName', /written twice/],
    ['a file name with a path', () => csiVault([{ ...OBJECT, fileName: '../db' }]), 'provider.objects[0].fileName', /not a plain file name/],
    ['a Vault object without property', () => csiVault([{ remoteKey: 'secret/data/shop/db', fileName: 'db' }]), 'provider.objects[0].property', /map of fields/],
    ['a Vault object with a version', () => csiVault([{ ...OBJECT, version: '2' }]), 'provider.objects[0].version', /not supported/],
    ['Vault over http', () => csiVault([OBJECT], 'http://vault:8200'), 'provider.address', /not an https URL/],
    ['an Azure property', () => azure([OBJECT], WorkloadIdentity.azure(AZURE_CLIENT, AZURE_TENANT)), 'provider.objects[0].property', /no fields to select/],
    ['Azure without a tenant', () => azure([{ remoteKey: 'db', fileName: 'db' }]), 'provider.tenantId', /not a tenant id/],
    ['Azure with a GKE identity', () => azure([{ remoteKey: 'db', fileName: 'db' }], WorkloadIdentity.gke(GSA)), 'provider.identity', /Azure Workload Identity only/],
    ['a Google secret that is not a resource name', () => CsiSecretProvider.googleSecretManager({ objects: [{ remoteKey: 'db-password', fileName: 'db' }] }), 'provider.objects[0].remoteKey',
      /not a Google secret resource name/],
    ['an unknown AWS option', () => CsiSecretProvider.awsSecretsManager({ region: 'eu-west-1', objects: [OBJECT], objectType: 'secretsmanager' } as any), 'provider', /unknown option "objectType"/],
    ['a JWT where the secret name belongs', () => CsiSecretProvider.awsSecretsManager({ region: 'eu-west-1', objects: [{ remoteKey: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzaG9wIn0.c2lnbmF0dXJl', fileName: 'x' }] }),
      'provider.objects[0].remoteKey', /looks like a JSON Web Token/],
  ])('%s', (_, provider, prop, problem) => {
    expectRefused(() => new SecretProviderClass(shopChart(), 'spc', { provider: provider()! }), 'shop/spc', prop, problem);
  });
});

describe('hardened workloads refuse', () => {
  function deploy(props: (chart: Chart) => Partial<HardenedDeploymentProps>) {
    return () => {
      const chart = shopChart();
      return new HardenedDeployment(chart, 'api', { image: IMAGE, port: 8080, ...props(chart) });
    };
  }
  const db = (chart: Chart, namespace?: string) => new ExternalSecret(chart, 'db', { namespace, store: ClusterSecretStore.fromStoreName('shared'), data: [{ secretKey: 'password', remoteKey: 'shop/db' }] });
  const awsCsi = (chart: Chart) => new SecretProviderClass(chart, 'spc', { provider: CsiSecretProvider.awsSecretsManager({ region: 'eu-west-1', objects: [{ remoteKey: 'shop/key', fileName: 'key' }] }) });
  const azureCsi = (chart: Chart) => new SecretProviderClass(chart, 'spc', {
    provider: CsiSecretProvider.azureKeyVault({ keyVaultName: 'shop-kv', identity: WorkloadIdentity.azure(AZURE_CLIENT, AZURE_TENANT), objects: [{ remoteKey: 'key', fileName: 'key' }] }),
  });

  test.each<[string, (chart: Chart) => Partial<HardenedDeploymentProps>, string, RegExp]>([
    ['a literal value for a variable named like a secret', () => ({ env: { DB_PASSWORD: EnvValue.fromValue(DB_PASSWORD) } }), 'props.env["DB_PASSWORD"]', /"DB_PASSWORD" is named like a credential/],
    ['a literal that is a credential, whatever its name', () => ({ env: { UPSTREAM: EnvValue.fromValue(`https://shop:${DB_PASSWORD}@db.internal/shop`) } }), 'props.env["UPSTREAM"]', /looks like a URL with a password/],
    ['a sidecar\'s literal token', () => ({ sidecars: [{ name: 'proxy', image: IMAGE, port: 9000, env: { API_TOKEN: EnvValue.fromValue(DB_PASSWORD) } }] }), 'props.sidecars[0].env["API_TOKEN"]', /named like a credential/],
    ['an env var from a key the Secret lacks', c => ({ env: { PGPASSWORD: EnvValue.fromSecretKey(db(c), 'passwd', 'psql reads PGPASSWORD only') } }), 'props.env["PGPASSWORD"].key', /has no key "passwd"/],
    ['an env var from a Secret of another namespace', c => ({ env: { PGPASSWORD: EnvValue.fromSecretKey(db(c, 'billing'), 'password', 'psql reads PGPASSWORD only') } }), 'props.env["PGPASSWORD"]',
      /Secret "shop-db-\w+" is in namespace "billing"/],
    ['a relative mount path', c => ({ secrets: [SecretMount.fromSecret(db(c), { mountPath: 'run/secrets' })] }), 'props.secrets[0].mountPath', /not an absolute path/],
    ['a mount path with .. segments', c => ({ secrets: [SecretMount.fromSecret(db(c), { mountPath: '/run/../etc' })] }), 'props.secrets[0].mountPath', /segments/],
    ['a file path with a . segment', c => ({ secrets: [SecretMount.fromSecret(db(c), { mountPath: '/s', items: [{ key: 'password', path: './password' }] })] }), 'props.secrets[0].items[0].path', /not a relative file path/],
    ['a mount over a writable path', c => ({ secrets: [SecretMount.fromSecret(db(c), { mountPath: '/tmp' })] }), 'props.secrets[0]', /\/tmp is already mounted in container main/],
    ['two secrets at one path', c => ({ secrets: [SecretMount.fromSecret(db(c), { mountPath: '/s' }), SecretMount.fromSecret(SecretReference.fromName('x'), { mountPath: '/s' })] }), 'props.secrets[1]',
      /already mounted/],
    ['a file of a key the Secret lacks', c => ({ secrets: [SecretMount.fromSecret(db(c), { mountPath: '/s', items: [{ key: 'user' }] })] }), 'props.secrets[0].items[0].key', /has no key "user"/],
    ['a file path leaving the mount', c => ({ secrets: [SecretMount.fromSecret(db(c), { mountPath: '/s', items: [{ key: 'password', path: '../password' }] })] }), 'props.secrets[0].items[0].path',
      /not a relative file path/],
    ['two files at one path', () => ({ secrets: [SecretMount.fromSecret(SecretReference.fromName('x'), { mountPath: '/s', items: [{ key: 'a', path: 'f' }, { key: 'b', path: 'f' }] })] }),
      'props.secrets[0].items[1].path', /written twice/],
    ['a Secret of another namespace', c => ({ secrets: [SecretMount.fromSecret(db(c, 'billing'), { mountPath: '/s' })] }), 'props.secrets[0]', /in namespace "billing"/],
    ['a CSI volume whose identity the pods lack', c => ({ secrets: [SecretMount.fromSecretProviderClass(awsCsi(c), { mountPath: '/s' })] }), 'props.secrets[0]',
      /workload identity AWS_IRSA, and the pods' ServiceAccount "shop-api-\w+" carries no workload identity/],
    ['a CSI volume for another Azure identity', c => ({
      serviceAccount: new LeastPrivilegeServiceAccount(c, 'sa', { workloadIdentity: WorkloadIdentity.azure('99999999-2222-3333-4444-555555555555') }),
      secrets: [SecretMount.fromSecretProviderClass(azureCsi(c), { mountPath: '/s' })],
    }), 'props.secrets[0]', /client id 11111111-.*carries AZURE \(client id 99999999-/],
    ['items on a CSI mount', c => ({ secrets: [SecretMount.fromSecretProviderClass(awsCsi(c), { mountPath: '/s', items: [] } as any)] }), 'props.secrets[0]', /unknown option "items"/],
  ])('%s', (_, props, prop, problem) => {
    const message = expectRefused(deploy(props), 'shop/api', prop, problem);
    expect(message).not.toContain(DB_PASSWORD);
  });

  test('an env var from a Secret without a justification', () => {
    expect(() => EnvValue.fromSecretKey(SecretReference.fromName('db'), 'password', 'needed')).toThrow(/a justification needs at least 10 meaningful characters.*Fix: .*mount the Secret/);
  });
});

describe('EncryptionConfiguration refuses', () => {
  const PROPS: EncryptionConfigurationProps = { kmsPluginName: 'aws-kms', kmsEndpoint: 'unix:///var/run/kms.sock' };
  test.each<[string, Partial<EncryptionConfigurationProps>, string, RegExp]>([
    ['a plugin name with ":"', { kmsPluginName: 'aws:kms' }, 'kmsPluginName', /no ":"/],
    ['a TCP endpoint', { kmsEndpoint: 'tcp://10.0.0.1:8080' }, 'kmsEndpoint', /not a unix socket endpoint/],
    ['a fractional timeout', { timeout: Duration.millis(500) }, 'timeout', /whole number of seconds/],
    ['resources without Secrets', { resources: ['configmaps'] }, 'resources', /Secrets are not among/],
    ['a malformed resource', { resources: ['Secrets'] }, 'resources[0]', /not a resource/],
    ['a resource twice', { resources: ['secrets', 'secrets'] }, 'resources[1]', /listed twice/],
    ['a file name with a directory', { fileName: 'etc/encryption.yaml' }, 'fileName', /not a plain file name/],
  ])('%s', (_, props, prop, problem) => {
    expectRefused(() => new EncryptionConfiguration(new Chart(Testing.app(), 'cluster'), 'encryption', { ...PROPS, ...props }), 'cluster/encryption', prop, problem);
  });
});
