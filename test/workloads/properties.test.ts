import { Chart, Size, Testing } from 'cdk8s';
import * as fc from 'fast-check';
import { Cpu, EnvValue, HardenedContainerProps, HardenedCronJob, HardenedDeployment, HardenedJob, HardenedStatefulSet, HardenedWorkloadProps } from '../../src';
import { findCredential } from '../../src/detectors/credentials';
import { parseQuantity } from '../../src/manifest/quantity';
import { expectHardened } from '../harness';

const word = fc.stringMatching(/^[a-z][a-z0-9]{0,7}$/);
const image = fc.record({
  registry: fc.constantFrom('registry.example.com', 'ghcr.io', 'localhost:5000', ''),
  path: fc.array(word, { minLength: 1, maxLength: 3 }),
  ref: fc.oneof(
    fc.stringMatching(/^[0-9a-f]{64}$/).map(d => `@sha256:${d}`),
    fc.tuple(fc.nat(20), fc.nat(20), fc.nat(20)).map(([a, b, c]) => `:${a}.${b}.${c}`),
  ),
}).map(({ registry, path, ref }) => `${registry ? registry + '/' : ''}${path.join('/')}${ref}`);

const resources = fc.record({
  cpuRequest: fc.integer({ min: 1, max: 4000 }),
  cpuExtra: fc.integer({ min: 0, max: 4000 }),
  memRequest: fc.integer({ min: 16, max: 8192 }),
  memExtra: fc.integer({ min: 0, max: 8192 }),
}).map(r => ({
  cpu: { request: Cpu.millis(r.cpuRequest), limit: Cpu.millis(r.cpuRequest + r.cpuExtra) },
  memory: { request: Size.mebibytes(r.memRequest), limit: Size.mebibytes(r.memRequest + r.memExtra) },
}));

type EnvSpec = { readonly literal: string } | { readonly field: string };
// Valid props only: a literal the credential detector refuses (a name like "A0PW" with any value, say) is a refusal,
// which test/workloads/bad-input.test.ts and test/detectors/credentials.test.ts cover.
const env = fc.dictionary(fc.stringMatching(/^[A-Z][A-Z0-9_]{0,10}$/), fc.oneof(
  fc.string({ maxLength: 20 }).map((literal): EnvSpec => ({ literal })),
  fc.constantFrom('metadata.name', 'metadata.namespace', 'status.podIP').map((field): EnvSpec => ({ field })),
), { maxKeys: 4 })
  .filter(d => Object.entries(d).every(([name, v]) => !('literal' in v) || findCredential(v.literal, name) === undefined))
  .map(d => Object.fromEntries(Object.entries(d)
    .map(([name, v]) => [name, 'literal' in v ? EnvValue.fromValue(v.literal) : EnvValue.fromFieldPath(v.field)])));

const writablePaths = fc.uniqueArray(fc.constantFrom('/tmp', '/var/cache/app', '/run', '/home/app/.cache'), { maxLength: 3 })
  .map(paths => paths.map(path => ({ path })));

/** Ports unique across the pod: each container draws from its own range. */
const portsIn = (base: number) => fc.uniqueArray(fc.integer({ min: base, max: base + 999 }), { minLength: 1, maxLength: 3 });

const sidecars = fc.uniqueArray(fc.constantFrom('proxy', 'log', 'metrics'), { maxLength: 2 }).chain(names => fc.tuple(
  ...names.map((name, i) => fc.record({ image, ports: portsIn(20000 + i * 1000), resources, writablePaths }).map(s => ({
    name, image: s.image, resources: s.resources, writablePaths: s.writablePaths, ports: s.ports.map(number => ({ number })),
  }) as HardenedContainerProps)),
));

const workload = fc.record({
  kind: fc.constantFrom('Deployment', 'StatefulSet', 'Job', 'CronJob'),
  image,
  ports: portsIn(8000),
  resources,
  env,
  writablePaths,
  sidecars,
  replicas: fc.integer({ min: 2, max: 10 }),
  runAsUser: fc.integer({ min: 10000, max: 65535 }),
  runAsGroup: fc.integer({ min: 10000, max: 65535 }),
  fsGroup: fc.integer({ min: 10000, max: 65535 }),
});
type Workload = typeof workload extends fc.Arbitrary<infer T> ? T : never;

function synth(w: Workload) {
  const chart = new Chart(Testing.app(), 'prop', { namespace: 'prop' });
  const props: HardenedWorkloadProps = {
    image: w.image,
    ports: w.ports.map(number => ({ number })),
    resources: w.resources,
    env: w.env,
    writablePaths: w.writablePaths,
    sidecars: w.sidecars,
    runAsUser: w.runAsUser,
    runAsGroup: w.runAsGroup,
    fsGroup: w.fsGroup,
  };
  switch (w.kind) {
    case 'Deployment': new HardenedDeployment(chart, 'w', { ...props, replicas: w.replicas }); break;
    case 'StatefulSet': new HardenedStatefulSet(chart, 'w', { ...props, replicas: w.replicas }); break;
    case 'Job': new HardenedJob(chart, 'w', props); break;
    default: new HardenedCronJob(chart, 'w', { ...props, schedule: '@daily' }); break;
  }
  return Testing.synth(chart);
}

function podSpecOf(o: any): any {
  return o.kind === 'CronJob' ? o.spec.jobTemplate.spec.template.spec : o.spec?.template?.spec;
}

describe('any valid props give valid, hardened, deterministic output', () => {
  test('schema-valid and PSS restricted', () => {
    fc.assert(fc.property(workload, w => {
      expectHardened(synth(w));
    }), { numRuns: 60 });
  });

  test('every container keeps every hardened default', () => {
    fc.assert(fc.property(workload, w => {
      const pod = podSpecOf(synth(w).find(o => o.kind === w.kind));
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.enableServiceLinks).toBe(false);
      expect(pod.securityContext.seccompProfile).toEqual({ type: 'RuntimeDefault' });
      for (const c of pod.containers) {
        expect(c.securityContext).toMatchObject({
          allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true, capabilities: { drop: ['ALL'] },
        });
        expect(c.securityContext.runAsUser).toBeGreaterThanOrEqual(10000);
        expect(Object.keys(c.resources.limits).sort()).toEqual(['cpu', 'ephemeral-storage', 'memory']);
        expect(Object.keys(c.resources.requests).sort()).toEqual(['cpu', 'ephemeral-storage', 'memory']);
        // The ephemeral-storage limit covers what the container's disk-backed writable paths may hold.
        const onDisk = (c.volumeMounts ?? [])
          .map((m: any) => pod.volumes.find((v: any) => v.name === m.name)?.emptyDir)
          .filter((e: any) => e && e.medium !== 'Memory')
          .reduce((n: number, e: any) => n + parseQuantity(e.sizeLimit)!, 0);
        expect(parseQuantity(c.resources.limits['ephemeral-storage'])!).toBeGreaterThanOrEqual(onDisk);
        if (w.kind === 'Deployment' || w.kind === 'StatefulSet') {
          expect(c.readinessProbe).toBeDefined();
          expect(c.livenessProbe).toBeDefined();
        }
      }
    }), { numRuns: 60 });
  });

  test('synthesizing the same props twice gives identical output', () => {
    fc.assert(fc.property(workload, w => {
      expect(JSON.stringify(synth(w))).toEqual(JSON.stringify(synth(w)));
    }), { numRuns: 40 });
  });
});
