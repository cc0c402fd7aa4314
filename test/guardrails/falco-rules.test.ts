import * as fs from 'fs';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { FalcoRules, HardenedDeployment, HardenedJob, IsolatedNamespace, Peer, Port, Protocol, Waiver } from '../../src';
import { appWithDefaults, IMAGE, schemaErrors, synthObjects } from '../harness';

// Falco's standard syscall fields the rules may use (falco.org/docs/reference/rules/supported-fields), and its operators.
const FIELDS = new Set([
  'evt.type', 'evt.dir', 'evt.is_open_write', 'evt.is_open_read', 'evt.rawres', 'evt.res',
  'fd.typechar', 'fd.num', 'fd.name', 'fd.sip', 'fd.snet', 'fd.sport', 'fd.l4proto',
  'proc.name', 'proc.pname', 'proc.cmdline', 'proc.vpid', 'user.name',
  'container.id', 'container.name', 'container.image.repository', 'k8s.ns.name', 'k8s.pod.name', 'k8s.pod.label',
]);
const COMPARISONS = new Set(['=', '!=', '<', '<=', '>', '>=', 'in', 'pmatch', 'startswith', 'endswith', 'contains']);
const PRIORITIES = new Set(['EMERGENCY', 'ALERT', 'CRITICAL', 'ERROR', 'WARNING', 'NOTICE', 'INFORMATIONAL', 'DEBUG']);

/**
 * Parses a Falco condition (or / and / not, parentheses, macros, `field op value`, `field in (list)`) and returns
 * what it references that is neither a standard field nor a defined macro or list; throws on syntax errors.
 */
function unknownReferences(condition: string, macros: Set<string>, lists: Set<string>): string[] {
  const tokens = condition.match(/"[^"]*"|\(|\)|,|!=|<=|>=|=|<|>|[^\s(),=!<>"]+/g) ?? [];
  const unknown: string[] = [];
  let i = 0;
  const peek = () => tokens[i];
  const next = () => {
    if (i >= tokens.length) throw new Error(`unexpected end of "${condition}"`);
    return tokens[i++];
  };
  const value = () => {
    const t = next();
    if (t === '(') {
      for (;;) {
        const item = next();
        if (/^[a-z_][a-z0-9_]*$/.test(item) && !item.includes('.') && /^hardened_/.test(item) && !lists.has(item)) unknown.push(item);
        const sep = next();
        if (sep === ')') break;
        if (sep !== ',') throw new Error(`expected , or ) in "${condition}", got ${sep}`);
      }
    } else if (t === ')' || t === ',') {
      throw new Error(`expected a value in "${condition}", got ${t}`);
    }
  };
  const primary = (): void => {
    const t = next();
    if (t === 'not') return primary();
    if (t === '(') {
      expr();
      if (next() !== ')') throw new Error(`unbalanced parentheses in "${condition}"`);
      return;
    }
    const field = /^([a-z0-9_.]+)(?:\[[^\]]+\])?$/.exec(t);
    if (field && COMPARISONS.has(peek())) {
      if (!FIELDS.has(field[1])) unknown.push(field[1]);
      next();
      return value();
    }
    if (!macros.has(t)) unknown.push(t);
  };
  const expr = (): void => {
    primary();
    while (peek() === 'and' || peek() === 'or') {
      next();
      primary();
    }
  };
  expr();
  if (i !== tokens.length) throw new Error(`trailing tokens in "${condition}": ${tokens.slice(i).join(' ')}`);
  return unknown;
}

/** Checks a rules file: item shapes, references, output fields. Returns the problems. */
function rulesProblems(yaml: string): string[] {
  const items = parse(yaml) as any[];
  const problems: string[] = [];
  const macros = new Set<string>();
  const lists = new Set<string>();
  const rules = new Set<string>();
  for (const item of items) {
    const kinds = ['list', 'macro', 'rule'].filter(k => k in item);
    if (kinds.length !== 1) {
      problems.push(`item ${JSON.stringify(item).slice(0, 60)} is not exactly one of list, macro, rule`);
      continue;
    }
    if (item.list) {
      lists.add(item.list);
      if (!Array.isArray(item.items) || item.items.some((x: unknown) => typeof x !== 'string')) problems.push(`list ${item.list}: items must be strings`);
      continue;
    }
    const refs = unknownReferences(item.condition, macros, lists);
    if (refs.length) problems.push(`${item.macro ?? item.rule}: unknown ${refs.join(', ')}`);
    if (item.macro) {
      macros.add(item.macro);
      continue;
    }
    if (rules.has(item.rule)) problems.push(`rule "${item.rule}" is defined twice`);
    rules.add(item.rule);
    for (const key of ['desc', 'condition', 'output', 'priority']) if (typeof item[key] !== 'string' || !item[key]) problems.push(`rule "${item.rule}": no ${key}`);
    if (!PRIORITIES.has(item.priority)) problems.push(`rule "${item.rule}": priority ${item.priority}`);
    if (!Array.isArray(item.tags) || item.tags.some((t: unknown) => typeof t !== 'string')) problems.push(`rule "${item.rule}": tags must be strings`);
    for (const [, field] of item.output.matchAll(/%([a-z0-9_.]+)/g)) if (!FIELDS.has(field)) problems.push(`rule "${item.rule}": output field ${field}`);
  }
  return problems;
}

describe('FalcoRules derived from the constructs', () => {
  const app = appWithDefaults();
  const chart = new Chart(app, 'shop');
  const ns = new IsolatedNamespace(chart, 'payments', { name: 'payments' });
  const api = new HardenedDeployment(chart, 'api', {
    name: 'api',
    image: IMAGE,
    port: 8080,
    namespace: ns,
    command: ['/usr/local/bin/api', '--serve'],
    writablePaths: [{ path: '/tmp' }, { path: '/etc/api/runtime' }],
    waivers: [Waiver.serviceAccountToken('talks to the Kubernetes API to read its leases')],
  });
  const worker = new HardenedJob(chart, 'worker', { name: 'worker', image: IMAGE, namespace: ns });
  const db = new HardenedDeployment(chart, 'db', { name: 'db', image: IMAGE, port: 5432, namespace: ns });
  const falco = new FalcoRules(new Chart(app, 'falco-rules'), 'falco', { workloads: [api], clusterNetworks: ['10.96.0.0/12', '10.244.0.0/16'], fileName: 'falco-rules.yaml' });
  falco.watch(worker, { tokenReaders: ['vault-agent'], extraEgress: [{ cidr: '198.51.100.7/32', ports: [8200] }] });
  // Declared after the FalcoRules: the rules are computed at synth.
  api.allowTo(Peer.cidr('203.0.113.0/24', ['203.0.113.128/25']), Port.tcp(443));
  api.allowTo(db);
  const yaml = falco.toYaml();
  const items = parse(yaml) as any[];
  const rule = (name: string) => items.find(x => x.rule === name);

  test('matches the snapshot', () => {
    expect(yaml).toMatchSnapshot();
  });

  test('is a valid Falco rules file referencing only its own macros and lists and Falco\'s standard fields', () => {
    expect(rulesProblems(yaml)).toEqual([]);
    expect(items.filter(x => x.rule).map(x => x.rule)).toEqual([
      'Shell spawned in hardened workload',
      'Write below binary dir or /etc in hardened workload',
      'Service account token read by unexpected process in payments/api',
      'Unexpected outbound connection from payments/api',
      'Service account token read by unexpected process in payments/worker',
      'Unexpected outbound connection from payments/worker',
    ]);
  });

  test('the ConfigMap is schema-valid and holds the same rules', () => {
    const objects = synthObjects(app).filter(o => o.kind === 'ConfigMap' && o.metadata.name === 'falco-hardened-rules');
    expect(schemaErrors(objects)).toEqual([]);
    expect(objects[0].metadata.namespace).toBe('falco');
    expect(objects[0].data[falco.rulesKey]).toBe(yaml);
  });

  test('pods are selected by namespace and selector labels', () => {
    expect(items.find(x => x.macro === 'hardened_workload_payments_api').condition)
      .toBe('k8s.ns.name = "payments" and k8s.pod.label[app.kubernetes.io/instance] = "api" and k8s.pod.label[app.kubernetes.io/name] = "api"');
  });

  test('declared writable paths below /etc are exempt, /tmp is not protected anyway', () => {
    expect(rule('Write below binary dir or /etc in hardened workload').condition)
      .toContain('not ((hardened_workload_payments_api and container.name = "main" and fd.name pmatch ("/etc/api/runtime")))');
  });

  test('token readers come from the declared command, or the options', () => {
    expect(rule('Service account token read by unexpected process in payments/api').condition).toMatch(/and not proc.name in \("api"\)$/);
    expect(rule('Service account token read by unexpected process in payments/worker').condition).toMatch(/and not proc.name in \("vault-agent"\)$/);
  });

  test('egress comes from the NetworkPolicies: the CIDR with its exception and port, the in-cluster peer, DNS; plus extra egress', () => {
    const apiEgress = rule('Unexpected outbound connection from payments/api').condition;
    expect(apiEgress).toContain('(fd.snet in ("203.0.113.0/24") and not fd.snet in ("203.0.113.128/25") and ((fd.l4proto = tcp and fd.sport = 443)))');
    // The namespace's DNS policy and the db peer are in-cluster: the cluster networks, which subsume the DNS clause.
    expect(apiEgress.match(/\(fd\.snet in \(hardened_cluster_networks\)\)/g)).toHaveLength(1);
    expect(apiEgress).not.toContain('sport = 53');
    const workerEgress = rule('Unexpected outbound connection from payments/worker').condition;
    expect(workerEgress).toContain('(fd.snet in ("198.51.100.7/32") and ((fd.l4proto = tcp and fd.sport = 8200)))');
    expect(workerEgress).not.toContain('203.0.113.0/24');
    expect(items.find(x => x.list === 'hardened_cluster_networks').items).toEqual(['"10.96.0.0/12"', '"10.244.0.0/16"']);
  });

  test('the rules file is written beside the manifests at synth', () => {
    app.synth();
    expect(fs.readFileSync(`${app.outdir}/falco-rules.yaml`, 'utf8')).toBe(yaml);
  });

  test('a workload whose egress is unrestricted gets no egress rule, and none watched gives only the shared macros', () => {
    const c = new Chart(appWithDefaults(), 'c');
    const open = new HardenedDeployment(c, 'open', { name: 'open', image: IMAGE, port: 8080 });
    new ApiObject(c, 'allow-all-egress', { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'allow-all-egress' }, spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{}] } });
    const rules = new FalcoRules(c, 'f', { workloads: [open] });
    expect(rulesProblems(rules.toYaml())).toEqual([]);
    expect((parse(rules.toYaml()) as any[]).filter(x => x.rule).map(x => x.rule)).toEqual([
      'Shell spawned in hardened workload', 'Write below binary dir or /etc in hardened workload', 'Service account token read by unexpected process in default/open',
    ]);
    expect(parse(new FalcoRules(Testing.chart(), 'none').toYaml()).filter((x: any) => x.rule)).toEqual([]);
  });
});

describe('the condition checker catches mistakes', () => {
  test.each([
    ['hardened_missing and fd.name = x', 'hardened_missing'],
    ['proc.nme = sh', 'proc.nme'],
    ['proc.name in (hardened_undefined_list)', 'hardened_undefined_list'],
  ])('%s', (condition, unknown) => {
    expect(unknownReferences(condition, new Set(), new Set())).toEqual([unknown]);
  });
  test('unbalanced parentheses', () => {
    expect(() => unknownReferences('(proc.name = sh', new Set(), new Set())).toThrow(/unexpected end|unbalanced/);
  });
});

describe('bad input', () => {
  const chart = () => new Chart(appWithDefaults(), 'c');
  test.each([
    [{ clusterNetworks: [] }, /clusterNetworks: the list is empty/],
    [{ clusterNetworks: ['10.0.0.0/33'] }, /clusterNetworks\[0\]/],
    [{ namespace: 'Falco' }, /namespace: "Falco" is not a valid DNS-1123 label/],
    [{ fileName: 'rules/x.yaml' }, /fileName: "rules\/x.yaml" is not a plain file name/],
  ])('%j', (props, message) => {
    expect(() => new FalcoRules(chart(), 'f', props)).toThrow(message);
  });

  test.each([
    [{ tokenReaders: ['my process'] }, /tokenReaders\[0\]: "my process" is not a process name/],
    [{ tokenReaders: ['a-very-long-process-name'] }, /at most 15 characters/],
    [{ extraEgress: [{ cidr: 'example.com' }] }, /extraEgress\[0\].cidr/],
    [{ extraEgress: [{ cidr: '10.0.0.0/8', ports: [70000] }] }, /extraEgress\[0\].ports\[0\]: 70000 is not a valid port number/],
    [{ extraEgress: [{ cidr: '10.0.0.0/8', protocol: Protocol.SCTP }] }, /Falco does not tell SCTP connections apart/],
  ])('watch %j', (options, message) => {
    const c = chart();
    const w = new HardenedDeployment(c, 'api', { image: IMAGE, port: 8080 });
    expect(() => new FalcoRules(c, 'f').watch(w, options)).toThrow(message);
  });

  test('watching twice, or something that is not a workload', () => {
    const c = chart();
    const w = new HardenedDeployment(c, 'api', { image: IMAGE, port: 8080 });
    const f = new FalcoRules(c, 'f', { workloads: [w] });
    expect(() => f.watch(w)).toThrow(/\[c\/f\] watch\(workload\): c\/api is already watched/);
    expect(() => f.watch({ node: Testing.chart().node, name: 'x', selectorLabels: {}, serviceAccountName: 'x' } as any)).toThrow(/has no pod-bearing object/);
  });
});
