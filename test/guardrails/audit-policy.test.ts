import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Testing, YamlOutputType } from 'cdk8s';
import { parse } from 'yaml';
import { schemaValidator } from './crd-schema';
import { AuditLevel, AuditPolicy, AuditRuleGroup, AuditStage } from '../../src';

// audit.k8s.io/v1 is not served by the API server, so there is no OpenAPI for it: this schema transcribes the Go types
// (k8s.io/apiserver/pkg/apis/audit/v1/types.go: Policy, PolicyRule, GroupResources) with unknown fields refused.
const strings = { type: 'array', items: { type: 'string' } };
const stages = { type: 'array', items: { enum: ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'] } };
const POLICY_SCHEMA = {
  type: 'object',
  required: ['apiVersion', 'kind', 'rules'],
  properties: {
    apiVersion: { enum: ['audit.k8s.io/v1'] },
    kind: { enum: ['Policy'] },
    metadata: { type: 'object' },
    omitStages: stages,
    omitManagedFields: { type: 'boolean' },
    rules: {
      type: 'array',
      items: {
        type: 'object',
        required: ['level'],
        properties: {
          level: { enum: ['None', 'Metadata', 'Request', 'RequestResponse'] },
          users: strings,
          userGroups: strings,
          verbs: strings,
          namespaces: strings,
          nonResourceURLs: strings,
          resources: { type: 'array', items: { type: 'object', properties: { group: { type: 'string' }, resources: strings, resourceNames: strings } } },
          omitStages: stages,
          omitManagedFields: { type: 'boolean' },
        },
      },
    },
  },
};
const policyErrors = schemaValidator(POLICY_SCHEMA);

interface Request {
  user?: string;
  groups?: string[];
  verb: string;
  group?: string;
  resource?: string;
  subresource?: string;
  namespace?: string;
  path?: string;
}

/** The level the API server records a request at: the first matching rule's (k8s.io/apiserver/pkg/audit/policy/checker.go). */
function levelFor(policy: any, r: Request): string {
  const match = (values: string[] | undefined, value: string | undefined) => !values?.length || (value !== undefined && values.includes(value));
  for (const rule of policy.rules) {
    if (!match(rule.users, r.user ?? 'jane') || (rule.userGroups?.length && !(r.groups ?? []).some(g => rule.userGroups.includes(g)))) continue;
    if (!match(rule.verbs, r.verb)) continue;
    if (r.path !== undefined) {
      if (rule.resources?.length || rule.namespaces?.length) continue;
      if (rule.nonResourceURLs?.length && !rule.nonResourceURLs.some((u: string) => u === '*' || u === r.path || (u.endsWith('*') && r.path!.startsWith(u.slice(0, -1))))) continue;
      return rule.level;
    }
    if (rule.nonResourceURLs?.length) continue;
    if (!match(rule.namespaces, r.namespace ?? '')) continue;
    const name = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
    if (rule.resources?.length && !rule.resources.some((g: any) => (g.group ?? '') === (r.group ?? '') && (!g.resources?.length || g.resources.includes(name) || g.resources.includes('*')))) continue;
    return rule.level;
  }
  return 'None';
}

describe('AuditPolicy defaults', () => {
  const app = Testing.app();
  const audit = new AuditPolicy(new Chart(app, 'guardrails'), 'audit');
  const policy = audit.toJson();

  test('matches the snapshot', () => {
    expect(audit.toYaml()).toMatchSnapshot();
  });

  test('is a valid audit.k8s.io/v1 Policy', () => {
    expect(policyErrors(policy)).toEqual([]);
    expect(parse(audit.toYaml())).toEqual(policy);
    expect(policy.omitStages).toEqual(['RequestReceived']);
  });

  test.each<[string, Request, string]>([
    ['health probe', { verb: 'get', path: '/readyz' }, 'None'],
    ['health probe detail', { verb: 'get', path: '/livez/ping' }, 'None'],
    ['version', { verb: 'get', path: '/version' }, 'None'],
    ['metrics scrape', { verb: 'get', path: '/metrics' }, 'Metadata'],
    ['kube-proxy watching endpoint slices', { user: 'system:kube-proxy', verb: 'watch', group: 'discovery.k8s.io', resource: 'endpointslices' }, 'None'],
    ['someone else watching services', { verb: 'watch', resource: 'services', namespace: 'shop' }, 'Metadata'],
    ['an event', { verb: 'create', resource: 'events', namespace: 'shop' }, 'None'],
    ['a node heartbeat', { user: 'system:node:n1', verb: 'update', group: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-node-lease' }, 'None'],
    ['reading a secret', { verb: 'get', resource: 'secrets', namespace: 'shop' }, 'Metadata'],
    ['writing a secret', { verb: 'create', resource: 'secrets', namespace: 'shop' }, 'Metadata'],
    ['a config map', { verb: 'patch', resource: 'configmaps', namespace: 'shop' }, 'Metadata'],
    ['a token review', { verb: 'create', group: 'authentication.k8s.io', resource: 'tokenreviews' }, 'Metadata'],
    ['a token request', { verb: 'create', resource: 'serviceaccounts', subresource: 'token', namespace: 'shop' }, 'Metadata'],
    ['binding cluster-admin', { verb: 'create', group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' }, 'RequestResponse'],
    ['editing a role', { verb: 'patch', group: 'rbac.authorization.k8s.io', resource: 'roles', namespace: 'shop' }, 'RequestResponse'],
    ['listing roles', { verb: 'list', group: 'rbac.authorization.k8s.io', resource: 'roles', namespace: 'shop' }, 'Metadata'],
    ['deploying', { verb: 'patch', group: 'apps', resource: 'deployments', namespace: 'shop' }, 'RequestResponse'],
    ['deleting a daemon set', { verb: 'delete', group: 'apps', resource: 'daemonsets', namespace: 'shop' }, 'RequestResponse'],
    ['creating a cron job', { verb: 'create', group: 'batch', resource: 'cronjobs', namespace: 'shop' }, 'RequestResponse'],
    ['exec into a pod', { verb: 'create', resource: 'pods', subresource: 'exec', namespace: 'shop' }, 'Request'],
    ['kubectl debug', { verb: 'patch', resource: 'pods', subresource: 'ephemeralcontainers', namespace: 'shop' }, 'Request'],
    ['listing pods', { verb: 'list', resource: 'pods', namespace: 'shop' }, 'Metadata'],
  ])('%s is recorded at %s', (_, request, level) => {
    expect(levelFor(policy, request)).toBe(level);
  });

  test('is written beside the manifests at app.synth(), only then, and after them', () => {
    expect(fs.existsSync(audit.filePath)).toBe(false);
    app.synth();
    expect(audit.filePath).toBe(path.join(app.outdir, 'audit-policy.yaml'));
    expect(parse(fs.readFileSync(audit.filePath, 'utf8'))).toEqual(policy);
    expect(fs.readdirSync(app.outdir).sort()).toEqual(['audit-policy.yaml', 'guardrails.k8s.yaml']);
  });

  test('is written for folder-per-chart output too, and not when validation fails', () => {
    const dir = fs.mkdtempSync(path.join(app.outdir, 'folders-'));
    const foldered = new App({ outdir: dir, yamlOutputType: YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
    new AuditPolicy(new Chart(foldered, 'c'), 'audit', { fileName: 'policy.yaml' });
    foldered.synth();
    expect(fs.existsSync(path.join(dir, 'policy.yaml'))).toBe(true);

    const failing = new App({ outdir: fs.mkdtempSync(path.join(app.outdir, 'failing-')) });
    const chart = new Chart(failing, 'c');
    new AuditPolicy(chart, 'audit');
    chart.node.addValidation({ validate: () => ['broken'] });
    expect(() => failing.synth()).toThrow(/broken/);
    expect(fs.existsSync(path.join(failing.outdir, 'audit-policy.yaml'))).toBe(false);
  });
});

describe('AuditPolicy input', () => {
  test('extra rules come first, overrides change the built-in levels, stages and managed fields are configurable', () => {
    const audit = new AuditPolicy(Testing.chart(), 'audit', {
      extraRules: [
        { level: AuditLevel.NONE, users: ['system:serviceaccount:argocd:argocd-application-controller'], verbs: ['get', 'list', 'watch'] },
        { level: AuditLevel.REQUEST_RESPONSE, resources: [{ group: 'networking.k8s.io', resources: ['networkpolicies'] }], omitStages: [AuditStage.RESPONSE_STARTED] },
        { level: AuditLevel.METADATA, nonResourceUrls: ['/metrics'] },
      ],
      levelOverrides: [
        { group: AuditRuleGroup.DEFAULT, level: AuditLevel.REQUEST },
        { group: AuditRuleGroup.SENSITIVE_RESOURCES, level: AuditLevel.NONE },
      ],
      omitStages: [AuditStage.REQUEST_RECEIVED, AuditStage.PANIC],
      omitManagedFields: false,
    });
    const policy = audit.toJson();
    expect(policyErrors(policy)).toEqual([]);
    expect(policy.rules[0].users).toEqual(['system:serviceaccount:argocd:argocd-application-controller']);
    expect(policy.rules[2]).toEqual({ level: 'Metadata', nonResourceURLs: ['/metrics'] });
    expect(levelFor(policy, { user: 'system:serviceaccount:argocd:argocd-application-controller', verb: 'list', resource: 'secrets' })).toBe('None');
    expect(levelFor(policy, { verb: 'create', group: 'networking.k8s.io', resource: 'networkpolicies', namespace: 'a' })).toBe('RequestResponse');
    expect(levelFor(policy, { verb: 'get', resource: 'secrets', namespace: 'a' })).toBe('None');
    expect(levelFor(policy, { verb: 'get', resource: 'services', namespace: 'a' })).toBe('Request');
    expect(policy.omitStages).toEqual(['RequestReceived', 'Panic']);
    expect(policy.omitManagedFields).toBe(false);
  });

  const make = (props: object) => () => new AuditPolicy(Testing.chart(), 'audit', props);
  test.each([
    [{ levelOverrides: [{ group: AuditRuleGroup.SENSITIVE_RESOURCES, level: AuditLevel.REQUEST_RESPONSE }] }, /levelOverrides\[0\].level: RequestResponse for Secrets, ConfigMaps and tokens would write their values/],
    [{ levelOverrides: [{ group: 'PODS', level: AuditLevel.NONE }] }, /levelOverrides\[0\].group: "PODS" is not an audit rule group/],
    [{ extraRules: [{ level: 'Everything' }] }, /extraRules\[0\].level: "Everything" is not an audit level/],
    [{ extraRules: [{ level: AuditLevel.NONE, nonResourceUrls: ['healthz'] }] }, /nonResourceUrls\[0\]: "healthz" is not a non-resource URL rule/],
    [{ extraRules: [{ level: AuditLevel.NONE, nonResourceUrls: ['/a*b'] }] }, /"\/a\*b" is not a non-resource URL rule/],
    [{ extraRules: [{ level: AuditLevel.NONE, nonResourceUrls: ['/x'], namespaces: ['a'] }] }, /both non-resource URLs and resources or namespaces/],
    [{ extraRules: [{ level: AuditLevel.NONE, resources: [{ group: 'rbac.authorization.k8s.io/v1' }] }] }, /resources\[0\].group: "rbac.authorization.k8s.io\/v1" is not a valid DNS-1123 subdomain/],
    [{ extraRules: [{ level: AuditLevel.NONE, resources: [{ group: '', resourceNames: ['x'] }] }] }, /resourceNames need at least one resource/],
    [{ extraRules: [{ level: AuditLevel.NONE, users: [''] }] }, /users\[0\]: the entry is empty/],
    [{ omitStages: ['Received'] }, /omitStages\[0\]: "Received" is not an audit stage/],
    [{ fileName: '../audit.yaml' }, /fileName: "..\/audit.yaml" is not a plain file name/],
  ])('%j is refused', (props, message) => {
    expect(make(props)).toThrow(message);
  });

  test('two files of the same name are refused', () => {
    const chart = Testing.chart();
    new AuditPolicy(chart, 'a');
    expect(() => new AuditPolicy(chart, 'b')).toThrow(/\[test\/b\] fileName: "audit-policy.yaml" is already written by test\/a/);
  });
});
