import { Chart } from 'cdk8s';
import * as fc from 'fast-check';
import { HardenedDeployment, HardenedJob, IsolatedNamespace } from '../../src';
import { matchesSelector } from '../../src/manifest/label-selector';
import { trafficFlows } from '../../src/manifest/traffic-flows';
import { appWithDefaults, IMAGE, synthObjects } from '../harness';

/** A small app: workloads spread over namespaces (or none), and declared flows between them. */
const scenario = fc.record({
  namespaces: fc.integer({ min: 1, max: 3 }),
  isolated: fc.boolean(),
  workloads: fc.array(fc.record({ namespace: fc.nat(2), job: fc.boolean() }), { minLength: 2, maxLength: 6 }),
  flows: fc.array(fc.record({ a: fc.nat(5), b: fc.nat(5), viaTo: fc.boolean() }), { maxLength: 12 }),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

function build(s: Scenario) {
  const app = appWithDefaults();
  const platform = new Chart(app, 'platform');
  const namespaces = Array.from({ length: s.namespaces }, (_, i) => new IsolatedNamespace(platform, `ns${i}`, { name: `ns${i}` }));
  const charts = Array.from({ length: s.namespaces }, (_, i) => new Chart(app, `apps${i}`, { namespace: `ns${i}` }));
  const workloads = s.workloads.map((w, i) => {
    const n = w.namespace % s.namespaces;
    const props = { name: `w${i}`, image: IMAGE, ...(s.isolated ? { namespace: namespaces[n] } : {}) };
    // Jobs declare no port, so they can only be sources.
    return w.job ? new HardenedJob(charts[n], `w${i}`, props) : new HardenedDeployment(charts[n], `w${i}`, { ...props, port: 8000 + i });
  });
  const declared = new Set<string>();
  for (const f of s.flows) {
    const a = workloads[f.a % workloads.length];
    const b = workloads[f.b % workloads.length];
    if (b instanceof HardenedJob) continue;
    if (f.viaTo) a.allowTo(b);
    else b.allowFrom(a);
    declared.add(`${a.namespace}/${a.apiObject.kind}/${a.name} -> ${b.namespace}/Deployment/${b.name}`);
  }
  return { app, declared };
}

describe('declared flows (property)', () => {
  test('each A→B has the egress rule on A and the ingress rule on B, and the traffic map shows exactly the declared flows', () => {
    fc.assert(fc.property(scenario, s => {
      const { app, declared } = build(s);
      const objects = synthObjects(app);
      const internal = trafficFlows(objects).filter(f => f.from.includes('/') && f.to.includes('/') && !f.to.startsWith('cidr'));
      expect(new Set(internal.map(f => `${f.from} -> ${f.to}`))).toEqual(declared);
      for (const f of internal) expect(f.ports).toEqual([`TCP ${8000 + Number(f.to.split('/w')[1])}`]);
    }), { numRuns: 40 });
  });

  test('every pod is selected by a policy governing ingress and one governing egress', () => {
    fc.assert(fc.property(scenario, s => {
      const objects = synthObjects(build(s).app);
      const policies = objects.filter(o => o.kind === 'NetworkPolicy');
      for (const w of objects.filter(o => ['Deployment', 'Job'].includes(o.kind))) {
        const labels = w.spec.template.metadata.labels;
        const selecting = policies.filter(p => p.metadata.namespace === w.metadata.namespace && matchesSelector(p.spec.podSelector, labels));
        expect(selecting.some(p => p.spec.policyTypes.includes('Ingress'))).toBe(true);
        expect(selecting.some(p => p.spec.policyTypes.includes('Egress'))).toBe(true);
      }
    }), { numRuns: 40 });
  });

  test('synthesis is deterministic', () => {
    fc.assert(fc.property(scenario, s => {
      expect(build(s).app.synthYaml()).toEqual(build(s).app.synthYaml());
    }), { numRuns: 20 });
  });
});
