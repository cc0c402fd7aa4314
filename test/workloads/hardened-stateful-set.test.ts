import { Chart, Size } from 'cdk8s';
import { HardenedStatefulSet, Probe, VolumeAccessMode, Waiver } from '../../src';
import { appWithDefaults, expectHardened, IMAGE, synthObjects } from '../harness';

describe('HardenedStatefulSet', () => {
  const c = new Chart(appWithDefaults(), 'data', { namespace: 'data' });
  new HardenedStatefulSet(c, 'db', {
    name: 'postgres',
    image: 'registry.example.com/postgres:16.4',
    port: 5432,
    replicas: 1,
    waivers: [Waiver.singleReplica('single-primary PostgreSQL; HA is handled by backups and restore drills')],
    volumeClaims: [{ name: 'data', mountPath: '/var/lib/postgresql/data', storage: Size.gibibytes(20), storageClassName: 'encrypted-gp3' }],
    writablePaths: [{ path: '/tmp' }, { path: '/var/run/postgresql', sizeLimit: Size.mebibytes(1) }],
    readiness: Probe.fromCommand(['pg_isready', '-U', 'postgres']),
  });
  const objects = synthObjects(c);
  const sts = objects.find(o => o.kind === 'StatefulSet')!;

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('is schema-valid and PSS restricted', () => {
    expectHardened(objects);
  });

  test('has a headless Service named as serviceName, and a PDB', () => {
    const svc = objects.find(o => o.kind === 'Service')!;
    expect(svc.spec.clusterIP).toBe('None');
    expect(sts.spec.serviceName).toBe(svc.metadata.name);
    expect(objects.map(o => o.kind).sort()).toEqual(['NetworkPolicy', 'PodDisruptionBudget', 'Service', 'ServiceAccount', 'StatefulSet']);
  });

  test('mounts one claim per replica, owned by the pod fsGroup', () => {
    expect(sts.spec.volumeClaimTemplates[0].spec).toEqual({ accessModes: [VolumeAccessMode.READ_WRITE_ONCE], resources: { requests: { storage: '20Gi' } }, storageClassName: 'encrypted-gp3' });
    expect(sts.spec.template.spec.containers[0].volumeMounts).toContainEqual({ mountPath: '/var/lib/postgresql/data', name: 'data' });
    expect(sts.spec.template.spec.securityContext.fsGroup).toBe(10001);
  });

  test('uses the given probe and derives the other one from the port', () => {
    const main = sts.spec.template.spec.containers[0];
    expect(main.readinessProbe.exec).toEqual({ command: ['pg_isready', '-U', 'postgres'] });
    expect(main.livenessProbe.tcpSocket).toEqual({ port: 5432 });
  });

  test('records the single-replica waiver', () => {
    expect(sts.spec.replicas).toBe(1);
    expect(sts.metadata.annotations['waiver.cdk8s-hardening.dev/single-replica']).toMatch(/single-primary/);
  });

  test('a StatefulSet without ports still gets its headless Service', () => {
    const c2 = new Chart(appWithDefaults(), 'q', { namespace: 'q' });
    new HardenedStatefulSet(c2, 'worker', { image: IMAGE, readiness: Probe.fromCommand(['/ready']), liveness: Probe.fromCommand(['/live']) });
    const out = synthObjects(c2);
    expectHardened(out);
    expect(out.find(o => o.kind === 'Service')!.spec).toEqual({ clusterIP: 'None', selector: expect.any(Object), type: 'ClusterIP' });
  });
});
