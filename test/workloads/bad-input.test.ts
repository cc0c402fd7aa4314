import { Chart, Size, Testing } from 'cdk8s';
import { Cpu, HardenedCronJob, HardenedDeployment, HardenedDeploymentProps, HardenedJob, HardenedStatefulSet, HardeningDefaults, ImagePullPolicy, Probe, Protocol, Waiver } from '../../src';
import { appWithDefaults, expectRefused as refusedAt, IMAGE } from '../harness';

/** The refusals here all come from the construct at shop/api. */
const expectRefused = (fn: () => unknown, prop: string, problem: RegExp) => refusedAt(fn, 'shop/api', prop, problem);

const chart = () => new Chart(appWithDefaults(), 'shop', { namespace: 'shop' });
const deploy = (props: Partial<HardenedDeploymentProps>) => () => new HardenedDeployment(chart(), 'api', { image: IMAGE, port: 8080, ...props });


describe('refused at construction', () => {
  test.each([
    ['untagged image', { image: 'registry.example.com/api' }, 'props.image', /neither tag nor digest/],
    ['latest tag', { image: 'nginx:latest' }, 'props.image', /"latest" tag/],
    ['malformed reference', { image: 'Registry Example/api:1' }, 'props.image', /not a valid image reference/],
    ['uppercase repository', { image: 'docker.io/Acme/api:1.0' }, 'props.image', /uppercase/],
    ['short digest', { image: 'nginx@sha256:abc' }, 'props.image', /not a valid image reference|malformed/],
    ['IfNotPresent with a tag', { image: 'nginx:1.27.1', imagePullPolicy: ImagePullPolicy.IF_NOT_PRESENT }, 'props.imagePullPolicy', /mutable reference/],
    ['port 0', { port: 0 }, 'props.port', /not a valid port number/],
    ['port 70000', { port: 70000 }, 'props.port', /not a valid port number/],
    ['port below 1024 without NET_BIND_SERVICE', { port: 80 }, 'props.ports', /below 1024/],
    ['invalid port name', { port: undefined, ports: [{ number: 8080, name: 'HTTP_Port_Name_Too_Long' }] }, 'props.ports[0].name', /not a valid port name/],
    ['duplicate port', { ports: [{ number: 8080 }] }, 'props.ports[0]', /declared twice/],
    ['invalid name', { name: 'Api_Server' }, 'name', /DNS-1123/],
    ['service name starting with a digit', { name: '1api' }, 'name', /DNS-1035/],
    ['invalid container name', { containerName: 'Main' }, 'props.name', /DNS-1123/],
    ['one replica without waiver', { replicas: 1 }, 'props.replicas', /one replica/],
    ['zero replicas', { replicas: 0 }, 'props.replicas', /not a positive integer/],
    ['maxUnavailable 0', { maxUnavailable: 0 }, 'maxUnavailable', /not allowed/],
    ['runAsUser 0 without waiver', { runAsUser: 0 }, 'props.runAsUser', /root/],
    ['low UID without waiver', { runAsUser: 1000 }, 'props', /below 10000/],
    ['low fsGroup without waiver', { fsGroup: 100 }, 'props', /below 10000/],
    ['CPU request above limit', { resources: { cpu: { request: Cpu.units(2), limit: Cpu.units(1) } } }, 'props.resources.cpu', /above the limit/],
    ['memory request above limit', { resources: { memory: { request: Size.gibibytes(2), limit: Size.gibibytes(1) } } }, 'props.resources.memory', /above the limit/],
    ['no probes and no port', { port: undefined }, 'props', /no readiness probe/],
    ['probe without a port to use', { port: undefined, ports: [{ number: 8125, protocol: Protocol.UDP }], readiness: Probe.fromTcpSocket(), liveness: Probe.fromCommand(['/bin/ok']) }, 'props.readiness', /names no port/],
    ['relative writable path', { writablePaths: [{ path: 'tmp' }] }, 'props.writablePaths[0]', /absolute/],
    ['root as writable path', { writablePaths: [{ path: '/' }] }, 'props.writablePaths[0]', /absolute directory below/],
    ['duplicate writable path', { writablePaths: [{ path: '/tmp' }, { path: '/tmp/' }] }, 'props.writablePaths[1]', /declared twice/],
    ['duplicate container name', { sidecars: [{ name: 'main', image: IMAGE, port: 9000 }] }, 'props', /used twice/],
    ['sidecar without probes', { sidecars: [{ name: 'log', image: IMAGE }] }, 'props.sidecars[0]', /no readiness probe/],
    ['sidecar port clash', { sidecars: [{ name: 'log', image: IMAGE, port: 8080 }] }, 'props', /declared by two containers/],
    ['probe on an init container', { initContainers: [{ name: 'migrate', image: IMAGE, readiness: Probe.fromCommand(['true']) }] }, 'props.initContainers[0]', /init containers cannot have probes/],
    ['image from a registry not allowed', { imagePolicy: { allowedRegistries: ['ghcr.io/acme'] } }, 'props.image', /not in the allowed registries/],
    ['tag when digests are required', { image: 'registry.example.com/api:1.0.0', imagePolicy: { requireDigest: true } }, 'props.image', /requires digests/],
    ['selector label overridden', { labels: { 'app.kubernetes.io/name': 'x' } }, 'labels["app.kubernetes.io/name"]', /selects the pods/],
    ['invalid label value', { labels: { team: 'store front' } }, 'labels["team"]', /not a valid label value/],
    ['waiver annotation forged', { annotations: { 'waiver.cdk8s-hardening.dev/run-as-root': 'trust me' } }, 'annotations["waiver.cdk8s-hardening.dev/run-as-root"]', /written by the library/],
    ['unused waiver', { waivers: [Waiver.noProbes('the image has no health endpoint at all')] }, 'props.waivers', /not used/],
    ['no CPU limit waiver with a limit set', { waivers: [Waiver.noCpuLimit('latency-sensitive, throttling hurts p99')] }, 'props.waivers', /not used/],
    ['pod waiver on a sidecar', { sidecars: [{ name: 'log', image: IMAGE, port: 9000, waivers: [Waiver.hostNetwork('needs the host network for metrics')] }] }, 'props.sidecars[0].waivers', /belongs in the workload/],
    ['duplicate waiver kind', { waivers: [Waiver.runAsRoot('reason number one for root'), Waiver.runAsRoot('reason number two for root')] }, 'props.waivers', /given twice/],
    ['privilege escalation alongside privileged', { waivers: [Waiver.privileged('device plugin needs /dev access'), Waiver.privilegeEscalation('setuid helper binary in image')] }, 'props.waivers', /implied/],
  ] as Array<[string, Partial<HardenedDeploymentProps>, string, RegExp]>)('%s', (_name, props, prop, problem) => {
    expectRefused(deploy(props), prop, problem);
  });

  test('resources missing everywhere', () => {
    const c = new Chart(Testing.app(), 'shop');
    expectRefused(() => new HardenedDeployment(c, 'api', { image: IMAGE, port: 8080 }), 'props.resources.cpu', /no CPU request or limit/);
    expectRefused(() => new HardenedDeployment(new Chart(Testing.app(), 'shop'), 'api', { image: IMAGE, port: 8080, resources: { cpu: { request: Cpu.millis(10), limit: Cpu.millis(20) } } }), 'props.resources.memory', /no memory/);
  });

  test('no CPU limit without waiver', () => {
    const c = new Chart(Testing.app(), 'shop');
    expectRefused(() => new HardenedDeployment(c, 'api', {
      image: IMAGE, port: 8080, resources: { cpu: { request: Cpu.millis(10) }, memory: { request: Size.mebibytes(64), limit: Size.mebibytes(64) } },
    }), 'props.resources.cpu.limit', /no CPU limit/);
  });

  test('batch and stateful kinds share the same refusals', () => {
    const c = () => chart();
    expectRefused(() => new HardenedJob(c(), 'api', { image: 'busybox' }), 'props.image', /neither tag nor digest/);
    expectRefused(() => new HardenedStatefulSet(c(), 'api', { image: IMAGE, port: 5432, volumeClaims: [{ name: 'data', mountPath: '/tmp', storage: Size.gibibytes(1) }] }), 'props', /two volumes are mounted at \/tmp/);
    expectRefused(() => new HardenedStatefulSet(c(), 'api', { image: IMAGE, port: 5432, volumeClaims: [{ name: 'Data', mountPath: '/data', storage: Size.gibibytes(1) }] }), 'volumeClaims[0].name', /DNS-1123/);
    expectRefused(() => new HardenedCronJob(c(), 'api', { image: IMAGE, schedule: 'every day' }), 'schedule', /not a cron schedule/);
    expectRefused(() => new HardenedCronJob(c(), 'api', { image: IMAGE, schedule: 'CRON_TZ=UTC 0 3 * * *' }), 'schedule', /time zones/);
    expectRefused(() => new HardenedCronJob(c(), 'api', { image: IMAGE, schedule: '@daily', timeZone: 'not a zone' }), 'timeZone', /IANA/);
    expectRefused(() => new HardenedCronJob(c(), 'api', { image: IMAGE, schedule: '@daily', name: 'a'.repeat(53) }), 'name', /longer than 52/);
    expectRefused(() => new HardenedJob(c(), 'api', { image: IMAGE, backoffLimit: -1 }), 'backoffLimit', /not allowed/);
  });
});

describe('refused by factories and defaults', () => {
  test.each([
    ['empty justification', () => Waiver.runAsRoot(''), /justification of at least 10 characters/],
    ['placeholder justification', () => Waiver.privileged('because'), /justification/],
    ['no capabilities', () => Waiver.addCapabilities([], 'needs some capability or other'), /one or more capability/],
    ['relative hostPath', () => Waiver.hostPath('var/log', '/logs', 'log shipper reads node logs'), /absolute path/],
    ['probe path without slash', () => Probe.fromHttpGet('healthz'), /must start with "\/"/],
    ['empty probe command', () => Probe.fromCommand([]), /command is empty/],
    ['zero CPU', () => Cpu.millis(0), /positive integer/],
    ['defaults with a low UID', () => HardeningDefaults.set(Testing.app(), { runAsUser: 1000 }), /at least 10000/],
  ] as Array<[string, () => unknown, RegExp]>)('%s', (_name, fn, problem) => {
    expect(fn).toThrow(problem);
    expect(fn).toThrow(/Fix: /);
  });

  test('defaults set twice on one scope', () => {
    const app = appWithDefaults();
    expect(() => HardeningDefaults.set(app, {})).toThrow(/already set on this scope/);
  });
});
