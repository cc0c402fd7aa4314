/**
 * Platform policy can only be tightened without a justification: the image policy of a workload or of a child
 * chart's HardeningDefaults may narrow the app-wide one freely, and widens it only with a recorded reason; defaults
 * set after the workloads they would cover are refused.
 */
import { Chart, Size, Testing } from 'cdk8s';
import { Cpu, HardenedDeployment, HardenedDeploymentProps, HardeningDefaults, ImagePolicy } from '../../src';
import { registryWithin } from '../../src/core/image';
import { expectRefused, IMAGE } from '../harness';

const RESOURCES = {
  cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) },
  memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
};
const WHY = 'vendor agent only published on Docker Hub; mirrored by 2026-Q3';
const ACME = 'ghcr.io/acme/api@sha256:4f1a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a';
const HUB = 'docker.io/library/nginx:1.27.1';

/** An app whose platform policy allows registry.example.com and ghcr.io/acme, digests required. */
function platformApp(policy: ImagePolicy = { allowedRegistries: ['registry.example.com', 'ghcr.io/acme'], requireDigest: true }) {
  const app = Testing.app();
  HardeningDefaults.set(app, { resources: RESOURCES, imagePolicy: policy });
  return app;
}
const deployIn = (chart: Chart, props: Partial<HardenedDeploymentProps>) => new HardenedDeployment(chart, 'api', { image: IMAGE, port: 8080, ...props });
const annotationsOf = (d: HardenedDeployment): Record<string, string> => (d.apiObject.toJson() as any).metadata.annotations ?? {};

describe('a workload image policy over the platform policy', () => {
  test.each<[string, ImagePolicy, string, RegExp]>([
    ['an empty list, meaning any registry', { allowedRegistries: [] }, 'props.imagePolicy.allowedRegistries', /any registry instead of registry\.example\.com, ghcr\.io\/acme/],
    ['a registry outside the list', { allowedRegistries: ['docker.io'] }, 'props.imagePolicy.allowedRegistries', /registries docker\.io beyond/],
    ['a sibling that only shares a prefix', { allowedRegistries: ['ghcr.io/acme-evil'] }, 'props.imagePolicy.allowedRegistries', /ghcr\.io\/acme-evil beyond/],
    ['the parent host of an allowed path', { allowedRegistries: ['ghcr.io'] }, 'props.imagePolicy.allowedRegistries', /registries ghcr\.io beyond/],
    ['a subset plus one more', { allowedRegistries: ['registry.example.com', 'quay.io'] }, 'props.imagePolicy.allowedRegistries', /registries quay\.io beyond/],
    ['tags where digests are required', { requireDigest: false }, 'props.imagePolicy.requireDigest', /tags without a digest/],
    ['a placeholder justification', { allowedRegistries: ['docker.io'], justification: 'because' }, 'props.imagePolicy.justification', /at least 10 meaningful characters/],
    ['a justification of invisible characters', { requireDigest: false, justification: '\u200b'.repeat(12) }, 'props.imagePolicy.justification', /meaningful characters/],
    ['a justification that widens nothing', { allowedRegistries: ['registry.example.com'], justification: WHY }, 'props.imagePolicy.justification', /nothing to justify/],
    ['an empty registry entry', { allowedRegistries: [''] }, 'props.imagePolicy.allowedRegistries[0]', /not a registry host/],
    ['an image reference as a registry', { allowedRegistries: ['ghcr.io/acme/api@sha256:abc'] }, 'props.imagePolicy.allowedRegistries[0]', /not a registry host/],
  ])('refuses %s', (_name, imagePolicy, prop, problem) => {
    expectRefused(() => deployIn(new Chart(platformApp(), 'shop'), { imagePolicy }), 'shop/api', prop, problem);
  });

  test.each<[string, ImagePolicy, string]>([
    ['no policy of its own', {}, IMAGE],
    ['one of the allowed registries', { allowedRegistries: ['registry.example.com'] }, IMAGE],
    ['a path below an allowed registry', { allowedRegistries: ['registry.example.com/team'] }, IMAGE],
    ['a path below an allowed path', { allowedRegistries: ['ghcr.io/acme/api'] }, ACME],
    ['the same entry with a trailing slash', { allowedRegistries: ['ghcr.io/acme/'] }, ACME],
    ['requireDigest repeated', { requireDigest: true }, IMAGE],
  ])('accepts %s, with no annotation', (_name, imagePolicy, image) => {
    const d = deployIn(new Chart(platformApp(), 'shop'), { imagePolicy, image });
    expect(Object.keys(annotationsOf(d)).filter(k => k.includes('image-policy'))).toEqual([]);
  });

  test('the narrowed policy is enforced: an image outside the narrower list is refused', () => {
    expectRefused(() => deployIn(new Chart(platformApp(), 'shop'), { imagePolicy: { allowedRegistries: ['ghcr.io/acme'] } }),
      'shop/api', 'props.image', /not in the allowed registries \(ghcr\.io\/acme\)/);
  });

  test('a justified widening is applied and recorded on the workload', () => {
    const d = deployIn(new Chart(platformApp(), 'shop'), { image: HUB, imagePolicy: { allowedRegistries: ['docker.io/library'], requireDigest: false, justification: WHY } });
    expect(annotationsOf(d)['waiver.cdk8s-hardening.dev/image-policy'])
      .toBe(`registries docker.io/library beyond registry.example.com, ghcr.io/acme; tags without a digest: ${WHY}`);
  });

  test('without a platform list, any list narrows and needs no justification', () => {
    const d = deployIn(new Chart(platformApp({}), 'shop'), { imagePolicy: { allowedRegistries: ['registry.example.com'], requireDigest: false } });
    expect(annotationsOf(d)['waiver.cdk8s-hardening.dev/image-policy']).toBeUndefined();
  });
});

describe('HardeningDefaults on a child chart', () => {
  test.each<[string, ImagePolicy, string, RegExp]>([
    ['any registry', { allowedRegistries: [] }, 'imagePolicy.allowedRegistries', /any registry instead of/],
    ['another registry', { allowedRegistries: ['docker.io'] }, 'imagePolicy.allowedRegistries', /docker\.io beyond/],
    ['no digests', { requireDigest: false }, 'imagePolicy.requireDigest', /tags without a digest/],
  ])('refuses widening to %s at the set call', (_name, imagePolicy, prop, problem) => {
    const chart = new Chart(platformApp(), 'team');
    expectRefused(() => HardeningDefaults.set(chart, { imagePolicy }), 'team/HardeningDefaults', prop, problem);
  });

  test('refuses a widening when the app-wide policy is set after the chart\'s (order does not matter)', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'team');
    HardeningDefaults.set(chart, { resources: RESOURCES, imagePolicy: { allowedRegistries: ['docker.io'] } });
    HardeningDefaults.set(app, { imagePolicy: { allowedRegistries: ['registry.example.com'] } });
    expectRefused(() => deployIn(chart, { image: HUB }), 'team/HardeningDefaults', 'imagePolicy.allowedRegistries', /docker\.io beyond registry\.example\.com/);
  });

  test('a justified widening applies to the chart\'s workloads and is recorded on each', () => {
    const chart = new Chart(platformApp(), 'team');
    HardeningDefaults.set(chart, { imagePolicy: { allowedRegistries: ['docker.io/library'], justification: WHY } });
    const d = deployIn(chart, { image: 'docker.io/library/nginx@sha256:4f1a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a' });
    expect(annotationsOf(d)['waiver.cdk8s-hardening.dev/image-policy']).toBe(`registries docker.io/library beyond registry.example.com, ghcr.io/acme: ${WHY}`);
  });

  test('narrowing needs no justification, and a workload cannot widen it back', () => {
    const chart = new Chart(platformApp(), 'team');
    HardeningDefaults.set(chart, { imagePolicy: { allowedRegistries: ['ghcr.io/acme'] } });
    expect(() => deployIn(chart, { image: ACME })).not.toThrow();
    expectRefused(() => new HardenedDeployment(chart, 'web', { image: IMAGE, port: 8080, imagePolicy: { allowedRegistries: ['registry.example.com'] } }),
      'team/web', 'props.imagePolicy.allowedRegistries', /registry\.example\.com beyond ghcr\.io\/acme/);
  });

  test('other fields may differ freely: sizes and IDs are not permissions', () => {
    const chart = new Chart(platformApp(), 'team');
    HardeningDefaults.set(chart, {
      writablePathSizeLimit: Size.gibibytes(1),
      runAsUser: 20000,
      resources: { memory: { request: Size.gibibytes(1), limit: Size.gibibytes(2) } },
    });
    expect(() => deployIn(chart, { writablePaths: [{ path: '/tmp' }] })).not.toThrow();
  });
});

describe('HardeningDefaults set after the workloads exist', () => {
  test('refuses the late call, naming the workloads it would miss', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'shop');
    deployIn(chart, { resources: RESOURCES, image: HUB });
    const message = expectRefused(() => HardeningDefaults.set(app, { imagePolicy: { allowedRegistries: ['registry.example.com'] } }),
      '', 'HardeningDefaults', /hardened workloads already exist below this scope.*shop\/api/);
    expect(message).toMatch(/Fix: call HardeningDefaults\.set before creating the workloads/);
  });

  test('refuses it on the chart of the workload too', () => {
    const chart = new Chart(Testing.app(), 'shop');
    deployIn(chart, { resources: RESOURCES });
    expectRefused(() => HardeningDefaults.set(chart, { runAsUser: 20000 }), 'shop', 'HardeningDefaults', /already exist.*shop\/api/);
  });

  test('accepts defaults on a sibling chart whose scope holds no workload yet', () => {
    const app = Testing.app();
    deployIn(new Chart(app, 'shop'), { resources: RESOURCES });
    expect(() => HardeningDefaults.set(new Chart(app, 'billing'), { resources: RESOURCES })).not.toThrow();
  });

  test('still refuses setting defaults twice on one scope', () => {
    const app = platformApp();
    expect(() => HardeningDefaults.set(app, {})).toThrow(/already set on this scope/);
  });
});

describe('registryWithin: registry and path prefixes, never character prefixes', () => {
  test.each<[string, string, boolean]>([
    ['ghcr.io/acme', 'ghcr.io/acme', true],
    ['ghcr.io/acme/team', 'ghcr.io/acme', true],
    ['ghcr.io/acme/', 'ghcr.io/acme', true],
    ['ghcr.io/acme', 'ghcr.io/acme/', true],
    ['ghcr.io/acme-evil', 'ghcr.io/acme', false],
    ['ghcr.io', 'ghcr.io/acme', false],
    ['ghcr.io.evil.com/acme', 'ghcr.io', false],
    ['registry.example.com:5000/team', 'registry.example.com', false],
    ['anything', '', false],
  ])('%s within %s: %s', (entry, allowed, within) => {
    expect(registryWithin(entry, allowed)).toBe(within);
  });
});
