import { Chart, Duration, Size, Testing } from 'cdk8s';
import { Cpu, EnvValue, HardenedDeployment, HardeningDefaults, Probe, Waiver } from '../../src';
import { appWithDefaults, expectHardened, IMAGE, synthObjects } from '../harness';

function chart() {
  return new Chart(appWithDefaults(), 'shop', { namespace: 'shop' });
}
const byKind = (objects: any[], kind: string) => objects.filter(o => o.kind === kind);

describe('HardenedDeployment defaults', () => {
  const c = chart();
  new HardenedDeployment(c, 'api', { image: IMAGE, port: 8080 });
  const objects = synthObjects(c);
  const deployment = byKind(objects, 'Deployment')[0];
  const pod = deployment.spec.template.spec;
  const main = pod.containers[0];

  test('matches the snapshot', () => {
    expect(objects).toMatchSnapshot();
  });

  test('is schema-valid and PSS restricted', () => {
    expectHardened(objects);
  });

  test('emits the workload, its ServiceAccount, NetworkPolicy, Service and PodDisruptionBudget', () => {
    expect(objects.map(o => o.kind).sort()).toEqual(['Deployment', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'ServiceAccount']);
  });

  test('hardens the container security context', () => {
    expect(main.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsGroup: 10001,
      runAsNonRoot: true,
      runAsUser: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  test('hardens the pod: seccomp and AppArmor at pod level, non-root IDs, no token, no service links', () => {
    expect(pod.securityContext).toMatchObject({
      appArmorProfile: { type: 'RuntimeDefault' },
      seccompProfile: { type: 'RuntimeDefault' },
      runAsNonRoot: true,
      fsGroup: 10001,
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.enableServiceLinks).toBe(false);
    for (const key of ['hostNetwork', 'hostPID', 'hostIPC']) expect(pod[key]).toBeUndefined();
    expect(JSON.stringify(pod)).not.toMatch(/hostPath|hostPort/);
  });

  test('gives /tmp a size-limited emptyDir so the read-only root works for ordinary images', () => {
    expect(main.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'main-tmp' }]);
    expect(pod.volumes).toEqual([{ emptyDir: { sizeLimit: '64Mi' }, name: 'main-tmp' }]);
  });

  test('derives readiness and liveness probes from the port', () => {
    expect(main.readinessProbe.tcpSocket).toEqual({ port: 8080 });
    expect(main.livenessProbe.tcpSocket).toEqual({ port: 8080 });
    expect(main.livenessProbe).not.toEqual(main.readinessProbe);
  });

  test('takes resources from HardeningDefaults, and bounds ephemeral storage by default', () => {
    // 256Mi for logs and scratch, plus the 64Mi /tmp emptyDir the container writes to.
    expect(main.resources).toEqual({
      limits: { 'cpu': '500m', 'ephemeral-storage': '320Mi', 'memory': '256Mi' },
      requests: { 'cpu': '100m', 'ephemeral-storage': '64Mi', 'memory': '128Mi' },
    });
  });

  test('runs two replicas spread over nodes and zones, with a PDB', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(pod.topologySpreadConstraints.map((t: any) => t.topologyKey)).toEqual(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']);
    expect(byKind(objects, 'PodDisruptionBudget')[0].spec).toEqual({ maxUnavailable: 1, selector: deployment.spec.selector });
  });

  test('runs as its own ServiceAccount without a token', () => {
    const sa = byKind(objects, 'ServiceAccount')[0];
    expect(sa.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe(sa.metadata.name);
  });

  test('exposes the port through a ClusterIP Service by name', () => {
    const svc = byKind(objects, 'Service')[0];
    expect(svc.spec).toEqual({
      ports: [{ name: 'tcp-8080', port: 8080, protocol: 'TCP', targetPort: 'tcp-8080' }],
      selector: deployment.spec.selector.matchLabels,
      type: 'ClusterIP',
    });
  });

  test('labels everything with the recommended app.kubernetes.io labels', () => {
    for (const o of objects) {
      expect(Object.keys(o.metadata.labels)).toEqual(expect.arrayContaining(['app.kubernetes.io/name', 'app.kubernetes.io/instance', 'app.kubernetes.io/managed-by']));
    }
  });

  test('always pulls, so registry authorization is checked for every pod', () => {
    expect(main.imagePullPolicy).toBe('Always');
  });
});

describe('HardenedDeployment options', () => {
  test('a fully specified deployment stays hardened', () => {
    const c = chart();
    new HardenedDeployment(c, 'web', {
      name: 'web',
      image: 'registry.example.com/web:2.4.1',
      ports: [{ number: 8443, name: 'https' }, { number: 9090, name: 'metrics' }],
      env: { LOG_LEVEL: EnvValue.fromValue('info'), POD: EnvValue.fromFieldPath('metadata.name'), FLAGS: EnvValue.fromConfigMapKey('web-flags', 'flags') },
      resources: { cpu: { request: Cpu.millis(250), limit: Cpu.units(1) }, memory: { request: Size.mebibytes(256), limit: Size.gibibytes(1) } },
      readiness: Probe.fromHttpGet('/ready', { port: 8443 }),
      liveness: Probe.fromHttpGet('/live', { port: 8443, period: Duration.seconds(30) }),
      startup: Probe.fromTcpSocket({ failureThreshold: 30 }),
      writablePaths: [{ path: '/tmp' }, { path: '/var/cache/web', sizeLimit: Size.mebibytes(512) }],
      replicas: 4,
      maxUnavailable: 2,
      partOf: 'shop',
      component: 'frontend',
      labels: { team: 'storefront' },
      sidecars: [{ name: 'proxy', image: 'registry.example.com/proxy:1.0.0', port: 15001 }],
    });
    const objects = synthObjects(c);
    expectHardened(objects);
    const d = byKind(objects, 'Deployment')[0];
    expect(d.spec.replicas).toBe(4);
    expect(d.metadata.labels).toMatchObject({ 'app.kubernetes.io/version': '2.4.1', 'app.kubernetes.io/part-of': 'shop', 'team': 'storefront' });
    const containers = d.spec.template.spec.containers;
    expect(containers.map((x: any) => x.name)).toEqual(['main', 'proxy']);
    expect(containers[1].securityContext.readOnlyRootFilesystem).toBe(true);
    // Ephemeral storage: 256Mi for logs and scratch, plus /tmp (64Mi) and /var/cache/web (512Mi).
    expect(containers[0].resources.limits).toEqual({ 'cpu': '1', 'ephemeral-storage': '832Mi', 'memory': '1Gi' });
    expect(byKind(objects, 'Service')[0].spec.ports.map((p: any) => p.name)).toEqual(['https', 'metrics', 'tcp-15001']);
  });

  test('a given ServiceAccount is used and none is created', () => {
    const c = chart();
    new HardenedDeployment(c, 'api', { image: IMAGE, port: 8080, serviceAccount: { name: 'shared-api' } });
    const objects = synthObjects(c);
    expect(byKind(objects, 'ServiceAccount')).toEqual([]);
    expect(byKind(objects, 'Deployment')[0].spec.template.spec.serviceAccountName).toBe('shared-api');
  });

  test('netBindService adds only NET_BIND_SERVICE, which restricted allows', () => {
    const c = chart();
    new HardenedDeployment(c, 'dns', { image: IMAGE, port: 53, netBindService: true });
    const objects = synthObjects(c);
    expectHardened(objects);
    expect(byKind(objects, 'Deployment')[0].spec.template.spec.containers[0].securityContext.capabilities).toEqual({ add: ['NET_BIND_SERVICE'], drop: ['ALL'] });
  });

  test('chart-level defaults override app-level ones field by field', () => {
    const app = appWithDefaults();
    const c = new Chart(app, 'batch', { namespace: 'batch' });
    HardeningDefaults.set(c, {
      resources: {
        memory: { request: Size.gibibytes(1), limit: Size.gibibytes(2) },
        ephemeralStorage: { request: Size.mebibytes(128), limit: Size.gibibytes(1) },
      },
      runAsUser: 20000,
    });
    new HardenedDeployment(c, 'api', { image: IMAGE, port: 8080 });
    const main = byKind(synthObjects(c), 'Deployment')[0].spec.template.spec.containers[0];
    expect(main.resources).toEqual({
      limits: { 'cpu': '500m', 'ephemeral-storage': '1Gi', 'memory': '2Gi' },
      requests: { 'cpu': '100m', 'ephemeral-storage': '128Mi', 'memory': '1Gi' },
    });
    expect(main.securityContext.runAsUser).toBe(20000);
    // A default limit that one workload's writable paths outgrow is refused on that workload, naming the default.
    expect(() => new HardenedDeployment(c, 'cache', { image: IMAGE, port: 8080, writablePaths: [{ path: '/var/cache', sizeLimit: Size.gibibytes(2) }] }))
      .toThrow(/props\.resources\.ephemeralStorage \(from HardeningDefaults\)\.limit.*below what the container's disk-backed writable paths may hold \(2Gi\)/s);
  });

  test('synthesizing twice gives identical output', () => {
    const build = () => {
      const c = chart();
      new HardenedDeployment(c, 'api', { image: IMAGE, port: 8080, sidecars: [{ name: 'log', image: IMAGE, port: 9000 }] });
      return Testing.synth(c);
    };
    expect(JSON.stringify(build())).toEqual(JSON.stringify(build()));
  });
});

describe('HardenedDeployment waivers', () => {
  test('each waiver relaxes exactly its setting and is annotated with its justification', () => {
    const c = chart();
    new HardenedDeployment(c, 'legacy', {
      image: IMAGE,
      port: 8080,
      replicas: 1,
      waivers: [
        Waiver.runAsRoot('vendor image writes to /var/run as root; ticket SEC-12'),
        Waiver.writableRootFilesystem('vendor image unpacks plugins at start; ticket SEC-13'),
        Waiver.singleReplica('licence allows one instance; ticket SEC-14'),
        Waiver.addCapabilities(['NET_ADMIN'], 'configures its own iptables rules; ticket SEC-15'),
      ],
    });
    const d = byKind(synthObjects(c), 'Deployment')[0];
    const sc = d.spec.template.spec.containers[0].securityContext;
    expect(sc).toMatchObject({
      runAsNonRoot: false, runAsUser: 0, readOnlyRootFilesystem: false, privileged: false, allowPrivilegeEscalation: false,
    });
    expect(sc.capabilities).toEqual({ add: ['NET_ADMIN'], drop: ['ALL'] });
    expect(d.spec.replicas).toBe(1);
    expect(d.spec.template.spec.topologySpreadConstraints).toBeUndefined();
    expect(d.metadata.annotations).toEqual({
      'main.waiver.cdk8s-hardening.dev/add-capabilities': 'NET_ADMIN: configures its own iptables rules; ticket SEC-15',
      'main.waiver.cdk8s-hardening.dev/run-as-root': 'vendor image writes to /var/run as root; ticket SEC-12',
      'waiver.cdk8s-hardening.dev/single-replica': 'licence allows one instance; ticket SEC-14',
      'main.waiver.cdk8s-hardening.dev/writable-root-filesystem': 'vendor image unpacks plugins at start; ticket SEC-13',
      // The same waivers in kube-score's and Checkov's own terms (test/core/tool-exemptions.test.ts).
      'checkov.io/skip1': 'CKV_K8S_22=main: vendor image unpacks plugins at start; ticket SEC-13',
      'checkov.io/skip2': 'CKV_K8S_23=main: vendor image writes to /var/run as root; ticket SEC-12',
      'checkov.io/skip3': 'CKV_K8S_25=main: NET_ADMIN: configures its own iptables rules; ticket SEC-15',
      'checkov.io/skip4': 'CKV_K8S_40=main: vendor image writes to /var/run as root; ticket SEC-12',
      'kube-score/ignore': 'container-security-context-readonlyrootfilesystem,container-security-context-user-group-id',
    });
  });

  test('privileged implies privilege escalation, as Kubernetes requires', () => {
    const c = chart();
    new HardenedDeployment(c, 'agent', { image: IMAGE, port: 8080, waivers: [Waiver.privileged('node agent needs device access; ticket SEC-20')] });
    const sc = byKind(synthObjects(c), 'Deployment')[0].spec.template.spec.containers[0].securityContext;
    expect(sc).toMatchObject({ privileged: true, allowPrivilegeEscalation: true });
  });

  test('host namespaces, hostPath and the token mount are pod waivers', () => {
    const c = chart();
    new HardenedDeployment(c, 'agent', {
      image: IMAGE,
      port: 8080,
      waivers: [
        Waiver.hostNetwork('node exporter reads host interfaces; ticket SEC-21'),
        Waiver.hostPid('node exporter reads host processes; ticket SEC-22'),
        Waiver.hostPath('/proc', '/host/proc', 'node exporter reads host /proc; ticket SEC-23'),
        Waiver.serviceAccountToken('talks to the API server with its legacy client; ticket SEC-24'),
      ],
    });
    const d = byKind(synthObjects(c), 'Deployment')[0];
    const pod = d.spec.template.spec;
    expect(pod).toMatchObject({ hostNetwork: true, hostPID: true, automountServiceAccountToken: true });
    expect(pod.volumes).toContainEqual({ hostPath: { path: '/proc', type: 'Directory' }, name: 'host-path-0' });
    expect(pod.containers[0].volumeMounts).toContainEqual({ mountPath: '/host/proc', name: 'host-path-0', readOnly: true });
    expect(d.metadata.annotations['waiver.cdk8s-hardening.dev/host-path']).toBe('/proc -> /host/proc: node exporter reads host /proc; ticket SEC-23');
  });

  test('a sidecar waiver is recorded under the sidecar name', () => {
    const c = chart();
    new HardenedDeployment(c, 'api', {
      image: IMAGE,
      port: 8080,
      sidecars: [{ name: 'cache', image: IMAGE, port: 6379, waivers: [Waiver.writableRootFilesystem('cache writes its dump file next to the binary')] }],
    });
    const d = byKind(synthObjects(c), 'Deployment')[0];
    expect(d.metadata.annotations).toEqual({
      'cache.waiver.cdk8s-hardening.dev/writable-root-filesystem': 'cache writes its dump file next to the binary',
      'checkov.io/skip1': 'CKV_K8S_22=cache: cache writes its dump file next to the binary',
      'kube-score/ignore': 'container-security-context-readonlyrootfilesystem',
    });
    expect(d.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem).toBe(true);
  });
});
