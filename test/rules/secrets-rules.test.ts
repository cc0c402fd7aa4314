import { findings, hardenedObjects, object, podSpec, RuleCase, testMetadata, testRules, workload } from './rule-cases';
import { SECRETS_RULES } from '../../src/rules/secrets';
import { configmapSecretContent } from '../../src/rules/secrets/configmap-secret-content';
import { containerArgsSecretLiteral } from '../../src/rules/secrets/container-args-secret-literal';
import { objectAnnotationSecretLiteral } from '../../src/rules/secrets/object-annotation-secret-literal';
import { secretPlaintext } from '../../src/rules/secrets/secret-plaintext';

const configMap = (data: Record<string, string>, binaryData?: Record<string, string>) => object('ConfigMap', 'settings', { data, ...(binaryData ? { binaryData } : {}) });
const C = 'spec.template.spec.containers[0]';
const deploy = (container: Record<string, unknown>, spec: Record<string, unknown> = {}, metadata?: Record<string, unknown>) =>
  workload('Deployment', podSpec(container, spec), { metadata });
const annotated = (kind: string, annotations: Record<string, string>) => object(kind, 'annotated', { metadata: { name: 'annotated', namespace: 'shop', annotations } });
const GITHUB = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
const STRIPE = 'sk_live_' + '4eC39HqLyjWDarjtT1zdp7dc';
const SLACK_HOOK = 'https://hooks.slack.com/services/' + 'T01ABCDEF/B02GHIJKL/AbCdEfGhIjKlMnOpQrStUvWx';
const PEM = '-----BEGIN PRIVATE KEY-----\nMIIEvQ==\n-----END PRIVATE KEY-----\n';
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
      'app.properties': 'server.port=8080\nfeature.flags=a,b\nspring.datasource.password=${DB_PASSWORD}',
      // Were refused by name alone before the detector judged the value too.
      'TOKEN_TTL': '3600',
      'PASSWORD_MIN_LENGTH': '12',
    }, { 'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).toString('base64') })],
    nonCompliant: [configMap({
      'db.password': 'hunter2',
      'config.yaml': 'tls:\n  key: |\n    -----BEGIN PRIVATE KEY-----\n    MIIEvQ==\n    -----END PRIVATE KEY-----\n',
      'session': JWT,
      'blob': RANDOM,
      'app.properties': 'server.port=8080\ndb.password=hunter2\n',
      '.env': `LOG_LEVEL=info\nSTRIPE_KEY=${STRIPE}\n`,
    }, { 'tls.pem': Buffer.from(PEM).toString('base64') })],
    expected: [
      { message: 'key "db.password" is named like a credential', path: 'data["db.password"]' },
      { message: 'key "config.yaml" holds what looks like a private key', path: 'data["config.yaml"]' },
      { message: 'key "session" holds what looks like a JSON Web Token', path: 'data["session"]' },
      { message: 'key "blob" holds what looks like a random token', path: 'data["blob"]' },
      { message: 'key "app.properties" assigns a literal credential to "db.password"', path: 'data["app.properties"]' },
      { message: 'key ".env" holds what looks like a Stripe secret key', path: 'data[".env"]' },
      { message: 'binaryData key "tls.pem" holds what looks like a private key', path: 'binaryData["tls.pem"]' },
    ],
    notApplicable: [secret({ stringData: { LOG_LEVEL: 'info' } })],
  },
  {
    rule: containerArgsSecretLiteral,
    compliant: [deploy({
      command: ['/app/server'],
      args: ['--password-file=/run/secrets/db/password', '--token-ttl', '3600', '--client-secret=$(OIDC_CLIENT_SECRET)', 'psql', '--password', 'shop'],
    })],
    nonCompliant: [deploy(
      { command: ['sh', '-c', 'curl -H "Authorization: Bearer abc123DEF456ghi789" https://api.example.com'], args: [`--github-token=${GITHUB}`, '--password', 'hunter2hunter2'] },
      { initContainers: [{ name: 'setup', image: 'registry.example.com/setup:1.0', args: ['--password=hunter2hunter2'] }] },
    )],
    expected: [
      { message: 'container "app" command[2] holds what looks like an Authorization header credential', path: `${C}.command[2]` },
      { message: 'container "app" args[0] holds what looks like a GitHub token', path: `${C}.args[0]` },
      { message: 'container "app" args[2] passes a literal credential to "--password"', path: `${C}.args[2]` },
      { message: 'init container "setup" args[0] passes a literal credential to "password"', path: 'spec.template.spec.initContainers[0].args[0]' },
    ],
    notApplicable: [configMap({ args: '--password=hunter2hunter2' })],
  },
  {
    rule: objectAnnotationSecretLiteral,
    compliant: [
      annotated('Ingress', {
        'nginx.ingress.kubernetes.io/auth-secret': 'basic-auth',
        'nginx.ingress.kubernetes.io/auth-realm': 'Authentication Required',
        'waiver.cdk8s-hardening.dev/secret-env': 'psql reads PGPASSWORD only from the environment',
      }),
      deploy({}, {}, { annotations: { 'vault.hashicorp.com/agent-inject-secret-db': 'database/creds/shop', 'checksum/config': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' } }),
    ],
    nonCompliant: [
      annotated('Service', { 'example.com/db-password': 'hunter2hunter2', 'notify.example.com/webhook': SLACK_HOOK }),
      {
        ...deploy({}),
        spec: { ...deploy({}).spec, template: { ...deploy({}).spec.template, metadata: { labels: { app: 'web' }, annotations: { 'example.com/api-token': GITHUB } } } },
      },
    ],
    expected: [
      { message: 'annotation "example.com/db-password" is named like a credential', path: 'metadata.annotations["example.com/db-password"]' },
      { message: 'annotation "notify.example.com/webhook" holds what looks like a Slack webhook URL', path: 'metadata.annotations["notify.example.com/webhook"]' },
      { message: 'annotation "example.com/api-token" holds what looks like a GitHub token', path: 'spec.template.metadata.annotations["example.com/api-token"]' },
    ],
    // A Secret's last-applied copy repeats its data, which secret-plaintext reports.
    notApplicable: [annotated('Secret', { 'kubectl.kubernetes.io/last-applied-configuration': '{"stringData":{"password":"hunter2hunter2"}}' })],
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
    const messages = findings([
      configMap({ 'db.password': 'hunter2', 'blob': RANDOM, 'session': JWT }),
      secret({ stringData: { token: 'hunter2' } }),
      deploy({ args: [`--github-token=${GITHUB}`, '--password', 'hunter2hunter2'] }),
      annotated('Service', { 'example.com/db-password': 'hunter2hunter2', 'example.com/stripe': STRIPE }),
    ], SECRETS_RULES).map(f => f.message);
    expect(messages).toHaveLength(8);
    for (const value of ['hunter2', RANDOM, JWT, GITHUB, STRIPE]) for (const m of messages) expect(m).not.toContain(value);
  });

  test('the library\'s hardened output gets no secrets finding', () => {
    expect(findings(hardenedObjects(), SECRETS_RULES)).toEqual([]);
  });
});
