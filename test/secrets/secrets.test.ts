import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ApiObject, Chart, Duration, Testing } from 'cdk8s';
import { parse } from 'yaml';
import {
  AuditPolicy, ClusterSecretStore, CsiSecretProvider, EncryptionConfiguration, EnvValue, ExternalSecret, HardenedDeployment, HardenedJob,
  HardeningAudit, LeastPrivilegeServiceAccount, SealedSecret, SealingScope, SecretMount, SecretProviderClass, SecretReference, SecretStore,
  SecretStoreProvider, TargetCreationPolicy, TargetDeletionPolicy, VaultAuth, VaultKvVersion, WorkloadIdentity,
} from '../../src';
import { expectHardened, IMAGE, schemaErrors, synthObjects } from '../harness';
import { AZURE_CLIENT, AZURE_TENANT, DB_PASSWORD, GSA, IRSA_ROLE, seal, shopChart, unseal } from './fixtures';

const byKind = (objects: any[], kind: string) => objects.filter(o => o.kind === kind);

test('the schema validators reject what the CRDs reject', () => {
  const meta = { name: 'x', namespace: 'shop' };
  expect(schemaErrors([
    { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: meta, spec: { refreshInterval: 60, secretStoreRef: { kind: 'Vault', name: 's' } } },
    { apiVersion: 'external-secrets.io/v1', kind: 'SecretStore', metadata: meta, spec: { provider: { aws: { region: 'eu-west-1' } } } },
    { apiVersion: 'external-secrets.io/v1', kind: 'ClusterSecretStore', metadata: { name: 'x' }, spec: {} },
    { apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: meta, spec: { encryptedData: { a: 'b' }, template: { typo: 1 } } },
    { apiVersion: 'secrets-store.csi.x-k8s.io/v1', kind: 'SecretProviderClass', metadata: meta, spec: { provider: 'aws', parameters: { region: 1 } } },
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: meta, automountServiceAccountToken: 'no' },
  ]).map(e => e.split(':')[0])).toEqual([
    'ExternalSecret/x', 'SecretStore/x', 'ClusterSecretStore/x', 'SealedSecret/x', 'SecretProviderClass/x', 'ServiceAccount/x',
  ]);
});

describe('SecretStore', () => {
  const providers: Array<[string, SecretStoreProvider]> = [
    ['AWS Secrets Manager', SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1', identity: WorkloadIdentity.awsIrsa(IRSA_ROLE) })],
    ['AWS Parameter Store', SecretStoreProvider.awsParameterStore({ region: 'us-gov-west-1', identity: WorkloadIdentity.awsIrsa(IRSA_ROLE) })],
    ['Vault, Kubernetes login', SecretStoreProvider.vault({ server: 'https://vault.example.com:8200', path: 'secret', auth: VaultAuth.kubernetes({ role: 'shop' }) })],
    ['Vault KV v1, JWT login, namespace', SecretStoreProvider.vault({
      server: 'https://vault.example.com',
      path: 'kv/shop',
      version: VaultKvVersion.V1,
      namespace: 'team-a',
      auth: VaultAuth.jwt({ role: 'shop', path: 'jwt-k8s', audiences: ['vault', 'shop'] }),
    })],
    ['Google Secret Manager', SecretStoreProvider.googleSecretManager({ projectId: 'payments-prod', location: 'europe-west1', identity: WorkloadIdentity.gke(GSA) })],
    ['Azure Key Vault', SecretStoreProvider.azureKeyVault({ vaultUrl: 'https://shop-kv.vault.azure.net', identity: WorkloadIdentity.azure(AZURE_CLIENT, AZURE_TENANT) })],
  ];

  test.each(providers)('%s: a store and its own least-privilege ServiceAccount, schema-valid', (_, provider) => {
    const chart = shopChart();
    const store = new SecretStore(chart, 'store', { name: 'shop-store', provider });
    const objects = synthObjects(chart);
    expect(objects).toMatchSnapshot();
    expect(schemaErrors(objects)).toEqual([]);
    expect(store.serviceAccount.role).toBeUndefined();
    const sa = byKind(objects, 'ServiceAccount')[0];
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(sa.metadata).toMatchObject({ name: 'shop-store', namespace: 'shop' });
    // The store references its ServiceAccount, never a Secret holding credentials.
    expect(JSON.stringify(objects[1].spec)).toMatch(/"serviceAccountRef":\{("audiences":\[[^\]]*\],)?"name":"shop-store"\}/);
    expect(JSON.stringify(objects)).not.toMatch(/secretRef|tokenSecretRef|authSecretRef/);
  });

  test('the workload identity lands on the store\'s ServiceAccount', () => {
    const chart = shopChart();
    new SecretStore(chart, 'store', { provider: providers[5][1] });
    const sa = byKind(synthObjects(chart), 'ServiceAccount')[0];
    expect(sa.metadata.annotations).toEqual({ 'azure.workload.identity/client-id': AZURE_CLIENT, 'azure.workload.identity/tenant-id': AZURE_TENANT });
  });
});

describe('ClusterSecretStore', () => {
  test('serves only the listed namespaces; its ServiceAccount lives in the given namespace', () => {
    const chart = shopChart();
    new ClusterSecretStore(chart, 'store', {
      name: 'shared-aws',
      namespaces: ['shop', 'billing'],
      serviceAccountNamespace: 'external-secrets',
      provider: SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1', identity: WorkloadIdentity.awsIrsa(IRSA_ROLE) }),
    });
    const objects = synthObjects(chart);
    expect(objects).toMatchSnapshot();
    expect(schemaErrors(objects)).toEqual([]);
    const store = byKind(objects, 'ClusterSecretStore')[0];
    expect(store.metadata.namespace).toBeUndefined();
    expect(store.spec.conditions).toEqual([{ namespaces: ['billing', 'shop'] }]);
    expect(store.spec.provider.aws.auth.jwt.serviceAccountRef).toEqual({ name: 'shared-aws', namespace: 'external-secrets' });
    expect(byKind(objects, 'ServiceAccount')[0].metadata.namespace).toBe('external-secrets');
  });
});

describe('ExternalSecret', () => {
  const awsStore = (chart: Chart) => new SecretStore(chart, 'store', {
    name: 'aws', provider: SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1', identity: WorkloadIdentity.awsIrsa(IRSA_ROLE) }),
  });

  test('keys by reference, owned target, refresh interval, schema-valid', () => {
    const chart = shopChart();
    const es = new ExternalSecret(chart, 'db', {
      store: awsStore(chart),
      name: 'db',
      data: [
        { secretKey: 'password', remoteKey: 'prod/shop/db', property: 'password' },
        { secretKey: 'username', remoteKey: 'prod/shop/db', property: 'username', version: 'AWSCURRENT' },
      ],
      refreshInterval: Duration.minutes(90),
    });
    const objects = synthObjects(chart);
    expect(objects).toMatchSnapshot();
    expect(schemaErrors(objects)).toEqual([]);
    expect(es.secretKeys).toEqual(['password', 'username']);
    expect(byKind(objects, 'ExternalSecret')[0].spec).toMatchObject({
      refreshInterval: '1h30m',
      secretStoreRef: { kind: 'SecretStore', name: 'aws' },
      target: { creationPolicy: 'Owner', deletionPolicy: 'Retain', name: 'db' },
    });
  });

  test('extract only when asked, immutable target, other policies, a ClusterSecretStore by name', () => {
    const chart = shopChart();
    const es = new ExternalSecret(chart, 'flags', {
      store: ClusterSecretStore.fromStoreName('shared', ['shop']),
      extract: [{ remoteKey: 'prod/shop/flags' }],
      secretName: 'flags-secret',
      creationPolicy: TargetCreationPolicy.ORPHAN,
      deletionPolicy: TargetDeletionPolicy.DELETE,
      immutable: true,
      refreshInterval: Duration.seconds(75),
    });
    const objects = synthObjects(chart);
    expect(schemaErrors(objects)).toEqual([]);
    expect(es.secretKeys).toBeUndefined();
    expect(objects[0].spec).toEqual({
      dataFrom: [{ extract: { key: 'prod/shop/flags' } }],
      refreshInterval: '1m15s',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'shared' },
      target: { creationPolicy: 'Orphan', deletionPolicy: 'Delete', immutable: true, name: 'flags-secret' },
    });
  });
});

describe('SealedSecret', () => {
  test('strict scope: ciphertext only, template metadata; the controller can unseal what the test sealed', () => {
    const chart = shopChart();
    const sealed = seal(DB_PASSWORD, 'shop/db-sealed');
    const ss = new SealedSecret(chart, 'db', { name: 'db-sealed', encryptedData: { password: sealed }, secretLabels: { team: 'shop' } });
    const objects = synthObjects(chart);
    expect(schemaErrors(objects)).toEqual([]);
    expect(objects[0].metadata.annotations).toBeUndefined();
    expect(objects[0].spec.template).toEqual({ metadata: { labels: { team: 'shop' }, name: 'db-sealed', namespace: 'shop' }, type: 'Opaque' });
    expect(unseal(objects[0].spec.encryptedData.password, 'shop/db-sealed')).toBe(DB_PASSWORD);
    expect(ss.secretKeys).toEqual(['password']);
    expect({ ...objects[0], spec: { ...objects[0].spec, encryptedData: '<ciphertext>' } }).toMatchSnapshot();
  });

  test.each([
    ['namespace-wide', SealingScope.namespaceWide(), 'shop', { 'sealedsecrets.bitnami.com/namespace-wide': 'true' }, {}],
    ['cluster-wide', SealingScope.clusterWide('the CA bundle is unsealed into every team namespace'), '',
      { 'sealedsecrets.bitnami.com/cluster-wide': 'true' }, { 'waiver.cdk8s-hardening.dev/sealed-secret-cluster-wide': 'the CA bundle is unsealed into every team namespace' }],
  ])('%s scope: annotated on the object and its template', (_, scope, label, scopeAnnotations, waiver) => {
    const chart = shopChart();
    new SealedSecret(chart, 'ca', { name: 'ca', scope, secretType: 'kubernetes.io/tls', encryptedData: { 'tls.crt': seal('cert', label), 'tls.key': seal('key', label) } });
    const [obj] = synthObjects(chart);
    expect(schemaErrors([obj])).toEqual([]);
    expect(obj.metadata.annotations).toEqual({ ...scopeAnnotations, ...waiver });
    expect(obj.spec.template.metadata.annotations).toEqual(scopeAnnotations);
    expect(obj.spec.template.type).toBe('kubernetes.io/tls');
    expect(Object.keys(obj.spec.encryptedData)).toEqual(['tls.crt', 'tls.key']);
  });
});

describe('SecretProviderClass', () => {
  const objects = [
    { remoteKey: 'prod/shop/db', fileName: 'db-password', property: 'password' },
    { remoteKey: 'prod/shop/db', fileName: 'db-username', property: 'username' },
    { remoteKey: 'prod/shop/api-key', fileName: 'api-key', version: 'v3' },
  ];
  const providers: Array<[string, CsiSecretProvider, string]> = [
    ['AWS Secrets Manager', CsiSecretProvider.awsSecretsManager({ region: 'eu-west-1', objects }), 'aws'],
    ['AWS Parameter Store, Pod Identity', CsiSecretProvider.awsParameterStore({ region: 'eu-west-1', podIdentity: true, objects: [{ remoteKey: '/shop/api-key', fileName: 'api-key' }] }), 'aws'],
    ['Azure Key Vault', CsiSecretProvider.azureKeyVault({ keyVaultName: 'shop-kv', identity: WorkloadIdentity.azure(AZURE_CLIENT, AZURE_TENANT), objects: [{ remoteKey: 'db-password', fileName: 'db-password', version: 'abc123' }] }), 'azure'],
    ['Google Secret Manager', CsiSecretProvider.googleSecretManager({ objects: [{ remoteKey: 'projects/payments-prod/secrets/db-password', fileName: 'db-password' }] }), 'gcp'],
    ['Vault', CsiSecretProvider.vault({ address: 'https://vault.example.com:8200', role: 'shop', objects: [{ remoteKey: 'secret/data/shop/db', fileName: 'db-password', property: 'password' }] }), 'vault'],
  ];

  test.each(providers)('%s: parameters the provider reads, schema-valid', (_, provider, name) => {
    const chart = shopChart();
    new SecretProviderClass(chart, 'spc', { name: 'shop-secrets', provider });
    const synthesized = synthObjects(chart);
    expect(synthesized).toMatchSnapshot();
    expect(schemaErrors(synthesized)).toEqual([]);
    expect(synthesized[0].spec.provider).toBe(name);
    expect(synthesized[0].spec.secretObjects).toBeUndefined();
  });

  test('AWS: fields of one JSON secret share one object, each field its own file', () => {
    const chart = shopChart();
    new SecretProviderClass(chart, 'spc', { provider: providers[0][1] });
    const parsed = parse(synthObjects(chart)[0].spec.parameters.objects);
    expect(parsed).toEqual([
      { objectName: 'prod/shop/db', objectType: 'secretsmanager', jmesPath: [{ path: 'password', objectAlias: 'db-password' }, { path: 'username', objectAlias: 'db-username' }] },
      { objectName: 'prod/shop/api-key', objectType: 'secretsmanager', objectAlias: 'api-key', objectVersion: 'v3' },
    ]);
  });
});

describe('hardened workloads consume secrets as read-only files', () => {
  function shop() {
    const chart = shopChart();
    const store = new SecretStore(chart, 'store', { name: 'aws', provider: SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1', identity: WorkloadIdentity.awsIrsa(IRSA_ROLE) }) });
    const db = new ExternalSecret(chart, 'db', { name: 'db', store, data: [{ secretKey: 'password', remoteKey: 'prod/shop/db', property: 'password' }] });
    const tls = new SealedSecret(chart, 'tls', { name: 'tls', encryptedData: { 'tls.crt': seal('c', 'shop/tls'), 'tls.key': seal('k', 'shop/tls') } });
    const spc = new SecretProviderClass(chart, 'spc', { name: 'api-keys', provider: CsiSecretProvider.awsSecretsManager({ region: 'eu-west-1', objects: [{ remoteKey: 'prod/shop/api-key', fileName: 'api-key' }] }) });
    const sa = new LeastPrivilegeServiceAccount(chart, 'sa', { name: 'api', workloadIdentity: WorkloadIdentity.awsIrsa(IRSA_ROLE) });
    return { chart, db, tls, spc, sa };
  }

  test('secret, sealed and CSI volumes: mode 0400, readOnly mounts, fsGroup set; PSS restricted', () => {
    const { chart, db, tls, spc, sa } = shop();
    new HardenedDeployment(chart, 'api', {
      name: 'api',
      image: IMAGE,
      port: 8080,
      serviceAccount: sa,
      secrets: [
        SecretMount.fromSecret(db, { mountPath: '/run/secrets/db' }),
        SecretMount.fromSecret(tls, { mountPath: '/run/secrets/tls', items: [{ key: 'tls.crt' }, { key: 'tls.key', path: 'private/tls.key' }] }),
        SecretMount.fromSecretProviderClass(spc, { mountPath: '/run/secrets/api' }),
      ],
      sidecars: [{ name: 'proxy', image: IMAGE, port: 9443, secrets: [SecretMount.fromSecret(tls, { mountPath: '/etc/proxy/tls' })] }],
    });
    const objects = synthObjects(chart);
    expect(schemaErrors(objects)).toEqual([]);
    const core = objects.filter(o => !['ExternalSecret', 'SecretStore', 'SealedSecret', 'SecretProviderClass'].includes(o.kind));
    expectHardened(core);
    const deployment = byKind(objects, 'Deployment')[0];
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ fsGroup: 10001, runAsNonRoot: true, runAsUser: 10001 });
    expect(pod.volumes.filter((v: any) => v.secret || v.csi)).toEqual([
      { name: 'main-secret-0', secret: { defaultMode: 0o400, secretName: 'db' } },
      { name: 'main-secret-1', secret: { defaultMode: 0o400, items: [{ key: 'tls.crt', path: 'tls.crt' }, { key: 'tls.key', path: 'private/tls.key' }], secretName: 'tls' } },
      { csi: { driver: 'secrets-store.csi.k8s.io', readOnly: true, volumeAttributes: { secretProviderClass: 'api-keys' } }, name: 'main-secret-2' },
      { name: 'proxy-secret-0', secret: { defaultMode: 0o400, secretName: 'tls' } },
    ]);
    expect(pod.containers[0].volumeMounts.filter((m: any) => m.name.includes('secret'))).toEqual([
      { mountPath: '/run/secrets/db', name: 'main-secret-0', readOnly: true },
      { mountPath: '/run/secrets/tls', name: 'main-secret-1', readOnly: true },
      { mountPath: '/run/secrets/api', name: 'main-secret-2', readOnly: true },
    ]);
    expect(pod.containers[1].volumeMounts).toContainEqual({ mountPath: '/etc/proxy/tls', name: 'proxy-secret-0', readOnly: true });
    expect(deployment).toMatchSnapshot();
    expect(HardeningAudit.of(chart).findings.filter(f => !f.suppressed).map(f => `${f.ruleId} ${f.object.kind}/${f.object.name}`)).toEqual([]);
  });

  test('env injection only by explicit, justified choice, recorded for the audit', () => {
    const { chart, db } = shop();
    new HardenedJob(chart, 'migrate', {
      name: 'migrate',
      image: IMAGE,
      env: {
        PGPASSWORD: EnvValue.fromSecretKey(db, 'password', 'psql reads the password only from PGPASSWORD'),
        DB_PASSWORD_FILE: EnvValue.fromValue('/run/secrets/db/password'),
      },
      initContainers: [{ name: 'wait', image: IMAGE, env: { TOKEN: EnvValue.fromSecretKey(SecretReference.fromName('bootstrap', { keys: ['token'] }), 'token', 'the vendor init image reads TOKEN only') } }],
    });
    const job = byKind(synthObjects(chart), 'Job')[0];
    expect(job.spec.template.spec.containers[0].env).toEqual([
      { name: 'PGPASSWORD', valueFrom: { secretKeyRef: { key: 'password', name: 'db' } } },
      { name: 'DB_PASSWORD_FILE', value: '/run/secrets/db/password' },
    ]);
    expect(job.metadata.annotations).toEqual({
      'main.waiver.cdk8s-hardening.dev/secret-env': 'PGPASSWORD: psql reads the password only from PGPASSWORD',
      'wait.waiver.cdk8s-hardening.dev/secret-env': 'TOKEN: the vendor init image reads TOKEN only',
      'checkov.io/skip1': 'CKV_K8S_35=main: PGPASSWORD: psql reads the password only from PGPASSWORD; wait: TOKEN: the vendor init image reads TOKEN only',
    });
    const finding = HardeningAudit.of(chart).findings.find(f => f.ruleId === 'container-secret-env');
    expect(finding?.message).toContain('"PGPASSWORD" reads Secret "db"');
  });

  test('a Secret by name (e.g. written by cert-manager) mounts too', () => {
    const chart = shopChart();
    new HardenedDeployment(chart, 'web', { name: 'web', image: IMAGE, port: 8443, secrets: [SecretMount.fromSecret(SecretReference.fromName('web-tls'), { mountPath: '/tls' })] });
    const pod = byKind(synthObjects(chart), 'Deployment')[0].spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'main-secret-0', secret: { defaultMode: 0o400, secretName: 'web-tls' } });
  });
});

describe('plain Secrets are refused at synth by default', () => {
  const withSecret = (fields: object) => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop', { namespace: 'shop' });
    new SecretStore(chart, 'store', { provider: SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret', auth: VaultAuth.kubernetes({ role: 'shop' }) }) });
    const secret = new ApiObject(chart, 'legacy', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'legacy' }, ...fields });
    return { app, secret };
  };

  test('a Secret with data fails app.synth(), naming the construct, the rule and the fix', () => {
    const { app } = withSecret({ stringData: { password: DB_PASSWORD } });
    expect(() => app.synth()).toThrow(/\[shop\/legacy\] secret-plaintext: Secret legacy: Secret carries 1 value in stringData \(plain text\): "password"\. Fix: .*HardeningAudit\.useExemptions\(app, file\)/);
  });

  test('no annotation can accept it; the platform team\'s exemptions file can', () => {
    const { app, secret } = withSecret({ data: { 'feature-flag': 'b24=' } });
    expect(() => HardeningAudit.suppress(secret, 'secret-plaintext', 'a feature flag, not a credential; kept for the legacy chart'))
      .toThrow(/\[shop\/legacy\] ruleId: rule "secret-plaintext" cannot be suppressed by an annotation/);
    secret.metadata.addAnnotation('suppress.cdk8s-hardening.dev/secret-plaintext', 'a feature flag, not a credential; kept for the legacy chart');
    expect(() => app.synth()).toThrow(/secret-plaintext: Secret legacy/);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'exemptions-')), 'exemptions.yaml');
    fs.writeFileSync(file, [
      'exemptions:',
      '  - rule: secret-plaintext',
      '    owner: platform-security',
      '    reason: a feature flag, not a credential; kept for the legacy chart',
      '    expires: 2099-12-31',
      '    selector: { kind: Secret, namespace: shop, name: legacy }',
    ].join('\n'));
    HardeningAudit.useExemptions(app, file);
    expect(() => app.synth()).not.toThrow();
  });

  test('a Secret without values passes', () => {
    const { app } = withSecret({ type: 'Opaque' });
    expect(() => app.synth()).not.toThrow();
  });
});

describe('EncryptionConfiguration', () => {
  test('KMS v2 for Secrets, identity last, written beside the manifests with the shared synth-file mechanism', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'cluster');
    const config = new EncryptionConfiguration(chart, 'encryption', { kmsPluginName: 'aws-kms', kmsEndpoint: 'unix:///var/run/kmsplugin/socket.sock', resources: ['secrets', 'configmaps'] });
    new AuditPolicy(chart, 'audit');
    expect(config.toJson()).toMatchSnapshot();
    expect(config.toJson().resources[0].providers.at(-1)).toEqual({ identity: {} });
    app.synth();
    expect(config.filePath).toBe(path.join(app.outdir, 'encryption-configuration.yaml'));
    expect(parse(fs.readFileSync(config.filePath, 'utf8'))).toEqual(config.toJson());
    expect(fs.existsSync(path.join(app.outdir, 'audit-policy.yaml'))).toBe(true);
  });

  test('defaults: secrets only, 3s timeout', () => {
    const config = new EncryptionConfiguration(new Chart(Testing.app(), 'c'), 'e', { kmsPluginName: 'vault-kms', kmsEndpoint: 'unix:///run/kms.sock' });
    expect(config.toJson().resources).toEqual([{ resources: ['secrets'], providers: [{ kms: { apiVersion: 'v2', name: 'vault-kms', endpoint: 'unix:///run/kms.sock', timeout: '3s' } }, { identity: {} }] }]);
  });
});
