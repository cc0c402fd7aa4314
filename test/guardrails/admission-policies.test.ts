import * as fs from 'fs';
import * as path from 'path';
import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { evaluatePolicy, Verdict } from './cel-admission';
import {
  AdmissionCheck, AdmissionGuardrails, HardenedCronJob, HardenedDeployment, HardenedJob, HardenedStatefulSet, IsolatedNamespace,
  ValidationAction,
} from '../../src';
import { checkImagePolicy } from '../../src/core/image';
import { RULES_ANNOTATION } from '../../src/guardrails/admission-policies';
import { serviceTypeExposed } from '../../src/rules/network/service-type-exposed';
import { PSS_LATEST_MINOR, pssRules } from '../../src/rules/pss';
import { Manifest, Rule } from '../../src/rules/rule';
import { secretPlaintext } from '../../src/rules/secrets/secret-plaintext';
import { containerImageDigest } from '../../src/rules/workload/container-image-digest';
import { appWithDefaults, evaluate, IMAGE, schemaErrors, synthObjects } from '../harness';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'shared', 'conformance', 'pod-security-admission');
const FIRST_MINOR = 28;
const MINORS = Array.from({ length: PSS_LATEST_MINOR - FIRST_MINOR + 1 }, (_, i) => FIRST_MINOR + i);
const POD_CHECKS = [
  AdmissionCheck.PRIVILEGED, AdmissionCheck.HOST_NAMESPACES, AdmissionCheck.HOST_PORTS, AdmissionCheck.HOST_PATH_VOLUMES,
  AdmissionCheck.RUN_AS_NON_ROOT, AdmissionCheck.ALLOW_PRIVILEGE_ESCALATION, AdmissionCheck.CAPABILITIES, AdmissionCheck.SECCOMP,
  AdmissionCheck.IMAGE_DIGEST,
];

/** The emitted policies of a guardrails construct, as synthesized JSON. */
function policiesOf(props: Partial<ConstructorParameters<typeof AdmissionGuardrails>[2]> = {}): any[] {
  const chart = Testing.chart();
  new AdmissionGuardrails(chart, 'guardrails', { kubernetesVersion: '1.30', ...props });
  return Testing.synth(chart).filter(o => o.kind === 'ValidatingAdmissionPolicy');
}

function rulesOf(policy: any): string[] {
  return (policy.metadata.annotations?.[RULES_ANNOTATION] ?? '').split(',').filter((r: string) => r);
}

/** The pod of a fixture inside each kind the policies cover, to prove they find the pod spec everywhere. */
function wrap(pod: Manifest, kind: string): Manifest {
  const template = { metadata: { labels: { app: 'x' }, annotations: pod.metadata?.annotations }, spec: pod.spec };
  const controller = (apiVersion: string, spec: object) => ({ apiVersion, kind, metadata: { name: pod.metadata?.name, namespace: 'apps' }, spec });
  switch (kind) {
    case 'Pod': return { ...pod, metadata: { ...pod.metadata, namespace: 'apps' } };
    case 'CronJob': return controller('batch/v1', { schedule: '0 * * * *', jobTemplate: { spec: { template } } });
    case 'Job': return controller('batch/v1', { template });
    case 'ReplicationController': return controller('v1', { selector: { app: 'x' }, template });
    default: return controller('apps/v1', { selector: { matchLabels: { app: 'x' } }, template });
  }
}
const KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'];

const fixturesPresent = fs.existsSync(path.join(FIXTURES, 'testdata'));
if (!fixturesPresent) console.warn(`VAP/engine agreement SKIPPED: PSA fixtures not found at ${path.join(FIXTURES, 'testdata')}`);

(fixturesPresent ? describe : describe.skip)('CEL policies agree with the rule engine on the official PSA fixtures', () => {
  // Every fixture of both levels and both verdicts, at each version both the policies (1.28+) and the engine model.
  const cases = MINORS.map(minor => {
    const fixtures = ['baseline', 'restricted'].flatMap(level => ['pass', 'fail'].flatMap(verdict => {
      const dir = path.join(FIXTURES, 'testdata', level, `v1.${minor}`, verdict);
      return fs.existsSync(dir)
        ? fs.readdirSync(dir).filter(f => f.endsWith('.yaml')).sort().map(f => ({ id: `${level}/v1.${minor}/${verdict}/${f}`, pod: parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Manifest }))
        : [];
    }));
    return { minor, fixtures, count: fixtures.length };
  });
  const totals = { fixtures: 0, evaluations: 0, denials: 0 };
  // Most fixtures are the same file at every version, and the policies of most versions are the same: a verdict is a
  // pure function of policy and object, so each distinct pair is evaluated once (the CEL evaluation is what costs) and
  // every version's engine result is still compared with it.
  const verdicts = new Map<string, Verdict>();
  const verdictOf = (policy: any, policyKey: string, object: Manifest, objectKey: string): Verdict => {
    const key = `${policyKey}\n${objectKey}`;
    let verdict = verdicts.get(key);
    if (!verdict) {
      verdict = evaluatePolicy(policy, { object });
      verdicts.set(key, verdict);
    }
    return verdict;
  };
  afterAll(() => console.log(`VAP/engine agreement: ${totals.fixtures} fixtures × ${POD_CHECKS.length} policies × ${KINDS.length} kinds = ${totals.evaluations} verdicts agreed, ${totals.denials} of them denials (${verdicts.size} distinct policy and object pairs evaluated in CEL)`));

  test.each(cases)('v1.$minor: $count fixtures in every pod-bearing kind', ({ minor, fixtures }) => {
    expect(fixtures.length).toBeGreaterThan(0);
    const policies = policiesOf({ kubernetesVersion: `1.${minor}`, checks: POD_CHECKS, requireDigests: true });
    expect(policies).toHaveLength(POD_CHECKS.length);
    // The policies follow the restricted profile, so they are compared with every rule they implement, whatever folder a fixture is in.
    const rules: Rule[] = [...pssRules('restricted', minor), containerImageDigest];
    const implemented = new Set(policies.flatMap(rulesOf));
    // evaluatePolicy reads the spec only (the apiVersion changes at 1.30, the rules do not).
    const policyKeys = policies.map(p => JSON.stringify(p.spec));
    const mismatches: string[] = [];
    for (const { id, pod } of fixtures) {
      totals.fixtures++;
      for (const kind of KINDS) {
        const object = wrap(pod, kind);
        const objectKey = JSON.stringify(object);
        const reported = new Set(evaluate([object], rules, { pssMinor: minor }).map(f => f.ruleId).filter(r => implemented.has(r)));
        for (const [i, policy] of policies.entries()) {
          const verdict = verdictOf(policy, policyKeys[i], object, objectKey);
          const expected = rulesOf(policy).some(r => reported.has(r));
          totals.evaluations++;
          if (expected) totals.denials++;
          if (!verdict.matched || (verdict.messages.length > 0) !== expected) {
            mismatches.push(`${id} as ${kind}: ${policy.metadata.name} ${verdict.messages.length ? `denies (${verdict.messages.join('; ')})` : 'admits'}, engine reports [${[...reported].join(', ')}]`);
          }
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  test('every fail fixture of a check the policies implement is denied by that check\'s policy', () => {
    const policies = policiesOf({ kubernetesVersion: `1.${PSS_LATEST_MINOR}`, checks: POD_CHECKS });
    const byRule = new Map(policies.flatMap(p => rulesOf(p).map(r => [r, p] as const)));
    const dir = path.join(FIXTURES, 'testdata', 'restricted', `v1.${PSS_LATEST_MINOR}`, 'fail');
    let denied = 0;
    for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.yaml'))) {
      const rule = pssRules('restricted', PSS_LATEST_MINOR).find(r => file.startsWith(r.checkId.toLowerCase()) && /^\d*\.yaml$/.test(file.slice(r.checkId.length)));
      const policy = rule && byRule.get(rule.id);
      if (!policy) continue;
      const verdict = evaluatePolicy(policy, { object: parse(fs.readFileSync(path.join(dir, file), 'utf8')) });
      expect({ file, denied: verdict.messages.length > 0 }).toEqual({ file, denied: true });
      denied++;
    }
    expect(denied).toBeGreaterThan(20);
  });
});

describe('the hardened constructs are admitted', () => {
  const app = appWithDefaults();
  const chart = new Chart(app, 'shop', { namespace: 'shop' });
  const ns = new IsolatedNamespace(chart, 'payments', { name: 'payments' });
  new HardenedDeployment(chart, 'api', { image: IMAGE, port: 8080, namespace: ns });
  new HardenedStatefulSet(chart, 'db', { image: IMAGE, port: 5432 });
  new HardenedJob(chart, 'migrate', { image: IMAGE });
  new HardenedCronJob(chart, 'report', { image: IMAGE, schedule: '0 3 * * *' });
  const objects = synthObjects(app);
  const policies = policiesOf({ requireDigests: true, allowedRegistries: ['registry.example.com/team'] });

  test.each(policies.map(p => [p.metadata.name, p]))('%s admits every object', (_, policy) => {
    const denials = objects.flatMap(object => {
      const verdict: Verdict = evaluatePolicy(policy, { object });
      return verdict.messages.map(m => `${object.kind}/${object.metadata.name}: ${m}`);
    });
    expect(denials).toEqual([]);
    expect(objects.some(object => evaluatePolicy(policy, { object }).matched) || /service|secret/.test(policy.metadata.name)).toBe(true);
  });
});

describe('emitted objects', () => {
  test('matches the snapshot', () => {
    const chart = Testing.chart();
    new AdmissionGuardrails(chart, 'guardrails', { kubernetesVersion: '1.30', requireDigests: true, allowedRegistries: ['ghcr.io/acme'], exposureNamespaces: ['ingress-nginx'] });
    expect(Testing.synth(chart)).toMatchSnapshot();
  });

  test.each([['1.28', 'v1beta1'], ['v1.29.4', 'v1beta1'], ['1.30', 'v1'], ['1.37', 'v1']])('Kubernetes %s gets admissionregistration.k8s.io/%s, schema-valid', (version, api) => {
    const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
    const g = new AdmissionGuardrails(chart, 'g', { kubernetesVersion: version, requireDigests: true, allowedRegistries: ['ghcr.io'] });
    const objects = Testing.synth(chart);
    expect(g.apiVersion).toBe(`admissionregistration.k8s.io/${api}`);
    expect(objects).toHaveLength(2 * g.checks.length);
    expect(new Set(objects.map(o => o.apiVersion))).toEqual(new Set([`admissionregistration.k8s.io/${api}`]));
    // Cluster-scoped: the chart's namespace is not stamped on them.
    expect(objects.filter(o => o.metadata.namespace)).toEqual([]);
    // kubernetes-models 4.5 has no v1beta1 ValidatingAdmissionPolicy; v1 (1.30) graduated it with the same fields
    // (KEP-3488), so v1beta1 objects are checked against the v1 schema.
    expect(schemaErrors(objects.map(o => ({ ...o, apiVersion: 'admissionregistration.k8s.io/v1' })))).toEqual([]);
  });

  test('bindings carry the actions, the exemptions and the bound namespaces', () => {
    const chart = Testing.chart();
    const ns = new IsolatedNamespace(chart, 'team', { name: 'team-a' });
    const g = new AdmissionGuardrails(chart, 'g', {
      kubernetesVersion: '1.31',
      validationActions: [ValidationAction.WARN, ValidationAction.AUDIT],
      checkActions: [{ check: AdmissionCheck.PRIVILEGED, validationActions: [ValidationAction.DENY] }],
      exemptNamespaces: ['kube-system', 'cilium'],
      exposureNamespaces: ['ingress'],
      namespaces: [ns],
      namespaceNames: ['team-b'],
    });
    const bindings = g.bindings.map(b => b.toJson());
    const privileged = bindings.find(b => b.metadata.name === 'hardened-privileged');
    expect(privileged.spec.validationActions).toEqual(['Deny']);
    expect(privileged.spec.matchResources.namespaceSelector.matchExpressions).toEqual([
      { key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['kube-system', 'cilium'] },
      { key: 'kubernetes.io/metadata.name', operator: 'In', values: ['team-a', 'team-b'] },
    ]);
    const exposure = bindings.find(b => b.metadata.name === 'hardened-service-exposure');
    expect(exposure.spec.validationActions).toEqual(['Warn', 'Audit']);
    expect(exposure.spec.matchResources.namespaceSelector.matchExpressions[0].values).toEqual(['kube-system', 'cilium', 'ingress']);
    expect(bindings.every(b => b.spec.policyName === b.metadata.name)).toBe(true);
  });

  test('no exemptions and no binding namespaces select every namespace', () => {
    const chart = Testing.chart();
    const g = new AdmissionGuardrails(chart, 'g', { kubernetesVersion: '1.30', exemptNamespaces: [], checks: [AdmissionCheck.PRIVILEGED] });
    expect(g.bindings[0].toJson().spec.matchResources).toBeUndefined();
  });

  test('policyOf finds the policy of an emitted check only', () => {
    const g = new AdmissionGuardrails(Testing.chart(), 'g', { kubernetesVersion: '1.30', checks: [AdmissionCheck.SECCOMP] });
    expect(g.policyOf(AdmissionCheck.SECCOMP)?.name).toBe('hardened-seccomp');
    expect(g.policyOf(AdmissionCheck.PRIVILEGED)).toBeUndefined();
  });

  test('rulesOf names the engine rules of each check', () => {
    expect(AdmissionGuardrails.rulesOf(AdmissionCheck.SECCOMP)).toEqual(['pss-seccomp-profile-baseline', 'pss-seccomp-profile-restricted']);
    expect(AdmissionGuardrails.rulesOf(AdmissionCheck.IMAGE_REGISTRIES)).toEqual([]);
  });
});

describe('runAsNonRoot follows the Pod Security version', () => {
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { hostUsers: false, containers: [{ name: 'app', image: 'x:1' }] } };
  test.each([[34, true], [35, false]])('1.%s: a pod in a user namespace without runAsNonRoot is denied: %s', (minor, denied) => {
    const [policy] = policiesOf({ kubernetesVersion: `1.${minor}`, checks: [AdmissionCheck.RUN_AS_NON_ROOT] });
    expect(evaluatePolicy(policy, { object: pod }).messages.length > 0).toBe(denied);
  });
});

describe('updates', () => {
  const [policy] = policiesOf({ checks: [AdmissionCheck.PRIVILEGED] });
  const deployment = wrap({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'legacy' }, spec: { containers: [{ name: 'app', image: 'x:1', securityContext: { privileged: true } }] } }, 'Deployment');

  test('an update that keeps the pod spec (scaling, labels) is not checked', () => {
    const scaled = { ...deployment, metadata: { ...deployment.metadata, labels: { tier: 'x' } }, spec: { ...deployment.spec, replicas: 5 } };
    expect(evaluatePolicy(policy, { operation: 'UPDATE', object: scaled, oldObject: deployment }).matched).toBe(false);
  });

  test('an update that changes the pod spec is checked, naming the container', () => {
    const changed = JSON.parse(JSON.stringify(deployment));
    changed.spec.template.spec.containers[0].image = 'x:2';
    expect(evaluatePolicy(policy, { operation: 'UPDATE', object: changed, oldObject: deployment }).messages).toEqual([
      'privileged containers are not allowed: app set securityContext.privileged=true; remove it',
    ]);
  });

  test('kubectl debug adding a privileged ephemeral container is denied', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'app', image: 'x:1' }] } };
    const debugged = { ...pod, spec: { ...pod.spec, ephemeralContainers: [{ name: 'debugger', image: 'busybox:1', securityContext: { privileged: true } }] } };
    expect(evaluatePolicy(policy, { operation: 'UPDATE', subResource: 'ephemeralcontainers', object: debugged, oldObject: pod }).messages[0]).toContain('debugger');
  });
});

describe('Services and Secrets agree with the engine', () => {
  const policies = policiesOf({ exposureNamespaces: ['ingress'], secretWriterUsers: ['system:serviceaccount:eso:external-secrets'], secretTypes: ['helm.sh/release.v1'] });
  const exposure = policies.find(p => p.metadata.name === 'hardened-service-exposure');
  const secrets = policies.find(p => p.metadata.name === 'hardened-secret-plaintext');
  const service = (type?: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'shop' }, spec: { ...(type ? { type } : {}), ports: [{ port: 80 }] } });
  const secret = (fields: object, type?: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'shop' }, ...(type ? { type } : {}), ...fields });

  test.each([undefined, 'ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'])('Service type %s', type => {
    const object = service(type);
    const reported = evaluate([object], [serviceTypeExposed], { pssMinor: PSS_LATEST_MINOR }).length > 0;
    expect(evaluatePolicy(exposure, { object }).messages.length > 0).toBe(reported);
  });

  test('an existing LoadBalancer can be updated; turning a Service into one cannot', () => {
    const lb = service('LoadBalancer');
    expect(evaluatePolicy(exposure, { operation: 'UPDATE', object: { ...lb, metadata: { ...lb.metadata, labels: { a: 'b' } } }, oldObject: lb }).matched).toBe(false);
    expect(evaluatePolicy(exposure, { operation: 'UPDATE', object: lb, oldObject: service() }).messages[0]).toMatch(/LoadBalancer .* namespace shop/);
  });

  test.each([{}, { data: {} }, { data: { password: 'cw==' } }, { stringData: { token: 'x' } }, { data: { a: 'YQ==' }, stringData: { b: 'b' } }])('Secret %j', fields => {
    const object = secret(fields);
    const reported = evaluate([object], [secretPlaintext], { pssMinor: PSS_LATEST_MINOR });
    const verdict = evaluatePolicy(secrets, { object });
    expect(verdict.messages.length).toBe(reported.length);
    const keys = [...Object.keys((fields as any).data ?? {}), ...Object.keys((fields as any).stringData ?? {})];
    for (const key of keys) expect(verdict.messages.join()).toContain(key);
  });

  test('controllers, exempt types and unchanged values pass', () => {
    const object = secret({ data: { password: 'cw==' } });
    expect(evaluatePolicy(secrets, { object, username: 'system:serviceaccount:eso:external-secrets' }).matched).toBe(false);
    expect(evaluatePolicy(secrets, { object, username: 'system:serviceaccount:kube-system:token-controller', groups: ['system:serviceaccounts', 'system:serviceaccounts:kube-system'] }).matched).toBe(false);
    expect(evaluatePolicy(secrets, { object: secret({ data: { release: 'H4s=' } }, 'helm.sh/release.v1') }).matched).toBe(false);
    const relabelled = { ...object, metadata: { ...object.metadata, labels: { team: 'a' } } };
    expect(evaluatePolicy(secrets, { operation: 'UPDATE', object: relabelled, oldObject: object }).matched).toBe(false);
    expect(evaluatePolicy(secrets, { operation: 'UPDATE', object: secret({ data: { password: 'bmV3' } }), oldObject: object }).messages).toHaveLength(1);
  });
});

describe('image checks agree with the constructs\' image policy and the digest rule', () => {
  const registries = ['ghcr.io/acme', 'registry.example.com:5000', 'docker.io/library', 'localhost'];
  const checks = [AdmissionCheck.IMAGE_DIGEST, AdmissionCheck.IMAGE_REGISTRIES];
  const policies = policiesOf({ requireDigests: true, allowedRegistries: registries, checks });
  const [digest, registry] = policies;
  const images = [
    'ghcr.io/acme/api:1.0', 'ghcr.io/acme/team/api:1.0@sha256:' + 'a'.repeat(64), 'ghcr.io/acmex/api:1.0', 'ghcr.io/acme:1.0',
    'ghcr.io/other/api:1.0', 'registry.example.com:5000/x/y:2', 'registry.example.com/x:2', 'registry.example.com:5001/x:1',
    'nginx:1.27', 'library/nginx:1.27', 'docker.io/library/nginx:1.27', 'localhost/app:1', 'localhost:5000/app:1', IMAGE,
    // An uppercase first component is a host, not a Docker Hub namespace: never docker.io/library.
    'Library/nginx:1.27', 'LOCALHOST/app:1',
  ];
  const scope = Testing.chart();

  test.each(images)('%s', image => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'app', image }] } };
    let allowed = true;
    try {
      checkImagePolicy(scope, 'image', image, { allowedRegistries: registries });
    } catch {
      allowed = false;
    }
    expect(evaluatePolicy(registry, { object: pod }).messages.length === 0).toBe(allowed);
    const pinned = evaluate([pod], [containerImageDigest], { pssMinor: PSS_LATEST_MINOR }).length === 0;
    expect(evaluatePolicy(digest, { object: pod }).messages.length === 0).toBe(pinned);
  });
});

describe('the digest check admits exactly the digests the rule counts as pinned', () => {
  const [digest] = policiesOf({ requireDigests: true, checks: [AdmissionCheck.IMAGE_DIGEST] });
  // Before the check was built from the parser's table it took any algorithm with 32 or more hex digits.
  test.each([
    ['sha256:' + 'a'.repeat(64), true], ['sha384:' + 'b'.repeat(96), true], ['sha512:' + 'c'.repeat(128), true],
    ['sha256:' + 'a'.repeat(40), false], ['sha256:' + 'a'.repeat(65), false], ['md5:' + 'a'.repeat(32), false],
    ['sha512:' + 'c'.repeat(64), false], ['sha256:' + 'A'.repeat(64), false], ['blake3:' + 'd'.repeat(64), false],
  ])('@%s', (suffix, pinned) => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'app', image: `ghcr.io/acme/api@${suffix}` }] } };
    const rule = evaluate([pod], [containerImageDigest], { pssMinor: PSS_LATEST_MINOR }).length === 0;
    expect(rule).toBe(pinned);
    expect(evaluatePolicy(digest, { object: pod }).messages.length === 0).toBe(pinned);
  });
});

describe('bad input', () => {
  const make = (props: object) => () => new AdmissionGuardrails(Testing.chart(), 'g', { kubernetesVersion: '1.30', ...props });
  test.each([
    [{ kubernetesVersion: '1.27' }, /kubernetesVersion: Kubernetes 1.27 has no ValidatingAdmissionPolicy.*Fix: upgrade/],
    [{ kubernetesVersion: 'latest' }, /"latest" is not a Kubernetes version/],
    [{ kubernetesVersion: '2.1' }, /"2.1" is not a Kubernetes version/],
    [{ validationActions: ['Block'] }, /validationActions: "Block" is not a validation action/],
    [{ validationActions: [] }, /no validation action/],
    [{ validationActions: [ValidationAction.DENY, ValidationAction.WARN] }, /DENY and WARN cannot be combined/],
    [{ checks: ['NO_ROOT'] }, /checks\[0\]: "NO_ROOT" is not an admission check/],
    [{ checks: [] }, /no check is selected/],
    [{ exemptNamespaces: [''] }, /exemptNamespaces\[0\]: the namespace name is empty/],
    [{ exemptNamespaces: ['Kube_System'] }, /not a valid DNS-1123 label/],
    [{ namespaceNames: [] }, /namespaceNames: the list is empty/],
    [{ namespaceNames: ['kube-system'] }, /kube-system would be both bound and exempt/],
    [{ allowedRegistries: ['https://ghcr.io'] }, /allowedRegistries\[0\]: "https:\/\/ghcr.io" is not a registry/],
    [{ allowedRegistries: ['ghcr.io/*'] }, /is not a registry/],
    [{ allowedRegistries: ['acme/images'] }, /the host must contain/],
    [{ allowedRegistries: [] }, /every image would be refused/],
    [{ checks: [AdmissionCheck.IMAGE_REGISTRIES] }, /no allowedRegistries are given/],
    [{ checks: [AdmissionCheck.PRIVILEGED], requireDigests: true }, /requireDigests is true but checks leaves out IMAGE_DIGEST/],
    [{ checks: [AdmissionCheck.PRIVILEGED], allowedRegistries: ['ghcr.io'] }, /allowedRegistries are given but checks leaves out IMAGE_REGISTRIES/],
    [{ validationActions: [ValidationAction.AUDIT, ValidationAction.AUDIT] }, /names an action twice/],
    [{ checks: [AdmissionCheck.PRIVILEGED], checkActions: [{ check: AdmissionCheck.SECCOMP, validationActions: [ValidationAction.WARN] }] }, /SECCOMP has validation actions but is not one of the checks/],
    [{ secretWriterGroups: [' system:masters'] }, /secretWriterGroups\[0\]: " system:masters" is empty or has surrounding spaces/],
    [{ namePrefix: 'Hardened!' }, /namePrefix: "Hardened!" is not a valid DNS-1123 subdomain/],
  ])('%j', (props, message) => {
    expect(make(props)).toThrow(message);
  });

  test('errors name the construct path', () => {
    expect(make({ kubernetesVersion: '1.20' })).toThrow(/^\[test\/g\] kubernetesVersion:/);
  });
});
