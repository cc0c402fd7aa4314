import { Size, SizeRoundingBehavior } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ContainerMount } from './container-mount';
import { checkArgsLiterals, checkEnvLiteral } from './credential-literals';
import { ResolvedDefaults } from './defaults';
import { EnvValue } from './env-value';
import { propError } from './errors';
import { checkImagePolicy, ImagePolicy, ImageReference } from './image';
import { Probe } from './probe';
import { checkPositiveSize, ContainerResources, resolveResources, sizeQuantity } from './resources';
import { checkSecretEnvKey } from './secret-source';
import { checkAbsolutePath, checkDnsLabel, checkEnvName, checkInstance, checkPortName, checkPortNumber, checkType, describeValue } from './validation';
import { Waiver, WaiverKind, WaiverSet } from './waiver';
import { MAX_ID, MIN_ID } from '../manifest/user-ids';

/** Network protocol of a port. */
export enum Protocol {
  /** TCP. */
  TCP = 'TCP',
  /** UDP. */
  UDP = 'UDP',
  /** SCTP. */
  SCTP = 'SCTP',
}

/** When the kubelet pulls the image. `Never` is not offered: it trusts whatever image a node happens to hold. */
export enum ImagePullPolicy {
  /** Check the registry on every start, so registry authorization is enforced for every pod. */
  ALWAYS = 'Always',
  /** Use a cached image if present; only for digest-pinned images, whose content cannot change. */
  IF_NOT_PRESENT = 'IfNotPresent',
}

/** A port the container listens on. */
export interface ContainerPort {
  /** Port number, 1–65535. Below 1024 needs `netBindService: true`. */
  readonly number: number;
  /**
   * Port name (IANA service name), used by the Service's targetPort and by name-based network policies.
   *
   * @default - `<protocol>-<number>`, e.g. `tcp-8080`
   */
  readonly name?: string;
  /**
   * Protocol.
   *
   * @default Protocol.TCP
   */
  readonly protocol?: Protocol;
}

/** A directory the container may write to, backed by an emptyDir volume with a size limit. */
export interface WritablePath {
  /** Absolute path inside the container. */
  readonly path: string;
  /**
   * Most the directory may hold; past it the pod is evicted.
   *
   * @default - `writablePathSizeLimit` of HardeningDefaults (64Mi unless set)
   */
  readonly sizeLimit?: Size;
  /**
   * Back the directory with memory (tmpfs) instead of node disk; counts against the memory limit.
   *
   * @default false
   */
  readonly inMemory?: boolean;
}

/** What every hardened container accepts besides its name and image. */
export interface ContainerOptions {
  /**
   * Entrypoint.
   *
   * @default - the image's ENTRYPOINT
   */
  readonly command?: string[];
  /**
   * Arguments to the entrypoint.
   *
   * @default - the image's CMD
   */
  readonly args?: string[];
  /**
   * Working directory.
   *
   * @default - the image's WORKDIR
   */
  readonly workingDir?: string;
  /**
   * Shorthand for one TCP port; combined with `ports` if both are given.
   *
   * @default - no port
   */
  readonly port?: number;
  /**
   * Ports the container listens on.
   *
   * @default - no ports
   */
  readonly ports?: ContainerPort[];
  /**
   * Environment variables by name. A literal value for a name that says it holds a credential (`DB_PASSWORD`,
   * `API_TOKEN` …) is refused: mount the secret in `secrets` instead.
   *
   * @default - none
   */
  readonly env?: { [name: string]: EnvValue };
  /**
   * Secrets mounted into this container as read-only files (`SecretMount.fromSecret`, `SecretMount.fromSecretProviderClass`).
   *
   * @default - none
   */
  readonly secrets?: ContainerMount[];
  /**
   * Resource requests and limits; fields left out come from HardeningDefaults.
   *
   * @default - from HardeningDefaults; an error if CPU or memory is set by neither
   */
  readonly resources?: ContainerResources;
  /**
   * Readiness probe.
   *
   * @default - for long-running workloads, a TCP probe of the first TCP port; without a port, required (or `Waiver.noProbes`)
   */
  readonly readiness?: Probe;
  /**
   * Liveness probe.
   *
   * @default - for long-running workloads, a slower TCP probe of the first TCP port; without a port, required (or `Waiver.noProbes`)
   */
  readonly liveness?: Probe;
  /**
   * Startup probe, for slow starters.
   *
   * @default - none
   */
  readonly startup?: Probe;
  /**
   * Directories the container may write to; the root filesystem itself is read-only.
   *
   * @default - [{ path: '/tmp' }]
   */
  readonly writablePaths?: WritablePath[];
  /**
   * UID to run as; at least 10000 unless `Waiver.lowIds`, never 0 unless `Waiver.runAsRoot`.
   *
   * @default - `runAsUser` of HardeningDefaults (10001 unless set)
   */
  readonly runAsUser?: number;
  /**
   * GID to run as; at least 10000 unless `Waiver.lowIds`.
   *
   * @default - `runAsGroup` of HardeningDefaults (10001 unless set)
   */
  readonly runAsGroup?: number;
  /**
   * Add the NET_BIND_SERVICE capability so a non-root process can listen on ports below 1024.
   * The only capability Pod Security Standards `restricted` allows; needs no waiver.
   *
   * @default false
   */
  readonly netBindService?: boolean;
  /**
   * Image pull policy. `IF_NOT_PRESENT` is accepted only for digest-pinned images.
   *
   * @default ImagePullPolicy.ALWAYS
   */
  readonly imagePullPolicy?: ImagePullPolicy;
}

/** A sidecar or init container. */
export interface HardenedContainerProps extends ContainerOptions {
  /** Container name (DNS-1123 label), unique in the pod. */
  readonly name: string;
  /** Image reference; a version tag or a digest, never `latest` or untagged. */
  readonly image: string;
  /**
   * Justified relaxations of this container's hardened defaults (container-scoped kinds only).
   *
   * @default - none
   */
  readonly waivers?: Waiver[];
}

/** How a container is built within its pod. */
export interface ContainerContext {
  readonly defaults: ResolvedDefaults;
  readonly imagePolicy: ImagePolicy;
  readonly waivers: WaiverSet;
  /** Long-running pods need probes; init containers take none. */
  readonly role: 'long-running' | 'batch' | 'init';
}

/** A built container and what the pod and Service need from it. */
export interface BuiltContainer {
  readonly container: Record<string, unknown>;
  readonly volumes: Array<Record<string, unknown>>;
  readonly ports: Array<{ name: string; number: number; protocol: Protocol }>;
  readonly image: ImageReference;
  /** Variables read from Secrets, with their justifications: `[variable, justification]`. */
  readonly secretEnv: Array<[string, string]>;
}

/** Turns container intent into a hardened Kubernetes container, refusing anything unsafe that is not waived. */
export function buildContainer(
  scope: IConstruct, prop: string, name: string, image: string, opts: ContainerOptions, ctx: ContainerContext, nameProp = `${prop}.name`,
): BuiltContainer {
  // The main container's name is props.containerName; a sidecar's is its own name.
  checkDnsLabel(scope, nameProp, name);
  if (opts.command !== undefined) checkType(scope, `${prop}.command`, opts.command, 'string[]', '["/app/server", "--port=8080"]');
  if (opts.args !== undefined) checkType(scope, `${prop}.args`, opts.args, 'string[]', '["--port=8080"]');
  // The OCI runtime spec requires an absolute cwd; runc refuses a relative one only when the pod starts.
  if (opts.workingDir !== undefined) checkAbsolutePath(scope, `${prop}.workingDir`, opts.workingDir, '/app');
  const w = ctx.waivers;
  const ref = checkImagePolicy(scope, `${prop}.image`, image, ctx.imagePolicy);
  const pullPolicy = opts.imagePullPolicy ?? ImagePullPolicy.ALWAYS;
  if (pullPolicy === ImagePullPolicy.IF_NOT_PRESENT && !ref.digest) {
    throw propError(scope, `${prop}.imagePullPolicy`, `IF_NOT_PRESENT with the mutable reference "${image}" can run stale or unauthorized cached content`, 'pin the image by digest, or keep ImagePullPolicy.ALWAYS');
  }

  const ports = buildPorts(scope, prop, opts);
  const privilegedPort = ports.find(p => p.number < 1024);
  if (privilegedPort && !opts.netBindService) {
    throw propError(scope, `${prop}.ports`, `port ${privilegedPort.number} is below 1024, which a non-root process cannot bind`, 'listen on a port of 1024 or more, or set netBindService: true');
  }

  const runAsRoot = w.has(WaiverKind.RUN_AS_ROOT);
  const runAsUser = runAsRoot ? 0 : opts.runAsUser ?? ctx.defaults.runAsUser;
  const runAsGroup = opts.runAsGroup ?? ctx.defaults.runAsGroup;
  checkIds(scope, prop, { runAsUser: runAsRoot ? undefined : runAsUser, runAsGroup }, w);
  const privileged = w.has(WaiverKind.PRIVILEGED);
  const escalation = w.has(WaiverKind.PRIVILEGE_ESCALATION);
  if (privileged && escalation) {
    throw propError(scope, `${prop}.waivers`, 'Waiver.privilegeEscalation is implied by Waiver.privileged', 'remove Waiver.privilegeEscalation');
  }
  const added = [...(opts.netBindService ? ['NET_BIND_SERVICE'] : []), ...w.take(WaiverKind.ADD_CAPABILITIES).flatMap(x => x.values)];
  const writableRoot = w.has(WaiverKind.WRITABLE_ROOT_FILESYSTEM);

  const { mounts, volumes, onDisk } = buildWritablePaths(scope, prop, name, opts.writablePaths ?? [{ path: '/tmp' }], ctx.defaults.writablePathSizeLimit);
  addSecretMounts(scope, prop, name, opts.secrets ?? [], mounts, volumes);
  const firstTcp = ports.find(p => p.protocol === Protocol.TCP)?.number;
  const probes = buildProbes(scope, prop, opts, firstTcp, ctx.role, w);
  const cpuLimitWaived = (opts.resources?.cpu ?? ctx.defaults.resources.cpu)?.limit === undefined && w.has(WaiverKind.NO_CPU_LIMIT);

  checkArgsLiterals(scope, `${prop}.command`, opts.command);
  checkArgsLiterals(scope, `${prop}.args`, opts.args);
  const secretEnv: Array<[string, string]> = [];
  const env = Object.entries(opts.env ?? {}).map(([k, v]) => {
    checkEnvName(scope, `${prop}.env["${k}"]`, k);
    checkInstance(scope, `${prop}.env["${k}"]`, v, 'an EnvValue', '_toKube', 'EnvValue.fromValue("info")');
    checkEnvValue(scope, `${prop}.env["${k}"]`, k, v);
    const secret = v._secretKey;
    if (secret) secretEnv.push([k, secret.justification]);
    const kube = v._toKube(k);
    // EnvValue.fromValue(3600) from untyped JavaScript: the API server takes only string values.
    if ('value' in kube && typeof kube.value !== 'string') {
      throw propError(scope, `${prop}.env["${k}"]`, `${describeValue(kube.value)} is not a string value`, `pass the value as text, e.g. EnvValue.fromValue("${String(kube.value)}")`);
    }
    return kube;
  });
  const container: Record<string, unknown> = {
    name,
    image,
    imagePullPolicy: pullPolicy,
    ...(opts.command ? { command: [...opts.command] } : {}),
    ...(opts.args ? { args: [...opts.args] } : {}),
    ...(opts.workingDir ? { workingDir: opts.workingDir } : {}),
    ...(ports.length ? { ports: ports.map(p => ({ containerPort: p.number, name: p.name, protocol: p.protocol })) } : {}),
    ...(env.length ? { env } : {}),
    resources: resolveResources(scope, `${prop}.resources`, opts.resources, ctx.defaults.resources, cpuLimitWaived, onDisk),
    securityContext: {
      allowPrivilegeEscalation: privileged || escalation,
      capabilities: { drop: ['ALL'], ...(added.length ? { add: added } : {}) },
      privileged,
      readOnlyRootFilesystem: !writableRoot,
      runAsGroup,
      runAsNonRoot: !runAsRoot,
      runAsUser,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    ...(mounts.length ? { volumeMounts: mounts } : {}),
    ...probes,
  };
  return { container, volumes, ports, image: ref, secretEnv };
}

/** Refuses credentials written as literal values (the value is never echoed), and secret keys the Secret lacks. */
function checkEnvValue(scope: IConstruct, prop: string, name: string, value: EnvValue): void {
  const literal = value._literal;
  if (literal) checkEnvLiteral(scope, prop, name, literal);
  const secret = value._secretKey;
  if (secret) checkSecretEnvKey(scope, prop, value._secretSource!, secret.key);
}

/** Adds each secret's read-only volume and mount, refusing paths or volume names another mount of the container uses. */
function addSecretMounts(
  scope: IConstruct, prop: string, container: string, secrets: ContainerMount[],
  mounts: Array<Record<string, unknown>>, volumes: Array<Record<string, unknown>>,
): void {
  secrets.forEach((s, i) => {
    const where = `${prop}.secrets[${i}]`;
    checkInstance(scope, where, s, 'a SecretMount', '_bind', 'SecretMount.fromSecret(secret, { mountPath: "/run/secrets/db" })');
    const suffix = `-secret-${i}`;
    const { volume, mount } = s._bind(scope, where, container.slice(0, 63 - suffix.length) + suffix);
    const clash = mounts.find(m => m.mountPath === mount.mountPath || m.name === mount.name);
    if (clash) {
      throw propError(scope, where, `${clash.mountPath === mount.mountPath ? `${mount.mountPath} is already mounted` : `volume name ${mount.name} is already used`} in container ${container}`,
        'mount each secret at its own directory, apart from the writable paths');
    }
    mounts.push(mount);
    volumes.push(volume);
  });
}

/** Refuses IDs of 0, and IDs below MIN_ID (10000) unless waived. */
export function checkIds(scope: IConstruct, prop: string, ids: Record<string, number | undefined>, waivers: WaiverSet): void {
  const low: string[] = [];
  for (const [key, id] of Object.entries(ids)) {
    if (id === undefined) continue;
    // The API server takes IDs from 0 to 2^31-1 (validation.IsValidUserID / IsValidGroupID).
    if (!Number.isInteger(id) || id < 0 || id > MAX_ID) throw propError(scope, `${prop}.${key}`, `${id} is not a valid ID`, `use an integer from ${MIN_ID} to ${MAX_ID}`);
    if (id === 0) {
      throw propError(scope, `${prop}.${key}`, 'ID 0 is root', key === 'runAsUser' ? 'use an unprivileged UID, or Waiver.runAsRoot("<why>")' : `use an unprivileged ID of at least ${MIN_ID}`);
    }
    if (id < MIN_ID) low.push(`${key}=${id}`);
  }
  if (low.length && !waivers.has(WaiverKind.LOW_IDS)) {
    throw propError(scope, prop, `${low.join(', ')} is below ${MIN_ID}; low IDs can collide with users of the node`, `use IDs of at least ${MIN_ID}, or add Waiver.lowIds("<why>")`);
  }
}

function buildPorts(scope: IConstruct, prop: string, opts: ContainerOptions): BuiltContainer['ports'] {
  const all: ContainerPort[] = [...(opts.port !== undefined ? [{ number: opts.port }] : []), ...(opts.ports ?? [])];
  const seen = new Set<string>();
  return all.map((p, i) => {
    const where = `${prop}.${opts.port !== undefined && i === 0 ? 'port' : `ports[${i - (opts.port !== undefined ? 1 : 0)}]`}`;
    checkPortNumber(scope, where, p.number);
    checkType(scope, where, p, 'object', '{ number: 8080 }');
    const protocol = p.protocol ?? Protocol.TCP;
    // An untyped caller's "tcp" or "HTTP" would reach the API server, which knows only these three.
    if (!Object.values(Protocol).includes(protocol)) {
      throw propError(scope, `${where}.protocol`, `${describeValue(protocol)} is not a protocol`, 'use Protocol.TCP, Protocol.UDP or Protocol.SCTP');
    }
    const name = p.name ?? `${protocol.toLowerCase()}-${p.number}`;
    checkPortName(scope, `${where}.name`, name);
    for (const key of [`n:${name}`, `p:${protocol}/${p.number}`]) {
      if (seen.has(key)) throw propError(scope, where, `port ${key.slice(2)} is declared twice`, 'declare each port once, with a unique name');
      seen.add(key);
    }
    return { name, number: p.number, protocol };
  });
}

function buildWritablePaths(scope: IConstruct, prop: string, container: string, paths: WritablePath[], defaultLimit: Size) {
  const mounts: Array<Record<string, unknown>> = [];
  const volumes: Array<Record<string, unknown>> = [];
  const seen = new Set<string>();
  // What the disk-backed writable paths may hold together: it counts against the container's ephemeral-storage.
  let onDiskKib = 0;
  paths.forEach((wp, i) => {
    const where = `${prop}.writablePaths[${i}]`;
    checkType(scope, where, wp, 'object', '{ path: "/var/cache/app" }');
    checkAbsolutePath(scope, `${where}.path`, wp.path, '/var/cache/app');
    // A sizeLimit of 0 is no limit at all: the emptyDir could fill the node's disk (or, in memory, the pod's memory).
    const sizeLimit = wp.sizeLimit ?? defaultLimit;
    checkPositiveSize(scope, `${where}.sizeLimit${wp.sizeLimit === undefined ? ' (from HardeningDefaults writablePathSizeLimit)' : ''}`, sizeLimit, 'Size.mebibytes(64)');
    const slug = wp.path.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    const volume = `${container}-${slug}`.slice(0, 63).replace(/-+$/, '');
    if (seen.has(volume)) throw propError(scope, where, `"${wp.path}" is declared twice or collides with another writable path`, 'declare each directory once');
    seen.add(volume);
    mounts.push({ mountPath: wp.path, name: volume });
    volumes.push({ emptyDir: { ...(wp.inMemory ? { medium: 'Memory' } : {}), sizeLimit: sizeQuantity(sizeLimit) }, name: volume });
    if (!wp.inMemory) onDiskKib += sizeLimit.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  });
  return { mounts, volumes, onDisk: Size.kibibytes(onDiskKib) };
}

function buildProbes(scope: IConstruct, prop: string, opts: ContainerOptions, firstTcp: number | undefined, role: ContainerContext['role'], w: WaiverSet) {
  if (role === 'init') {
    if (opts.readiness || opts.liveness || opts.startup) {
      throw propError(scope, prop, 'init containers cannot have probes', 'remove the probes, or make it a sidecar');
    }
    return {};
  }
  for (const key of ['readiness', 'liveness', 'startup'] as const) {
    if (opts[key] !== undefined) checkInstance(scope, `${prop}.${key}`, opts[key], 'a Probe', '_toKube', 'Probe.fromHttpGet("/healthz")');
  }
  // The API server refuses liveness and startup probes whose successThreshold is not 1: one success is all they can mean.
  for (const key of ['liveness', 'startup'] as const) {
    const threshold = opts[key]?._successThreshold;
    if (threshold !== undefined && threshold !== 1) {
      throw propError(scope, `${prop}.${key}.successThreshold`, `${threshold} is refused by the API server for ${key} probes`, 'leave successThreshold unset (1) on liveness and startup probes; only readiness may need several successes');
    }
  }
  const readiness = opts.readiness?._toKube(firstTcp)
    ?? (role === 'long-running' && firstTcp !== undefined ? { tcpSocket: { port: firstTcp }, periodSeconds: 10, timeoutSeconds: 1, failureThreshold: 3, successThreshold: 1 } : undefined);
  const liveness = opts.liveness?._toKube(firstTcp)
    ?? (role === 'long-running' && firstTcp !== undefined ? { tcpSocket: { port: firstTcp }, periodSeconds: 20, timeoutSeconds: 1, failureThreshold: 3, successThreshold: 1 } : undefined);
  const startup = opts.startup?._toKube(firstTcp);
  for (const [key, given, built] of [['readiness', opts.readiness, readiness], ['liveness', opts.liveness, liveness], ['startup', opts.startup, startup]] as const) {
    if (given && !built) throw propError(scope, `${prop}.${key}`, 'the probe names no port and the container declares no TCP port', 'give the probe a port, or declare the port on the container');
  }
  if (role === 'long-running' && (!readiness || !liveness) && !w.has(WaiverKind.NO_PROBES)) {
    throw propError(scope, prop, `no ${!readiness ? 'readiness' : 'liveness'} probe and no TCP port to derive one from; Kubernetes would route traffic to, and never restart, a broken container`,
      'declare a port, or set readiness and liveness (e.g. Probe.fromCommand([...])), or add Waiver.noProbes("<why>")');
  }
  return {
    ...(readiness ? { readinessProbe: readiness } : {}),
    ...(liveness ? { livenessProbe: liveness } : {}),
    ...(startup ? { startupProbe: startup } : {}),
  };
}
