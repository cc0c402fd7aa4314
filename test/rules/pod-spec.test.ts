import { containersOf, POD_BEARING_KINDS, podTemplateOf } from '../../src/manifest/pod-spec';

const podSpec = { containers: [{ name: 'app' }] };
const template = { metadata: { annotations: { a: 'b' } }, spec: podSpec };

const WHERE_PODS_LIVE: Array<[string, object, string, string]> = [
  ['Pod', { metadata: template.metadata, spec: podSpec }, 'spec', 'metadata'],
  ['PodTemplate', { template }, 'template.spec', 'template.metadata'],
  ['Deployment', { spec: { template } }, 'spec.template.spec', 'spec.template.metadata'],
  ['StatefulSet', { spec: { template } }, 'spec.template.spec', 'spec.template.metadata'],
  ['DaemonSet', { spec: { template } }, 'spec.template.spec', 'spec.template.metadata'],
  ['ReplicaSet', { spec: { template } }, 'spec.template.spec', 'spec.template.metadata'],
  ['ReplicationController', { spec: { template } }, 'spec.template.spec', 'spec.template.metadata'],
  ['Job', { spec: { template } }, 'spec.template.spec', 'spec.template.metadata'],
  ['CronJob', { spec: { jobTemplate: { spec: { template } } } }, 'spec.jobTemplate.spec.template.spec', 'spec.jobTemplate.spec.template.metadata'],
];

describe('podTemplateOf', () => {
  test.each(WHERE_PODS_LIVE)('%s keeps its pod at %s', (kind, body, path, metadataPath) => {
    expect(podTemplateOf({ kind, ...body })).toEqual({ spec: podSpec, metadata: template.metadata, path, metadataPath });
  });

  test('the pod-bearing kinds are exactly the kinds above', () => {
    expect(POD_BEARING_KINDS).toEqual(WHERE_PODS_LIVE.map(([kind]) => kind));
  });

  test('other kinds and templates without a spec have no pod', () => {
    expect(podTemplateOf({ kind: 'ConfigMap', data: {} })).toBeUndefined();
    expect(podTemplateOf({ kind: 'Deployment', spec: { replicas: 1 } })).toBeUndefined();
    expect(podTemplateOf({ spec: podSpec })).toBeUndefined();
  });

  test('a pod without metadata gets empty metadata', () => {
    expect(podTemplateOf({ kind: 'Pod', spec: podSpec })?.metadata).toEqual({});
  });
});

describe('containersOf', () => {
  test('lists containers, init containers and ephemeral containers with their paths and labels', () => {
    const pod = podTemplateOf({
      kind: 'Deployment',
      spec: {
        template: {
          spec: {
            containers: [{ name: 'app' }, { name: 'sidecar' }],
            initContainers: [{ name: 'setup' }],
            ephemeralContainers: [{ name: 'debug' }],
          },
        },
      },
    })!;
    expect(containersOf(pod).map(c => [c.label, c.path])).toEqual([
      ['container "app"', 'spec.template.spec.containers[0]'],
      ['container "sidecar"', 'spec.template.spec.containers[1]'],
      ['init container "setup"', 'spec.template.spec.initContainers[0]'],
      ['ephemeral container "debug"', 'spec.template.spec.ephemeralContainers[0]'],
    ]);
  });

  test('skips missing lists and entries that are not objects', () => {
    const pod = podTemplateOf({ kind: 'Pod', spec: { containers: [null, { name: 'app' }], initContainers: 'oops' } })!;
    expect(containersOf(pod).map(c => c.path)).toEqual(['spec.containers[1]']);
  });
});
