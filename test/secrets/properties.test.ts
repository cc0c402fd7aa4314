import { Chart, Duration, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import {
  CsiSecretProvider, ExternalSecret, HardenedDeployment, LeastPrivilegeServiceAccount, SealedSecret, SecretMount, SecretProviderClass, SecretStore,
  SecretStoreProvider, VaultAuth, WorkloadIdentity,
} from '../../src';
import { appWithDefaults, IMAGE, schemaErrors } from '../harness';
import { AZURE_CLIENT, AZURE_TENANT, GSA, IRSA_ROLE, seal } from './fixtures';

const irsa = WorkloadIdentity.awsIrsa(IRSA_ROLE);
const STORE_PROVIDERS = [
  () => SecretStoreProvider.awsSecretsManager({ region: 'eu-west-1', identity: irsa }),
  () => SecretStoreProvider.awsParameterStore({ region: 'eu-west-1', identity: irsa }),
  () => SecretStoreProvider.vault({ server: 'https://vault.example.com', path: 'secret', auth: VaultAuth.jwt({ role: 'shop' }) }),
  () => SecretStoreProvider.googleSecretManager({ projectId: 'payments-prod', identity: WorkloadIdentity.gke(GSA) }),
  () => SecretStoreProvider.azureKeyVault({ vaultUrl: 'https://shop-kv.vault.azure.net', identity: WorkloadIdentity.azure(AZURE_CLIENT, AZURE_TENANT) }),
];
const VAULT = 2;

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,11}$/);
/** A reference: a store path, a file/key name, an optional field. */
const ref = fc.record({
  secretKey: fc.stringMatching(/^[a-z][a-z0-9._-]{0,20}$/),
  remoteKey: fc.array(word, { minLength: 1, maxLength: 4 }).map(parts => parts.join('/')),
  property: fc.option(word, { nil: undefined }),
});
const scenario = fc.record({
  provider: fc.nat(STORE_PROVIDERS.length - 1),
  refs: fc.uniqueArray(ref, { minLength: 1, maxLength: 5, selector: r => r.secretKey }),
  refreshMinutes: fc.integer({ min: 1, max: 24 * 60 }),
  // Marked so that no YAML could contain it by chance.
  plaintext: fc.stringMatching(/^[A-Za-z0-9!#%&*+,;=?@^_~-]{12,40}$/).map(s => `PLAIN-${s}`),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** The app a scenario describes; the plaintext reaches it only sealed, and the ciphertext is fixed per scenario. */
function synth(s: Scenario, ciphertext: string): any[] {
  const chart = new Chart(appWithDefaults(), 'shop', { namespace: 'shop' });
  const store = new SecretStore(chart, 'store', { provider: STORE_PROVIDERS[s.provider]() });
  // Vault secrets are maps: each key names its field.
  const data = s.refs.map(r => ({ ...r, property: r.property ?? (s.provider === VAULT ? 'value' : undefined) }));
  const es = new ExternalSecret(chart, 'es', { store, data, refreshInterval: Duration.minutes(s.refreshMinutes) });
  const sealed = new SealedSecret(chart, 'sealed', { encryptedData: { value: ciphertext } });
  const spc = new SecretProviderClass(chart, 'spc', {
    provider: CsiSecretProvider.awsSecretsManager({ region: 'eu-west-1', objects: s.refs.map(r => ({ remoteKey: r.remoteKey, fileName: r.secretKey, property: r.property })) }),
  });
  new HardenedDeployment(chart, 'api', {
    image: IMAGE,
    port: 8080,
    serviceAccount: new LeastPrivilegeServiceAccount(chart, 'sa', { workloadIdentity: irsa }),
    secrets: [
      SecretMount.fromSecret(es, { mountPath: '/run/secrets/es', items: s.refs.map(r => ({ key: r.secretKey })) }),
      SecretMount.fromSecret(sealed, { mountPath: '/run/secrets/sealed' }),
      SecretMount.fromSecretProviderClass(spc, { mountPath: '/run/secrets/csi' }),
    ],
  });
  return Testing.synth(chart);
}

test('arbitrary valid secret references: no plaintext, deterministic, schema-valid', () => {
  const all: any[] = [];
  fc.assert(fc.property(scenario, s => {
    const ciphertext = seal(s.plaintext, 'shop/shop-sealed');
    const first = synth(s, ciphertext);
    const yaml = JSON.stringify(first);
    expect(yaml).not.toContain(s.plaintext);
    expect(yaml).not.toContain(Buffer.from(s.plaintext).toString('base64'));
    expect(first.filter(o => o.kind === 'Secret')).toEqual([]);
    expect(JSON.stringify(synth(s, ciphertext))).toBe(yaml);
    all.push(...first);
  }), { numRuns: 40 });
  // One validation pass over every object of every run (the ESO models run in one child process).
  expect(schemaErrors(all)).toEqual([]);
});
