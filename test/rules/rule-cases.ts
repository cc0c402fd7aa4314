/**
 * What the rule-folder tests share: cdk-nag style cases (compliant, non-compliant, not applicable) run through `evaluate`
 * (test/harness.ts), metadata checks, manifest builders, and the library's own hardened output.
 */
import { Chart } from 'cdk8s';
import { HardenedCronJob, HardenedDeployment, HardenedJob, HardenedStatefulSet } from '../../src';
import { Manifest, ReferenceRelation, Rule } from '../../src/rules/rule';
import { appWithDefaults, evaluate, IMAGE, synthObjects } from '../harness';

/** The findings of `rules` on an audit of `objects`, reduced to what assertions read. */
export function findings(objects: readonly Manifest[], rules: readonly Rule[]) {
  return evaluate(objects, rules, { pssMinor: 37 }).map(f => ({ rule: f.ruleId, object: `${f.object.kind}/${f.object.name}`, message: f.message, path: f.path }));
}

/** One rule's cases: each list is a whole audit. */
export interface RuleCase {
  readonly rule: Rule;
  /** An audit the rule passes. */
  readonly compliant: readonly Manifest[];
  /** An audit the rule fails, and exactly the violations it must report (messages matched as substrings or regexps). */
  readonly nonCompliant: readonly Manifest[];
  readonly expected: ReadonlyArray<{ readonly message: string | RegExp; readonly path: string }>;
  /** An audit of objects or situations the rule does not judge. */
  readonly notApplicable: readonly Manifest[];
}

/** Runs the three cdk-nag style cases of each rule. */
export function testRules(cases: readonly RuleCase[]): void {
  describe.each(cases.map(c => [c.rule.id, c] as const))('%s', (_id, c) => {
    test('compliant', () => expect(findings(c.compliant, [c.rule])).toEqual([]));
    test('non-compliant', () => {
      const actual = findings(c.nonCompliant, [c.rule]);
      expect(actual.map(f => f.path)).toEqual(c.expected.map(e => e.path));
      actual.forEach((f, i) => {
        const m = c.expected[i].message;
        if (typeof m === 'string') expect(f.message).toContain(m);
        else expect(f.message).toMatch(m);
      });
    });
    test('not applicable', () => expect(findings(c.notApplicable, [c.rule])).toEqual([]));
  });
}

// `rbac-police` and `k8s` (a documentation section) name RBAC risks no other checker flags.
const FRAMEWORKS = ['cis', 'nsa', 'polaris', 'kube-score', 'kube-linter', 'checkov', 'kubescape', 'trivy', 'rbac-police', 'k8s'];

/** A folder's rules are well-formed, each in the file named by its id, exported under the camelCase of its id; every case is covered. */
export function testMetadata(folder: string, rules: readonly Rule[], cases: readonly RuleCase[]): void {
  test(`every ${folder} rule is well-formed, in its own file, and tested`, () => {
    expect(new Set(rules.map(r => r.id)).size).toBe(rules.length);
    expect(cases.map(c => c.rule.id).sort()).toEqual(rules.map(r => r.id).sort());
    for (const rule of rules) {
      expect(rule.id).toMatch(/^[a-z]+(-[a-z0-9]+)*$/);
      expect(rule.title && rule.rationale && rule.fix).toBeTruthy();
      expect(rule.kinds.length).toBeGreaterThan(0);
      expect(rule.references.length).toBeGreaterThan(0);
      for (const ref of rule.references) {
        expect(FRAMEWORKS).toContain(ref.framework);
        // A declared difference says why; an equivalence claim has nothing to explain.
        expect(Object.values(ReferenceRelation)).toContain(ref.relation);
        if (ref.relation === ReferenceRelation.EQUIVALENT) expect(ref.why).toBeUndefined();
        else expect(ref.why?.length).toBeGreaterThanOrEqual(20);
      }
      const exportName = rule.id.replace(/-([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      expect(require(`../../src/rules/${folder}/${rule.id}`)[exportName]).toBe(rule);
    }
  });
}

/** Where each kind keeps its pod. */
export type PodKind = 'Pod' | 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'ReplicaSet' | 'Job' | 'CronJob';

export interface WorkloadOptions {
  readonly name?: string;
  readonly namespace?: string;
  readonly labels?: Record<string, string>;
  /** Fields of the object's spec besides selector and template (e.g. replicas). */
  readonly spec?: Record<string, unknown>;
  readonly metadata?: Record<string, unknown>;
}

/** An object of `kind` running the pod `spec`, with pods labelled `app: web` (and `options.labels`) and a matching selector. */
export function workload(kind: PodKind, spec: Record<string, unknown>, options: WorkloadOptions = {}): Manifest {
  const labels = options.labels ?? { app: 'web' };
  const metadata = { name: options.name ?? 'web', namespace: options.namespace ?? 'shop', ...options.metadata };
  const template = { metadata: { labels }, spec };
  const apiVersion = kind === 'Pod' ? 'v1' : kind === 'Job' || kind === 'CronJob' ? 'batch/v1' : 'apps/v1';
  switch (kind) {
    case 'Pod': return { apiVersion, kind, metadata: { ...metadata, labels }, spec };
    case 'Job': return { apiVersion, kind, metadata, spec: { template, ...options.spec } };
    case 'CronJob': return { apiVersion, kind, metadata, spec: { schedule: '0 * * * *', jobTemplate: { spec: { template } }, ...options.spec } };
    default: return { apiVersion, kind, metadata, spec: { selector: { matchLabels: labels }, template, ...options.spec } };
  }
}

/** A pod spec with one container `app` built from `container`, plus pod-level `spec` fields. */
export function podSpec(container: Record<string, unknown> = {}, spec: Record<string, unknown> = {}): Record<string, unknown> {
  return { containers: [{ name: 'app', image: 'registry.example.com/app:1.0', ...container }], ...spec };
}

/** An object of any kind, in `namespace` (none when null). */
export function object(kind: string, name: string, body: Record<string, unknown> = {}, namespace: string | null = 'shop', apiVersion = 'v1'): Manifest {
  return { apiVersion, kind, metadata: { name, ...(namespace !== null ? { namespace } : {}) }, ...body };
}

/** What the library's hardened constructs synthesize in `namespace` (none when null): a Deployment, a StatefulSet, a Job and a CronJob. */
export function hardenedObjects(namespace: string | null = 'shop'): Manifest[] {
  const app = appWithDefaults();
  const chart = new Chart(app, 'shop', namespace === null ? {} : { namespace });
  new HardenedDeployment(chart, 'api', { image: IMAGE, ports: [{ name: 'http', number: 8080 }] });
  new HardenedStatefulSet(chart, 'db', { image: IMAGE, ports: [{ name: 'pg', number: 5432 }] });
  new HardenedJob(chart, 'migrate', { image: IMAGE });
  new HardenedCronJob(chart, 'report', { image: IMAGE, schedule: '0 * * * *' });
  return synthObjects(app);
}
