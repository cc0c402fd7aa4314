import { Size, SizeRoundingBehavior } from 'cdk8s';
import { IConstruct } from 'constructs';
import { Cpu } from './cpu';
import { propError } from './errors';
import { checkInstance, describeValue } from './validation';
import { sortKeys } from '../manifest/objects';

/** CPU request and limit. */
export interface CpuResources {
  /** What the scheduler reserves. */
  readonly request: Cpu;
  /**
   * The most the container may use.
   *
   * @default - required, unless the container carries `Waiver.noCpuLimit(...)`
   */
  readonly limit?: Cpu;
}

/** Memory request and limit. */
export interface MemoryResources {
  /** What the scheduler reserves. */
  readonly request: Size;
  /** The most the container may use before it is OOM-killed. Always required: an unbounded container can starve its node. */
  readonly limit: Size;
}

/** Ephemeral-storage request and limit (container writable layer, logs and disk-backed emptyDirs). */
export interface EphemeralStorageResources {
  /** What the scheduler reserves. */
  readonly request: Size;
  /** The most the container may write before it is evicted. */
  readonly limit: Size;
}

/**
 * A container's resource requests and limits.
 *
 * Each field left out is taken from the nearest `HardeningDefaults` above the workload;
 * CPU and memory must be given by one or the other.
 */
export interface ContainerResources {
  /**
   * CPU request and limit.
   *
   * @default - from `HardeningDefaults`; an error if neither sets it
   */
  readonly cpu?: CpuResources;
  /**
   * Memory request and limit.
   *
   * @default - from `HardeningDefaults`; an error if neither sets it
   */
  readonly memory?: MemoryResources;
  /**
   * Ephemeral-storage request and limit: the container's logs, writable layer and disk-backed writable paths share
   * the node's disk, and a container without a limit can fill it (the kubelet then evicts its neighbours).
   *
   * A limit below what the container's disk-backed writable paths may hold together is refused: the kubelet would
   * evict the pod before those paths reach their own size limits.
   *
   * @default - from `HardeningDefaults`; if neither sets it, a request of 64Mi and a limit of 256Mi (logs, which the
   * kubelet rotates at 50Mi by default, and scratch space) plus the size limits of the container's disk-backed
   * writable paths
   */
  readonly ephemeralStorage?: EphemeralStorageResources;
}

/** Kubernetes quantity for a size in the largest binary unit that holds it exactly (e.g. `20Gi`, `512Mi`). */
export function sizeQuantity(size: Size): string {
  const exact = { rounding: SizeRoundingBehavior.NONE };
  const units: Array<[string, number]> = [['Ti', size.toTebibytes(exact)], ['Gi', size.toGibibytes(exact)], ['Mi', size.toMebibytes(exact)]];
  const whole = units.find(([, n]) => Number.isInteger(n) && n > 0);
  return whole ? `${whole[1]}${whole[0]}` : `${size.toKibibytes(exact)}Ki`;
}

/** The ephemeral-storage default's request, and its limit before the writable paths are added. */
export const DEFAULT_EPHEMERAL_STORAGE_REQUEST = Size.mebibytes(64);
export const DEFAULT_EPHEMERAL_STORAGE_HEADROOM = Size.mebibytes(256);

const kibOf = (size: Size) => size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });

/**
 * Merges container resources over the defaults and returns the Kubernetes `resources` block.
 * Refuses missing CPU/memory, requests above limits, a missing CPU limit unless waived, and an ephemeral-storage
 * limit the container's own disk-backed writable paths (`onDisk`) could exceed.
 */
export function resolveResources(
  scope: IConstruct, prop: string, own: ContainerResources | undefined, defaults: ContainerResources | undefined, cpuLimitWaived: boolean,
  onDisk: Size,
): { requests: Record<string, string>; limits: Record<string, string> } {
  const cpu = own?.cpu ?? defaults?.cpu;
  const memory = own?.memory ?? defaults?.memory;
  const given = own?.ephemeralStorage ?? defaults?.ephemeralStorage;
  const storage: EphemeralStorageResources = given
    ?? { request: DEFAULT_EPHEMERAL_STORAGE_REQUEST, limit: Size.kibibytes(kibOf(DEFAULT_EPHEMERAL_STORAGE_HEADROOM) + kibOf(onDisk)) };
  const setOnce = 'set them on the container, or once for the whole app with HardeningDefaults.set(app, { resources: ... }) before creating workloads';
  if (!cpu) {
    throw propError(scope, `${prop}.cpu`, 'no CPU request or limit is set, here or in HardeningDefaults; unbounded containers starve their neighbours', `${setOnce}, e.g. cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) }`);
  }
  if (!memory) {
    throw propError(scope, `${prop}.memory`, 'no memory request or limit is set, here or in HardeningDefaults; unbounded containers starve their neighbours', `${setOnce}, e.g. memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) }`);
  }
  checkCpu(scope, `${prop}.cpu.request`, cpu.request, 'Cpu.millis(100)');
  if (cpu.limit !== undefined) checkCpu(scope, `${prop}.cpu.limit`, cpu.limit, 'Cpu.millis(500)');
  checkPositiveSize(scope, `${prop}.memory.request`, memory.request, 'Size.mebibytes(128)');
  checkPositiveSize(scope, `${prop}.memory.limit`, memory.limit, 'Size.mebibytes(256)');
  if (!cpu.limit && !cpuLimitWaived) {
    throw propError(scope, `${prop}.cpu.limit`, 'no CPU limit is set', 'set cpu.limit, or add Waiver.noCpuLimit("<why>") to the container\'s waivers');
  }
  if (cpu.limit && cpu.request.millicores > cpu.limit.millicores) {
    throw propError(scope, `${prop}.cpu`, `the request (${cpu.request.amount}) is above the limit (${cpu.limit.amount})`, 'make the request at most the limit');
  }
  checkSizeOrder(scope, `${prop}.memory`, memory.request, memory.limit);
  const requests: Record<string, string> = { cpu: cpu.request.amount, memory: sizeQuantity(memory.request) };
  const limits: Record<string, string> = { memory: sizeQuantity(memory.limit) };
  if (cpu.limit) limits.cpu = cpu.limit.amount;
  if (given) {
    const where = `${prop}.ephemeralStorage${own?.ephemeralStorage ? '' : ' (from HardeningDefaults)'}`;
    checkPositiveSize(scope, `${where}.request`, storage.request, 'Size.mebibytes(64)');
    checkPositiveSize(scope, `${where}.limit`, storage.limit, 'Size.gibibytes(1)');
    checkSizeOrder(scope, where, storage.request, storage.limit);
    if (kibOf(storage.limit) < kibOf(onDisk)) {
      throw propError(scope, `${where}.limit`,
        `the limit (${sizeQuantity(storage.limit)}) is below what the container's disk-backed writable paths may hold (${sizeQuantity(onDisk)}): the kubelet would evict the pod before they fill`,
        `raise the limit to at least ${sizeQuantity(onDisk)} plus room for logs, lower the writable paths' sizeLimit, or mark a path inMemory`);
    }
  }
  requests['ephemeral-storage'] = sizeQuantity(storage.request);
  limits['ephemeral-storage'] = sizeQuantity(storage.limit);
  return { requests: sortKeys(requests), limits: sortKeys(limits) };
}

/**
 * Refuses what is not a Size (an untyped caller's `undefined` or number), and sizes Kubernetes reads as "no bound":
 * a memory or storage limit of 0 is unlimited, and a request of 0 reserves nothing. NaN and Infinity, which cdk8s
 * accepts, would be written as "NaNKi".
 */
export function checkPositiveSize(scope: IConstruct, prop: string, size: Size, example: string): void {
  checkInstance(scope, prop, size, 'a Size', 'toKibibytes', example);
  const kib = size.toKibibytes({ rounding: SizeRoundingBehavior.NONE });
  if (!Number.isFinite(kib) || kib <= 0) {
    throw propError(scope, prop, `${Number.isFinite(kib) ? '0' : describeValue(kib)} is not a usable size${kib === 0 ? ': Kubernetes reads a size of 0 as no bound at all' : ''}`,
      `give a positive size, e.g. ${example}`);
  }
}

/** Refuses what is not a Cpu (an untyped caller's `undefined`, a number or a string such as "500m"). */
function checkCpu(scope: IConstruct, prop: string, cpu: Cpu, example: string): void {
  checkInstance(scope, prop, cpu, 'a Cpu', 'millicores', example);
}

function checkSizeOrder(scope: IConstruct, prop: string, request: Size, limit: Size): void {
  if (request.toKibibytes({ rounding: SizeRoundingBehavior.NONE }) > limit.toKibibytes({ rounding: SizeRoundingBehavior.NONE })) {
    throw propError(scope, prop, `the request (${sizeQuantity(request)}) is above the limit (${sizeQuantity(limit)})`, 'make the request at most the limit');
  }
}
