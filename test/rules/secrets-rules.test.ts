import { findings, hardenedObjects, object, RuleCase, testMetadata, testRules } from './rule-cases';
import { SECRETS_RULES } from '../../src/rules/secrets';
import { configmapSecretContent } from '../../src/rules/secrets/configmap-secret-content';
import { secretPlaintext } from '../../src/rules/secrets/secret-plaintext';

const configMap = (data: Record<string, string>) => object('ConfigMap', 'settings', { data });
const secret = (body: Record<string, unknown>) => object('Secret', 'db', body);
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const RANDOM = 'Zx8Qp2Lr7Vt4Nw9Ks3Hd6Jm1Fb5Gc0YaE';

const CASES: RuleCase[] = [
  {
    rule: configmapSecretContent,
    compliant: [configMap({
      'LOG_LEVEL': 'info',
      'checksum': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      'password_file': '/run/secrets/db/password',
      'api-key': '',
      'app.properties': 'server.port=8080\nfeature.flags=a,b',
    })],
    nonCompliant: [configMap({
      'db.password': 'hunter2',
      'config.yaml': 'tls:\n  key: |\n    -----BEGIN PRIVATE KEY-----\n    MIIEvQ==\n    -----END PRIVATE KEY-----\n',
      'session': JWT,
      'blob': RANDOM,
    })],
    expected: [
      { message: 'key "db.password" is named like a credential', path: 'data["db.password"]' },
      { message: 'key "config.yaml" holds what looks like a private key', path: 'data["config.yaml"]' },
      { message: 'key "session" holds what looks like a JSON Web Token', path: 'data["session"]' },
      { message: 'key "blob" holds what looks like a random token', path: 'data["blob"]' },
    ],
    notApplicable: [secret({ stringData: { LOG_LEVEL: 'info' } })],
  },
  {
    rule: secretPlaintext,
    compliant: [secret({ type: 'kubernetes.io/service-account-token' }), secret({ data: {} })],
    nonCompliant: [secret({ data: { password: 'aHVudGVyMg==' }, stringData: { user: 'app', token: 'x' } })],
    expected: [
      { message: 'Secret carries 1 value in data (base64, not encrypted): "password"', path: 'data' },
      { message: 'Secret carries 2 values in stringData (plain text): "user", "token"', path: 'stringData' },
    ],
    notApplicable: [configMap({ password: 'x' })],
  },
];

describe('secrets rules', () => {
  testMetadata('secrets', SECRETS_RULES, CASES);
  testRules(CASES);

  test('no finding prints a value it found', () => {
    const messages = findings([configMap({ 'db.password': 'hunter2', 'blob': RANDOM, 'session': JWT }), secret({ stringData: { token: 'hunter2' } })], SECRETS_RULES)
      .map(f => f.message);
    expect(messages).toHaveLength(4);
    for (const value of ['hunter2', RANDOM, JWT]) for (const m of messages) expect(m).not.toContain(value);
  });

  test('the library\'s hardened output gets no secrets finding', () => {
    expect(findings(hardenedObjects(), SECRETS_RULES)).toEqual([]);
  });
});
