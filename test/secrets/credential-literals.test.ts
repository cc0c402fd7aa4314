/**
 * Constructs refuse credentials written as literals wherever they hide (env, command, args, annotations), with the same
 * detector as the audit; legitimate values that only mention a credential must still synthesize.
 */
import { Chart } from 'cdk8s';
import { shopChart } from './fixtures';
import { EnvValue, HardenedDeployment, HardenedDeploymentProps } from '../../src';
import { IMAGE, expectRefused } from '../harness';

const GITHUB = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
const SLACK_HOOK = 'https://hooks.slack.com/services/' + 'T01ABCDEF/B02GHIJKL/AbCdEfGhIjKlMnOpQrStUvWx';
const deploy = (props: Partial<HardenedDeploymentProps>) => () => new HardenedDeployment(shopChart(), 'api', { image: IMAGE, port: 8080, ...props });
const env = (vars: Record<string, string>) => ({ env: Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, EnvValue.fromValue(v)])) });

describe('hardened workloads refuse literal credentials', () => {
  test.each<[string, Partial<HardenedDeploymentProps>, string, RegExp, string]>([
    ['DB_PASS', env({ DB_PASS: 'hunter2' }), 'props.env["DB_PASS"]', /"DB_PASS" is named like a credential/, 'hunter2'],
    ['DB_PW', env({ DB_PW: 'Tr0ub4dor' }), 'props.env["DB_PW"]', /"DB_PW" is named like a credential/, 'Tr0ub4dor'],
    ['AUTH with Basic', env({ AUTH: 'Basic dXNlcjpwYXNzd29yZA==' }), 'props.env["AUTH"]', /looks like an Authorization header credential/, 'dXNlcjpwYXNzd29yZA=='],
    ['STRIPE_KEY', env({ STRIPE_KEY: 'sk_live_' + '4eC39HqLyjWDarjtT1zdp7dc' }), 'props.env["STRIPE_KEY"]', /looks like a Stripe secret key/, '4eC39HqLyjWDarjtT1zdp7dc'],
    ['SIGNING_KEY', env({ SIGNING_KEY: 'k3y-for-signing' }), 'props.env["SIGNING_KEY"]', /"SIGNING_KEY" is named like a credential/, 'k3y-for-signing'],
    ['a Slack webhook', env({ ALERTS: SLACK_HOOK }), 'props.env["ALERTS"]', /looks like a Slack webhook URL/, 'AbCdEfGhIjKlMnOpQrStUvWx'],
    ['a high-entropy blob', env({ BLOB: 'Zx8Qp2Lr7Vt4Nw9Ks3Hd6Jm1Fb5Gc0YaE' }), 'props.env["BLOB"]', /looks like a random token/, 'Zx8Qp2Lr7Vt4Nw9Ks3Hd6Jm1Fb5Gc0YaE'],
    ['a token in args', { args: [`--github-token=${GITHUB}`] }, 'props.args[0]', /looks like a GitHub token/, GITHUB],
    ['a password flag in args', { args: ['serve', '--password=hunter2hunter2'] }, 'props.args[1]', /passes a literal credential to "password"/, 'hunter2hunter2'],
    ['a password after its flag', { args: ['--password', 'hunter2hunter2'] }, 'props.args[1]', /passes a literal credential to "--password"/, 'hunter2hunter2'],
    ['a bearer token in command', { command: ['sh', '-c', 'curl -H "Authorization: Bearer abc123DEF456ghi789" https://api'] }, 'props.command[2]', /Authorization header credential/, 'abc123DEF456ghi789'],
    ['a sidecar\'s token in args', { sidecars: [{ name: 'proxy', image: IMAGE, port: 9000, args: [`--token=${GITHUB}`] }] }, 'props.sidecars[0].args[0]', /GitHub token/, GITHUB],
    ['a password in an annotation', { annotations: { 'example.com/db-password': 'hunter2hunter2' } }, 'annotations["example.com/db-password"]', /is named like a credential/, 'hunter2hunter2'],
    ['a webhook in an annotation', { annotations: { 'notify.example.com/webhook': SLACK_HOOK } }, 'annotations["notify.example.com/webhook"]', /Slack webhook URL/, 'AbCdEfGhIjKlMnOpQrStUvWx'],
  ])('%s', (_, props, prop, problem, secret) => {
    const message = expectRefused(deploy(props), 'shop/api', prop, problem);
    expect(message).not.toContain(secret);
  });

  test.each<[string, Partial<HardenedDeploymentProps>]>([
    // Refused by name alone before the detector judged the value too: false refusals, now fixed.
    ['TOKEN_TTL and PASSWORD_MIN_LENGTH', env({ TOKEN_TTL: '3600', PASSWORD_MIN_LENGTH: '12' })],
    ['names that describe or locate a credential', env({ SECRET_NAME: 'db-creds', API_KEY_HEADER: 'X-Api-Key', JWT_ISSUER: 'https://auth.example.com', DB_PASSWORD_FILE: '/run/secrets/db/password' })],
    ['identifiers that look random', env({ GIT_SHA: '9fceb02d0ae598e95dc970b74767f19372d61af8', REQUEST_ID: 'f47ac10b-58cc-4372-a567-0e02b2c3d479', MAIN_CLASS: 'OrderServiceV2HandlerFactory1' })],
    ['a password file flag and a switch', { args: ['--password-file=/run/secrets/db', '--token-ttl', '3600', 'psql', '--password', 'shop'] }],
    ['a variable reference in args', { command: ['/app/server'], args: ['--client-secret=$(OIDC_CLIENT_SECRET)'] }],
    ['annotations naming Secrets and store paths', { annotations: { 'nginx.ingress.kubernetes.io/auth-secret': 'basic-auth', 'vault.hashicorp.com/agent-inject-secret-db': 'database/creds/shop' } }],
  ])('accepts %s', (_, props) => {
    const chart: Chart = shopChart();
    expect(() => new HardenedDeployment(chart, 'api', { image: IMAGE, port: 8080, ...props })).not.toThrow();
  });
});
