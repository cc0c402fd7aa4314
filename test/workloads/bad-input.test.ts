import { Chart, Duration, Size, Testing } from 'cdk8s';
import {
  Cpu, EnvValue, HardenedCronJob, HardenedDeployment, HardenedDeploymentProps, HardenedJob, HardenedJobProps, HardenedStatefulSet, HardeningDefaults,
  ImagePullPolicy, Probe, Protocol, SecretMount, SecretReference, Waiver,
} from '../../src';
import { appWithDefaults, expectHardened, expectRefused as refusedAt, IMAGE } from '../harness';

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
    ['invalid container name', { containerName: 'Main' }, 'props.containerName', /DNS-1123/],
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
    ['relative writable path', { writablePaths: [{ path: 'tmp' }] }, 'props.writablePaths[0].path', /not an absolute path/],
    ['root as writable path', { writablePaths: [{ path: '/' }] }, 'props.writablePaths[0].path', /root directory; it must be an absolute, normalized directory below/],
    ['duplicate writable path', { writablePaths: [{ path: '/tmp' }, { path: '/tmp' }] }, 'props.writablePaths[1]', /declared twice/],
    ['writable paths whose volume names collide', { writablePaths: [{ path: '/var/cache' }, { path: '/var-cache' }] }, 'props.writablePaths[1]', /collides/],
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
    ['empty justification', () => Waiver.runAsRoot(''), /justification of at least 10 characters|at least 10 meaningful characters/],
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

// Issue 13, class 6: values that mean "unlimited" or that the API server refuses later are refused at construction,
// and untyped JavaScript callers get the library's error (path, prop, Fix), never a TypeError.
const HEX = (n: number) => 'ab12cd34ef'.repeat(13).slice(0, n);
const REPO = 'registry.example.com/team/api';
const mem = (request: unknown, limit: unknown) => ({ resources: { memory: { request, limit } } } as unknown as Partial<HardenedDeploymentProps>);
const untyped = (props: Record<string, unknown>) => props as Partial<HardenedDeploymentProps>;
const db = SecretReference.fromName('db-credentials');

describe('unlimited or invalid values are refused at construction', () => {
  test.each([
    ['memory limit of 0 (unlimited)', mem(Size.kibibytes(0), Size.kibibytes(0)), 'props.resources.memory.request', /size of 0 as no bound/],
    ['memory request and limit of 0Mi', mem(Size.mebibytes(0), Size.mebibytes(0)), 'props.resources.memory.request', /not a usable size/],
    ['memory limit 0 with a real request', { resources: { memory: { request: Size.mebibytes(1), limit: Size.kibibytes(0) } } }, 'props.resources.memory.limit', /size of 0 as no bound/],
    ['memory limit NaN', mem(Size.mebibytes(64), Size.mebibytes(NaN)), 'props.resources.memory.limit', /NaN is not a usable size/],
    ['memory limit omitted by an untyped caller', mem(Size.mebibytes(64), undefined), 'props.resources.memory.limit', /undefined is not a Size/],
    ['memory limit given as a number', mem(Size.mebibytes(64), 256), 'props.resources.memory.limit', /the number 256 is not a Size/],
    ['CPU limit given as a string', untyped({ resources: { cpu: { request: Cpu.millis(100), limit: '500m' } } }), 'props.resources.cpu.limit', /"500m" is not a Cpu/],
    ['ephemeral-storage limit of 0', { resources: { ephemeralStorage: { request: Size.kibibytes(0), limit: Size.kibibytes(0) } } }, 'props.resources.ephemeralStorage.request', /no bound/],
    ['an ephemeral-storage limit below the writable paths', {
      resources: { ephemeralStorage: { request: Size.mebibytes(64), limit: Size.mebibytes(512) } },
      writablePaths: [{ path: '/tmp' }, { path: '/var/cache/app', sizeLimit: Size.gibibytes(1) }],
    }, 'props.resources.ephemeralStorage.limit', /the limit \(512Mi\) is below what the container's disk-backed writable paths may hold \(1088Mi\).*Fix: raise the limit/],
    ['writable path sizeLimit of 0', { writablePaths: [{ path: '/tmp', sizeLimit: Size.kibibytes(0) }] }, 'props.writablePaths[0].sizeLimit', /no bound/],
    ['writable path with //', { writablePaths: [{ path: '//tmp' }] }, 'props.writablePaths[0].path', /empty, "\." or "\.\." segments.*Fix: write it as "\/tmp"/],
    ['writable path with a . segment', { writablePaths: [{ path: '/var/./cache' }] }, 'props.writablePaths[0].path', /write it as "\/var\/cache"/],
    ['writable path with a .. segment', { writablePaths: [{ path: '/tmp/../etc' }] }, 'props.writablePaths[0].path', /segments/],
    ['writable path with a trailing /', { writablePaths: [{ path: '/var/cache/' }] }, 'props.writablePaths[0].path', /ends with "\/"/],
    ['writable path with a trailing newline', { writablePaths: [{ path: '/tmp\n' }] }, 'props.writablePaths[0].path', /control characters/],
    ['writable path with trailing space', { writablePaths: [{ path: '/tmp ' }] }, 'props.writablePaths[0].path', /whitespace/],
    ['writable path not a string', untyped({ writablePaths: [{ path: 42 }] }), 'props.writablePaths[0].path', /the number 42 is not a string/],
    ['secret mounted at a // path', { secrets: [SecretMount.fromSecret(db, { mountPath: '/run//secrets/db' })] }, 'props.secrets[0].mountPath', /segments/],
    ['secret mounted at a trailing / path', { secrets: [SecretMount.fromSecret(db, { mountPath: '/run/secrets/db/' })] }, 'props.secrets[0].mountPath', /ends with/],
    ['something else than a SecretMount', untyped({ secrets: [{ mountPath: '/run/secrets/db' }] }), 'props.secrets[0]', /is not a SecretMount/],
    ['relative workingDir', { workingDir: 'app' }, 'props.workingDir', /not an absolute path/],
    ['workingDir with ..', { workingDir: '/app/../etc' }, 'props.workingDir', /segments/],
    ['command given as one string', untyped({ command: '/app/server --port=8080' }), 'props.command', /is not a list of strings/],
    ['liveness successThreshold 2', { liveness: Probe.fromTcpSocket({ successThreshold: 2 }) }, 'props.liveness.successThreshold', /refused by the API server for liveness/],
    ['startup successThreshold 3', { startup: Probe.fromTcpSocket({ successThreshold: 3 }) }, 'props.startup.successThreshold', /startup/],
    ['something else than a Probe', untyped({ readiness: { httpGet: { path: '/healthz' } } }), 'props.readiness', /is not a Probe/],
    ['empty env name', { env: { '': EnvValue.fromValue('x') } }, 'props.env[""]', /not a valid environment variable name/],
    ['env name starting with a digit', { env: { '1ST': EnvValue.fromValue('x') } }, 'props.env["1ST"]', /not a valid environment variable name/],
    ['env name with =', { env: { 'A=B': EnvValue.fromValue('x') } }, 'props.env["A=B"]', /environment variable name/],
    ['env name with a space', { env: { 'LOG LEVEL': EnvValue.fromValue('x') } }, 'props.env["LOG LEVEL"]', /Fix: use a name like "LOG_LEVEL"/],
    ['env value as a plain string', untyped({ env: { LOG_LEVEL: 'info' } }), 'props.env["LOG_LEVEL"]', /"info" is not an EnvValue/],
    ['env value given as a number', { env: { TOKEN_TTL: EnvValue.fromValue(3600 as unknown as string) } }, 'props.env["TOKEN_TTL"]', /the number 3600 is not a string value/],
    ['sha256 digest one digit short', { image: `${REPO}@sha256:${HEX(63)}` }, 'props.image', /63 hex digits instead of 64/],
    ['sha256 digest too long', { image: `${REPO}@sha256:${HEX(65)}` }, 'props.image', /65 hex digits instead of 64/],
    ['sha256 digest in uppercase', { image: `${REPO}@sha256:${HEX(64).toUpperCase()}` }, 'props.image', /uppercase hex/],
    ['sha512 digest of sha256 length', { image: `${REPO}@sha512:${HEX(64)}` }, 'props.image', /64 hex digits instead of 128/],
    ['sha384 digest of sha512 length', { image: `${REPO}@sha384:${HEX(128)}` }, 'props.image', /instead of 96/],
    ['md5 digest', { image: `${REPO}@md5:${HEX(32)}` }, 'props.image', /"md5" is not one runtimes verify/],
    ['digest with non-hex digits', { image: `${REPO}@sha256:${'g'.repeat(64)}` }, 'props.image', /other than hex/],
    ['image omitted by an untyped caller', untyped({ image: undefined }), 'props.image', /undefined is not a string/],
    ['container name as a number', untyped({ containerName: 7 }), 'props.containerName', /the number 7 is not a string/],
    ['replicas NaN', { replicas: NaN }, 'props.replicas', /not a positive integer/],
    ['replicas 2.5', { replicas: 2.5 }, 'props.replicas', /not a positive integer/],
    ['maxUnavailable equal to replicas', { replicas: 2, maxUnavailable: 2 }, 'maxUnavailable', /take every pod down at once/],
    ['maxUnavailable above replicas', { replicas: 3, maxUnavailable: 5 }, 'maxUnavailable', /use at most 2/],
    ['maxUnavailable fractional', { maxUnavailable: 0.5 }, 'maxUnavailable', /not allowed/],
    ['annotation key with a space', { annotations: { 'owner team': 'payments' } }, 'annotations["owner team"]', /not a valid annotation key/],
    ['annotation key with two slashes', { annotations: { 'example.com/a/b': 'x' } }, 'annotations["example.com/a/b"]', /not a valid annotation key/],
    ['annotation value given as a number', untyped({ annotations: { 'example.com/replicas': 3 } }), 'annotations["example.com/replicas"]', /the number 3 is not a string/],
    ['annotations above 256 KiB', { annotations: { 'example.com/blob': 'x'.repeat(256 * 1024) } }, 'annotations', /more than the 262144 the API server accepts/],
    ['label value given as a boolean', untyped({ labels: { critical: true } }), 'labels["critical"]', /the boolean true is not a string/],
    ['port protocol in lowercase from JavaScript', untyped({ port: undefined, ports: [{ number: 8080, protocol: 'tcp' }] }), 'props.ports[0].protocol', /"tcp" is not a protocol/],
    ['runAsUser above 2^31-1', { runAsUser: 2 ** 31 }, 'props.runAsUser', /2147483648 is not a valid ID/],
    ['runAsGroup NaN', { runAsGroup: NaN }, 'props.runAsGroup', /NaN is not a valid ID/],
    ['terminationGracePeriod in milliseconds', { terminationGracePeriod: Duration.millis(1500) }, 'props.terminationGracePeriod', /whole number of seconds/],
  ] as Array<[string, Partial<HardenedDeploymentProps>, string, RegExp]>)('%s', (_name, props, prop, problem) => {
    expectRefused(deploy(props), prop, problem);
  });

  test.each([
    ['a 1Mi memory limit', { resources: { memory: { request: Size.mebibytes(1), limit: Size.mebibytes(1) } } }],
    ['a 1 millicore CPU request', { resources: { cpu: { request: Cpu.millis(1), limit: Cpu.millis(1) } } }],
    ['an ephemeral-storage limit', { resources: { ephemeralStorage: { request: Size.mebibytes(64), limit: Size.gibibytes(1) } } }],
    ['an ephemeral-storage limit equal to the writable paths', {
      resources: { ephemeralStorage: { request: Size.mebibytes(64), limit: Size.mebibytes(64) } },
    }],
    ['a large in-memory writable path beside a small ephemeral-storage limit', {
      resources: { ephemeralStorage: { request: Size.mebibytes(64), limit: Size.mebibytes(128) } },
      writablePaths: [{ path: '/tmp' }, { path: '/dev/shm', inMemory: true, sizeLimit: Size.mebibytes(200) }],
    }],
    ['a writable path under /var with a 1Mi limit', { writablePaths: [{ path: '/var/cache/nginx', sizeLimit: Size.mebibytes(1) }, { path: '/run/app.d' }] }],
    ['a writable path with a dot inside a name', { writablePaths: [{ path: '/home/app/.cache' }] }],
    ['a secret mounted under /run/secrets', { secrets: [SecretMount.fromSecret(db, { mountPath: '/run/secrets/db' })] }],
    ['an absolute workingDir', { workingDir: '/srv/app' }],
    ['env names with dots, dashes and underscores', { env: { 'LOG_LEVEL': EnvValue.fromValue('info'), 'spring.profiles.active': EnvValue.fromValue('prod'), '_X': EnvValue.fromValue('1'), 'my-var': EnvValue.fromValue('a') } }],
    ['a sha256 digest', { image: `${REPO}@sha256:${HEX(64)}` }],
    ['a sha384 digest', { image: `${REPO}@sha384:${HEX(96)}` }],
    ['a sha512 digest', { image: `${REPO}@sha512:${HEX(128)}` }],
    ['a tag and a sha512 digest', { image: `${REPO}:1.4.2@sha512:${HEX(128)}` }],
    ['liveness with successThreshold 1 and readiness needing 3', { liveness: Probe.fromTcpSocket({ successThreshold: 1 }), readiness: Probe.fromHttpGet('/ready', { successThreshold: 3 }) }],
    ['maxUnavailable below replicas', { replicas: 3, maxUnavailable: 2 }],
    ['a single waived replica with the default maxUnavailable', { replicas: 1, waivers: [Waiver.singleReplica('a cache that rebuilds itself on restart')] }],
    ['a termination grace period of 0', { terminationGracePeriod: Duration.seconds(0) }],
    ['the highest UID the API server takes', { runAsUser: 2 ** 31 - 1, runAsGroup: 2 ** 31 - 1 }],
    ['annotations with and without a prefix', { annotations: { 'owner': 'payments', 'example.com/runbook': 'https://runbooks.example.com/api', 'a.b-c_d': '' } }],
    ['a UDP port beside the TCP one', { ports: [{ number: 8125, protocol: Protocol.UDP }] }],
  ] as Array<[string, Partial<HardenedDeploymentProps>]>)('still accepts %s', (_name, props) => {
    expectHardened(Testing.synth(deploy(props)().node.scope as Chart));
  });
});

describe('cron schedules are read as the API server reads them (robfig/cron ParseStandard)', () => {
  const cron = (schedule: unknown, extra: Record<string, unknown> = {}) => () =>
    new HardenedCronJob(chart(), 'api', { image: IMAGE, schedule: schedule as string, ...extra });

  test.each([
    ['minute 61', '61 * * * *', /minute "61" goes above 59/],
    ['minute 60', '60 * * * *', /goes above 59/],
    ['hour 24', '0 24 * * *', /hour "24" goes above 23/],
    ['day of month 32', '0 0 32 * *', /day of month "32" goes above 31/],
    ['day of month 0', '0 0 0 * *', /starts below 1/],
    ['month 13', '0 0 1 13 *', /month "13" goes above 12/],
    ['day of week 8', '0 0 * * 8', /day of week "8" goes above 6/],
    ['day of week 7 (robfig counts Sunday as 0 only)', '0 0 * * 7', /goes above 6/],
    ['an unknown name', '0 0 * JANUARY *', /"JANUARY", which is not a number or a name/],
    ['a name where none is allowed', '0 MON * * *', /not a number\b/],
    ['a step of 0', '*/0 * * * *', /step of 0/],
    ['a reversed range', '30-10 * * * *', /ends before it starts/],
    ['a negative number', '-1 * * * *', /not a number/],
    ['two slashes', '*/5/2 * * * *', /more than one "\/"/],
    ['an empty list item', '1,,2 * * * *', /not a number/],
    ['six fields (seconds)', '0 0 * * * *', /6 fields instead of 5/],
    ['four fields', '0 * * *', /4 fields instead of 5/],
    ['an empty schedule', '', /no fields instead of 5/],
    ['a TZ= prefix', 'TZ=Europe/Berlin 0 3 * * *', /time zones inside the schedule are refused.*Fix: move the zone to the timeZone prop/],
    ['a CRON_TZ= prefix', 'CRON_TZ=UTC 0 3 * * *', /timeZone prop/],
    ['an unknown macro', '@fortnightly', /not a cron macro/],
    ['a macro in capitals', '@DAILY', /not a cron macro/],
    ['@every without a duration', '@every', /not a cron macro/],
    ['the 31st of February', '0 0 31 2 *', /never runs: no chosen month has day 31/],
    ['the 30th of February', '0 0 30 2 *', /never runs/],
    ['the 31st of the 30-day months', '0 0 31 4,6,9,11 *', /never runs/],
    ['a schedule that is not a string', 5, /the number 5 is not a string/],
  ])('%s', (_name, schedule, problem) => {
    expectRefused(cron(schedule), 'schedule', problem);
  });

  test.each([
    '*/5 * * * *', '0 0 1 1 *', '@daily', '@hourly', '@yearly', '@annually', '@monthly', '@weekly', '@midnight', '@every 1h30m',
    '0 9 * * MON-FRI', '0 9 * * mon-fri', '0 0 1 JAN,jul *', '5/15 * * * *', '1-59/2 0-23 1-31 1-12 0-6', '0 0 ? * SUN', '0 0 * * ?',
    '0 0 29 2 *', '0 0 31 * *', '0 0 31 1,2 *', '0 0 30 2 1', '00 03 * * *', '  30 2 * * *  ', '0 0 28 * *',
  ])('still accepts %s', (schedule) => {
    expect(() => cron(schedule)()).not.toThrow();
  });

  test('startingDeadline below the controller\'s 10-second check is refused; 10 seconds passes', () => {
    expectRefused(cron('@daily', { startingDeadline: Duration.seconds(5) }), 'startingDeadline', /at least 10/);
    expect(() => cron('@daily', { startingDeadline: Duration.seconds(10) })()).not.toThrow();
  });
});

describe('Job durations', () => {
  const job = (extra: Partial<HardenedJobProps>) => () => new HardenedJob(chart(), 'api', { image: IMAGE, ...extra });
  test.each([
    ['activeDeadline 0 (stops the Job at once)', { activeDeadline: Duration.seconds(0) }, 'activeDeadline', /0 seconds is not allowed.*at least 1/],
    ['activeDeadline in fractions of a second', { activeDeadline: Duration.millis(1500) }, 'activeDeadline', /whole number of seconds/],
    ['ttlAfterFinished in fractions of a second', { ttlAfterFinished: Duration.millis(10) }, 'ttlAfterFinished', /whole number/],
    ['backoffLimit NaN', { backoffLimit: NaN }, 'backoffLimit', /not allowed|not a number/],
    ['completions Infinity', { completions: Infinity }, 'completions', /not allowed/],
  ] as Array<[string, Partial<HardenedJobProps>, string, RegExp]>)('%s', (_name, extra, prop, problem) => {
    expectRefused(job(extra), prop, problem);
  });

  test.each([
    ['activeDeadline of an hour', { activeDeadline: Duration.hours(1) }],
    ['ttlAfterFinished 0 (delete at once)', { ttlAfterFinished: Duration.seconds(0) }],
    ['backoffLimit 0', { backoffLimit: 0 }],
  ] as Array<[string, Partial<HardenedJobProps>]>)('still accepts %s', (_name, extra) => {
    expect(job(extra)).not.toThrow();
  });
});

describe('StatefulSet volume claims', () => {
  const sts = (claim: Record<string, unknown>) => () => new HardenedStatefulSet(chart(), 'api', {
    image: IMAGE, port: 5432, volumeClaims: [{ name: 'data', mountPath: '/var/lib/postgresql/data', storage: Size.gibibytes(1), ...claim } as any],
  });
  test.each([
    ['mount path with a trailing /', { mountPath: '/data/' }, 'volumeClaims[0].mountPath', /ends with/],
    ['mount path with //', { mountPath: '/var//lib' }, 'volumeClaims[0].mountPath', /segments/],
    ['storage of 0', { storage: Size.gibibytes(0) }, 'volumeClaims[0].storage', /no bound/],
    ['storage as a string', { storage: '10Gi' }, 'volumeClaims[0].storage', /"10Gi" is not a Size/],
  ])('%s', (_name, claim, prop, problem) => {
    expectRefused(sts(claim), prop, problem);
  });
  test('a normal claim still passes', () => {
    expect(sts({})).not.toThrow();
  });
});

describe('two workloads of one name in one namespace', () => {
  test('across two charts of one app, naming both construct paths', () => {
    const app = appWithDefaults();
    new HardenedDeployment(new Chart(app, 'shop', { namespace: 'shop' }), 'api', { image: IMAGE, port: 8080, name: 'api' });
    const other = new Chart(app, 'jobs', { namespace: 'shop' });
    const message = refusedAt(() => new HardenedJob(other, 'api', { image: IMAGE, name: 'api' }), 'jobs/api', 'name', /already the name of the workload at shop\/api in namespace "shop"/);
    expect(message).toContain('[jobs/api]');
  });

  test('in one chart without a namespace', () => {
    const c = new Chart(appWithDefaults(), 'shop');
    new HardenedDeployment(c, 'a', { image: IMAGE, port: 8080, name: 'api' });
    refusedAt(() => new HardenedDeployment(c, 'b', { image: IMAGE, port: 8080, name: 'api' }), 'shop/b', 'name', /already the name of the workload at shop\/a in the same chart/);
  });

  test('still accepted: the same name in two namespaces, and in two charts without a namespace (applied with -n)', () => {
    const app = appWithDefaults();
    new HardenedDeployment(new Chart(app, 'a', { namespace: 'a' }), 'api', { image: IMAGE, port: 8080, name: 'api' });
    expect(() => new HardenedDeployment(new Chart(app, 'b', { namespace: 'b' }), 'api', { image: IMAGE, port: 8080, name: 'api' })).not.toThrow();
    new HardenedDeployment(new Chart(app, 'staging'), 'api', { image: IMAGE, port: 8080, name: 'api' });
    expect(() => new HardenedDeployment(new Chart(app, 'prod'), 'api', { image: IMAGE, port: 8080, name: 'api' })).not.toThrow();
  });
});

describe('probe timings are refused by the factory', () => {
  test.each([
    ['period 0', () => Probe.fromTcpSocket({ period: Duration.seconds(0) }), /period: 0 seconds is not allowed/],
    ['timeout of half a second', () => Probe.fromHttpGet('/healthz', { timeout: Duration.millis(500) }), /timeout: 0.5 seconds/],
    ['failureThreshold 0', () => Probe.fromGrpc({ failureThreshold: 0 }), /failureThreshold: 0 is not allowed/],
    ['successThreshold NaN', () => Probe.fromCommand(['/bin/ok'], { successThreshold: NaN }), /successThreshold: NaN/],
    ['port 0', () => Probe.fromTcpSocket({ port: 0 }), /port: 0 is not a valid port number/],
    ['path not a string', () => Probe.fromHttpGet(undefined as unknown as string), /must start with/],
    ['command not a list', () => Probe.fromCommand('/bin/ok' as unknown as string[]), /list of strings/],
  ] as Array<[string, () => unknown, RegExp]>)('%s', (_name, fn, problem) => {
    expect(fn).toThrow(problem);
    expect(fn).toThrow(/Fix: /);
  });

  test('legitimate timings still pass', () => {
    expect(() => Probe.fromHttpGet('/healthz', { initialDelay: Duration.seconds(0), period: Duration.seconds(1), timeout: Duration.seconds(1), failureThreshold: 1, successThreshold: 1 })).not.toThrow();
    expect(() => Probe.fromTcpSocket({ port: 65535, period: Duration.minutes(1) })).not.toThrow();
  });
});
