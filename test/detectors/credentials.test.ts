/**
 * The credential detector against two corpora: credentials that must be found wherever they hide (env, args, command,
 * annotations, ConfigMap file bodies and binaryData), and legitimate values that must pass (false refusals are failures).
 * The entropy bar is measured here on seeded random tokens.
 */
import {
  CredentialContext, describeCredential, expectedEntropy, findCredential, findCredentialInBinary, findCredentialsInArgs, isHighEntropyToken,
  isSecretLikeName, shannonEntropy,
} from '../../src/detectors/credentials';

// Synthetic credentials in the real formats; none is live.
const GITHUB = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
const GITHUB_FINE = 'github_pat_' + '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz';
const GITLAB = 'glpat-' + 'xYz12AbC34dEf56GhI78';
const SLACK = 'xoxb-' + '123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx';
const SLACK_HOOK = 'https://hooks.slack.com/services/' + 'T01ABCDEF/B02GHIJKL/AbCdEfGhIjKlMnOpQrStUvWx';
const STRIPE = 'sk_live_' + '4eC39HqLyjWDarjtT1zdp7dc';
const STRIPE_RESTRICTED = 'rk_live_' + '51HqLyjWDarjtT1zdp7dcXYZ';
const GOOGLE = 'AIza' + 'SyA1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q';
const NPM = 'npm_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
const AWS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const OPENAI = 'sk-proj-' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4';
const SENDGRID = 'SG.' + 'A1b2C3d4E5f6G7h8I9j0Kw.' + 'L1m2N3o4P5q6R7s8T9u0V1w2X3y4Z5a6B7c8D9e0F1g';
const RANDOM = 'Zx8Qp2Lr7Vt4Nw9Ks3Hd6Jm1Fb5Gc0YaE';
const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n';
const AZURE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const b64 = (text: string) => Buffer.from(text).toString('base64');

type Case = readonly [where: string, name: string | undefined, value: string, context?: CredentialContext];

/** Legitimate values: none may be found. */
const LEGITIMATE: readonly Case[] = [
  // Environment variables whose name mentions a credential but only describes or locates it.
  ['env', 'TOKEN_TTL', '3600'],
  ['env', 'PASSWORD_MIN_LENGTH', '12'],
  ['env', 'SECRET_NAME', 'db-creds'],
  ['env', 'API_KEY_HEADER', 'X-Api-Key'],
  ['env', 'JWT_ISSUER', 'https://auth.example.com/realms/shop'],
  ['env', 'JWT_AUDIENCE', 'shop-api'],
  ['env', 'TOKEN_EXPIRY', '15m'],
  ['env', 'JWT_EXPIRY', '1h'],
  ['env', 'AUTH_ENABLED', 'true'],
  ['env', 'PASSWORD_HASH_ALGORITHM', 'argon2id'],
  ['env', 'SIGNING_KEY_ALGORITHM', 'RS256'],
  ['env', 'DB_PASSWORD_FILE', '/run/secrets/db/password'],
  ['env', 'TOKEN_URL', 'https://auth.example.com/token'],
  ['env', 'TOKEN_REFRESH_INTERVAL', '5m'],
  ['env', 'SECRET_ROTATION_DAYS', '30'],
  ['env', 'PASSWORD_POLICY', 'strict'],
  ['env', 'API_KEY_NAME', 'x-api-key'],
  ['env', 'AUTH_HEADER', 'Authorization'],
  ['env', 'AUTH', 'oidc'],
  ['env', 'AUTH_TYPE', 'basic'],
  ['env', 'SECRETS_DIR', '/run/secrets'],
  ['env', 'PGPASSFILE', '/run/secrets/pgpass'],
  ['env', 'API_TOKEN', '$(API_TOKEN_FROM_SECRET)'],
  ['env', 'DB_PASSWORD', ''],
  // Names that only look like one: a tokenizer, a passthrough switch, lookup keys, public keys, KMS key ids.
  ['env', 'TOKENIZER_MODEL', 'bert-base-uncased'],
  ['env', 'SSL_PASSTHROUGH', 'enabled'],
  ['env', 'CACHE_KEY', 'users-v2'],
  ['env', 'PUBLIC_KEY_PATH', '/etc/keys/pub.pem'],
  ['env', 'KMS_KEY_ID', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'],
  ['env', 'STRIPE_PUBLISHABLE_KEY', 'pk_live_51HqLyjWDarjtT1zdp7dc'],
  ['env', 'OAUTH_CLIENT_ID', 'shop-web'],
  ['env', 'VAULT_ADDR', 'https://vault.example.com:8200'],
  ['env', 'VAULT_ROLE', 'shop'],
  // Values that look random but are identifiers: digests, UUIDs, git SHAs, camelCase names, base64 of ordinary text.
  ['env', 'IMAGE', 'registry.example.com/shop/api@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ['env', 'REQUEST_ID', 'f47ac10b-58cc-4372-a567-0e02b2c3d479'],
  ['env', 'GIT_SHA', '9fceb02d0ae598e95dc970b74767f19372d61af8'],
  ['env', 'CHECKSUM', 'sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg=='],
  ['env', 'SERVICE_CLASS', 'OrderServiceV2HandlerFactory1'],
  ['env', 'MAIN_CLASS', 'MyApplicationConfigurationService2'],
  ['env', 'GREETING', b64('Hello from Kubernetes, this is ordinary text')],
  ['env', 'RELEASE', 'release-2024-01-15-build-1234-Final'],
  // Ordinary settings.
  ['env', 'LOG_LEVEL', 'info'],
  ['env', 'TZ', 'Europe/Amsterdam'],
  ['env', 'NODE_OPTIONS', '--max-old-space-size=512'],
  ['env', 'JAVA_TOOL_OPTIONS', '-XX:MaxRAMPercentage=75 -Djavax.net.ssl.trustStore=/etc/ssl/truststore.jks'],
  ['env', 'DATABASE_URL', 'postgres://app@db:5432/shop?sslmode=require'],
  ['env', 'REDIS_URL', 'redis://redis:6379/0'],
  ['env', 'SENTRY_DSN', 'https://examplePublicKey@o0.ingest.sentry.io/0'],
  ['env', 'MAX_CONNECTIONS', '100'],
  // Annotations: Secret names, store paths, templates, prose, switches.
  ['annotation', 'nginx.ingress.kubernetes.io/auth-secret', 'basic-auth', 'annotation'],
  // A compliance zone's default toleration: "key" names a taint (a qualified name), it is not a key.
  ['annotation', 'scheduler.alpha.kubernetes.io/defaultTolerations', '[{"effect":"NoSchedule","key":"compliance.cdk8s-hardening.dev/zone","operator":"Equal","value":"restricted-data"}]', 'annotation'],
  ['annotation', 'nginx.ingress.kubernetes.io/auth-type', 'basic', 'annotation'],
  ['annotation', 'nginx.ingress.kubernetes.io/auth-realm', 'Authentication Required', 'annotation'],
  ['annotation', 'vault.hashicorp.com/agent-inject-secret-db-creds', 'database/creds/shop', 'annotation'],
  ['annotation', 'vault.hashicorp.com/agent-inject-template-db-creds',
    '{{- with secret "database/creds/shop" -}}postgres://{{ .Data.username }}:{{ .Data.password }}@db/shop{{- end }}', 'annotation'],
  ['annotation', 'vault.hashicorp.com/agent-inject-token', 'true', 'annotation'],
  ['annotation', 'secret.reloader.stakater.com/reload', 'db-creds,api-keys', 'annotation'],
  ['annotation', 'waiver.cdk8s-hardening.dev/secret-env', 'psql reads PGPASSWORD only from the environment', 'annotation'],
  ['annotation', 'checksum/config', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'annotation'],
  ['annotation', 'eks.amazonaws.com/role-arn', 'arn:aws:iam::111122223333:role/shop', 'annotation'],
  ['annotation', 'kubernetes.io/service-account.name', 'shop', 'annotation'],
  ['annotation', 'example.com/description', 'Rotates the API token nightly; password: see the runbook', 'annotation'],
  ['annotation', 'example.com/token-secret', 'shop-api-token', 'annotation'],
  // ConfigMap files that configure credentials without holding them.
  ['file', 'app.properties', 'server.port=8080\nspring.datasource.username=shop\nspring.datasource.password=${DB_PASSWORD}\n'],
  ['file', 'config.yaml', 'auth:\n  tokenTTL: 3600\n  passwordMinLength: 12\n  jwtIssuer: https://auth.example.com\n  apiKeyHeader: X-Api-Key\n'],
  ['file', 'prometheus.yml', 'basic_auth:\n  username: prom\n  password_file: /etc/prometheus/secrets/password\nauthorization:\n  credentials_file: /run/secrets/token\n'],
  ['file', 'settings.json', '{"apiKeyHeader": "X-Api-Key", "tokenExpiry": "15m", "secretName": "db-creds", "password": null}'],
  ['file', '.env', 'LOG_LEVEL=info\nSESSION_SECRET_FILE=/run/secrets/session\nAUTH_ENABLED=false\n'],
  ['file', 'nginx.conf', 'location / {\n  auth_basic "Restricted";\n  auth_basic_user_file /etc/nginx/htpasswd;\n}\n'],
  ['file', 'grafana.ini', '[security]\nadmin_user = admin\nadmin_password = $__file{/etc/secrets/admin_password}\n'],
  ['file', 'entrypoint.sh', 'PGPASSWORD="$(cat /run/secrets/db/password)" exec psql -h db shop\n'],
  ['file', 'values.yaml', 'postgresql:\n  auth:\n    existingSecret: db-creds\n    secretKeys:\n      adminPasswordKey: postgres-password\n'],
  ['file', 'app.py', 'import os\npassword = os.environ["DB_PASSWORD"]\n'],
  ['file', 'ca.crt', '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUZ\n-----END CERTIFICATE-----\n'],
  ['file', 'jwks.pem', '-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYI\n-----END PUBLIC KEY-----\n'],
];

/** Legitimate command and args lists: none may be found. */
const LEGITIMATE_ARGS: ReadonlyArray<readonly string[]> = [
  ['--password-file=/run/secrets/db'],
  ['--token-ttl', '3600'],
  ['psql', '-h', 'db', '--password', 'shop'],
  ['--authorization-mode=Node,RBAC'],
  ['--api-key-header=X-Api-Key'],
  ['--jwt-issuer=https://auth.example.com'],
  ['--config=/etc/app/config.yaml', '--log-level=debug'],
  ['sh', '-c', 'exec /app/server --listen :8080 --token-file /run/secrets/token'],
  ['--client-secret=$(OIDC_CLIENT_SECRET)'],
  ['docker', 'login', '--username', 'ci', '--password-stdin'],
  ['--no-auth', 'serve'],
  ['migrate', '--to', 'latest'],
  ['--secret-name', 'db-creds'],
  ['--image', 'registry.example.com/shop/api@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
];

/** Credentials: each must be found. */
const CREDENTIALS: readonly Case[] = [
  ['env', 'DB_PASSWORD', 'hunter2'],
  ['env', 'DB_PASS', 'hunter2'],
  ['env', 'DB_PW', 'Tr0ub4dor'],
  ['env', 'AUTH', 'Basic dXNlcjpwYXNzd29yZA=='],
  ['env', 'AUTH', 'Bearer abc123DEF456ghi789'],
  ['env', 'STRIPE_KEY', STRIPE],
  ['env', 'STRIPE_KEY', STRIPE_RESTRICTED],
  ['env', 'SIGNING_KEY', 'k3y-for-signing'],
  ['env', 'JWT', JWT],
  ['env', 'ALERTS_URL', SLACK_HOOK],
  ['env', 'BLOB', RANDOM],
  ['env', 'GITHUB', GITHUB],
  ['env', 'GH', GITHUB_FINE],
  ['env', 'GITLAB', GITLAB],
  ['env', 'SLACK', SLACK],
  ['env', 'MAPS', GOOGLE],
  ['env', 'REGISTRY', NPM],
  ['env', 'CLOUD', AWS_KEY_ID],
  ['env', 'AWS_SECRET_ACCESS_KEY', AWS_SECRET],
  ['env', 'DATABASE_URL', 'postgres://app:s3cret@db/app'],
  ['env', 'REDIS_URL', 'redis://:hunter2@redis:6379'],
  ['env', 'TLS', PEM],
  ['env', 'JAVA_OPTS', '-Xmx512m -Djavax.net.ssl.keyStorePassword=changeit'],
  ['env', 'CLIENT_SECRET', 'supersecret'],
  ['env', 'JWT_SECRET', 'supersecret'],
  ['env', 'API_TOKEN', 'abc'],
  ['env', 'apiKey', 'xyz12345'],
  ['env', 'ENCRYPTION_KEY', 'not-so-random'],
  ['env', 'PASSPHRASE', 'correct horse battery staple'],
  ['env', 'LLM', OPENAI],
  ['env', 'MAIL', SENDGRID],
  ['env', 'SETTINGS', b64('password=hunter2')],
  ['env', 'KEY', b64(PEM)],
  // Annotations.
  ['annotation', 'example.com/db-password', 'hunter2hunter2', 'annotation'],
  ['annotation', 'example.com/api-token', GITHUB, 'annotation'],
  ['annotation', 'notify.example.com/webhook', SLACK_HOOK, 'annotation'],
  ['annotation', 'example.com/auth', 'Basic dXNlcjpwYXNzd29yZA==', 'annotation'],
  ['annotation', 'example.com/signing-key', RANDOM, 'annotation'],
  ['annotation', 'kubectl.kubernetes.io/last-applied-configuration', '{"data":{"password":"hunter2hunter2"}}', 'annotation'],
  ['annotation', 'example.com/build', RANDOM, 'annotation'],
  // ConfigMap file bodies.
  ['file', 'app.properties', 'server.port=8080\ndb.password=hunter2\n'],
  ['file', 'config.ini', '[db]\nhost = db\npassword = hunter2\n'],
  ['file', 'config.yaml', 'database:\n  host: db\n  password: hunter2\n'],
  ['file', 'settings.json', '{"db": {"password": "hunter2"}}'],
  ['file', '.env', 'LOG_LEVEL=info\nSTRIPE_KEY=' + STRIPE + '\n'],
  ['file', '.env', 'export DB_PASS=hunter2\n'],
  ['file', 'context.xml', '<Resource><username>shop</username><password>hunter2</password></Resource>'],
  ['file', 'appsettings.json', '{"ConnectionStrings": {"Default": "Server=db;Database=shop;User Id=sa;Password=Passw0rd!;"}}'],
  ['file', 'storage.conf', `DefaultEndpointsProtocol=https;AccountName=shop;AccountKey=${AZURE_KEY};EndpointSuffix=core.windows.net`],
  ['file', 'tls.yaml', `tls:\n  key: |\n    ${PEM.replace(/\n/g, '\n    ')}`],
  ['file', 'client.yaml', 'endpoint: https://api.example.com/v1?api_key=AbCdEf123456\n'],
  ['file', 'auth.json', '{"auth": {"token": "abc123DEF456"}}'],
  ['file', 'aws-credentials', `[default]\naws_access_key_id = ${AWS_KEY_ID}\naws_secret_access_key = ${AWS_SECRET}\n`],
  ['file', 'settings.toml', '[smtp]\nuser = "shop"\npassword = "correct horse"\n'],
];

/** Credentials in command and args: each must be found. */
const CREDENTIAL_ARGS: ReadonlyArray<readonly string[]> = [
  [`--github-token=${GITHUB}`],
  ['--password=hunter2hunter2'],
  ['--password', 'hunter2hunter2'],
  ['sh', '-c', 'curl -H "Authorization: Bearer abc123DEF456ghi789" https://api.example.com'],
  ['sh', '-c', `exec app --token ${RANDOM}`],
  ['--api-key=AbCdEf123456'],
  ['mysql', '--user=root', '--password=root1234'],
  ['--db-url=postgres://u:p4ss@db/x'],
  ['serve', RANDOM],
  ['--client-secret', 'S3cr3tValue!'],
];

/** Credentials in ConfigMap binaryData (base64): each must be found. */
const CREDENTIAL_BINARY: ReadonlyArray<readonly [string, string]> = [
  ['tls.pem', b64(PEM)],
  ['app.properties', b64('db.password=hunter2\n')],
  ['keystore.jks', Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2]).toString('base64')],
  ['tls.key', Buffer.from([0x30, 0x82, 0x04, 0xa4, 0x02, 0x01, 0x00, 0x02]).toString('base64')],
];
const LEGITIMATE_BINARY: ReadonlyArray<readonly [string, string]> = [
  ['logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x12, 0x34]).toString('base64')],
  ['ca.crt', b64('-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUZ\n-----END CERTIFICATE-----\n')],
  ['app.properties', b64('server.port=8080\nspring.datasource.password=${DB_PASSWORD}\n')],
];

const find = ([, name, value, context]: Case) => findCredential(value, name === undefined ? undefined : name, context ?? 'env');

describe('credential detector', () => {
  test.each(LEGITIMATE.map(c => [`${c[0]} ${c[1]}`, c] as const))('passes %s', (_, c) => {
    expect(find(c)).toBeUndefined();
  });

  test.each(LEGITIMATE_ARGS.map(a => [a.join(' '), a] as const))('passes args %s', (_, args) => {
    expect(findCredentialsInArgs(args)).toEqual([]);
  });

  test.each(LEGITIMATE_BINARY.map(b => [b[0], b] as const))('passes binaryData %s', (_, [name, data]) => {
    expect(findCredentialInBinary(data, name)).toBeUndefined();
  });

  test.each(CREDENTIALS.map(c => [`${c[0]} ${c[1]}`, c] as const))('finds %s', (_, c) => {
    const match = find(c);
    expect(match).toBeDefined();
    // A match says what and where, never the value.
    expect(JSON.stringify(match)).not.toContain(c[2]);
    expect(describeCredential(match!)).not.toContain(c[2]);
  });

  test.each(CREDENTIAL_ARGS.map(a => [a.join(' '), a] as const))('finds args %s', (_, args) => {
    const found = findCredentialsInArgs(args);
    expect(found).toHaveLength(1);
    const secretElement = args[found[0].index];
    expect(JSON.stringify(found)).not.toContain(secretElement.replace(/^--[\w-]+=/, ''));
  });

  test.each(CREDENTIAL_BINARY.map(b => [b[0], b] as const))('finds binaryData %s', (_, [name, data]) => {
    expect(findCredentialInBinary(data, name)).toBeDefined();
  });

  test('the corpora are large enough to measure false refusals and misses', () => {
    // Reported in the closing note: legitimate values passed, credentials found.
    expect(LEGITIMATE.length + LEGITIMATE_ARGS.length + LEGITIMATE_BINARY.length).toBeGreaterThanOrEqual(60);
    expect(CREDENTIALS.length + CREDENTIAL_ARGS.length + CREDENTIAL_BINARY.length).toBeGreaterThanOrEqual(60);
  });

  test('names: how strongly each says credential', () => {
    for (const name of ['DB_PASSWORD', 'db.password', 'dbPassword', 'DB_PASS', 'DB_PW', 'PGPASSWORD', 'API_KEY', 'apiKey', 'SIGNING_KEY', 'JWT', 'CLIENT_SECRET', 'GITHUB_TOKEN', '--github-token']) {
      expect([name, isSecretLikeName(name)]).toEqual([name, true]);
    }
    for (const name of ['TOKEN_TTL', 'PASSWORD_MIN_LENGTH', 'SECRET_NAME', 'API_KEY_HEADER', 'JWT_ISSUER', 'TOKENIZER', 'COMPASS', 'PUBLIC_KEY', 'CACHE_KEY', 'LOG_LEVEL']) {
      expect([name, isSecretLikeName(name)]).toEqual([name, false]);
    }
  });
});

describe('entropy bar', () => {
  // A seeded generator (mulberry32), so the measurement is the same on every run; it is bit arithmetic by definition.
  /* eslint-disable no-bitwise */
  function rng(seed: number) {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }
  /* eslint-enable no-bitwise */
  const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const BASE64 = `${BASE62}+/`;

  /** Share of random tokens of `length` (mixing cases and digits, as the shape test requires) that the bar finds. */
  function detectionRate(length: number, alphabet: string, draws = 4000): number {
    const next = rng(length * 7919 + alphabet.length);
    let eligible = 0;
    let found = 0;
    while (eligible < draws) {
      let token = '';
      for (let i = 0; i < length; i++) token += alphabet[Math.floor(next() * alphabet.length)];
      if (!/[A-Z]/.test(token) || !/[a-z]/.test(token) || !/[0-9]/.test(token)) continue;
      eligible++;
      if (isHighEntropyToken(token)) found++;
    }
    return found / eligible;
  }

  test.each([
    [20, 0.96], [24, 0.97], [32, 0.99], [40, 0.99], [64, 0.999],
  ])('finds random tokens of %i characters (at least %d of them)', (length, rate) => {
    expect(detectionRate(length, BASE62)).toBeGreaterThanOrEqual(rate);
    expect(detectionRate(length, BASE64)).toBeGreaterThanOrEqual(rate);
  });

  test('the expected entropy is exact for the alphabet and saturates at log2 of it', () => {
    expect(expectedEntropy(1)).toBe(0);
    expect(expectedEntropy(20)).toBeCloseTo(4.033, 2);
    expect(expectedEntropy(1e6)).toBeLessThan(Math.log2(62));
    expect(expectedEntropy(1e6)).toBeGreaterThan(5.9);
    expect(shannonEntropy('aaaa')).toBe(0);
  });

  test('identifiers and hex digests stay below the bar', () => {
    for (const v of ['OrderServiceV2HandlerFactory1', 'ThisIsAVeryLongCamelCaseName123', 'ProductionEuWest1ClusterNodes', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']) {
      expect([v, isHighEntropyToken(v)]).toEqual([v, false]);
    }
  });
});
