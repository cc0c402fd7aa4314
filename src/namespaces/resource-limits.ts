import { ApiObject, Lazy, Size, SizeRoundingBehavior } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { Cpu } from '../core/cpu';
import { propError } from '../core/errors';
import { sizeQuantity } from '../core/resources';
import { checkPositiveInteger } from '../core/validation';

/** Totals the namespace may use (a ResourceQuota); fields left out keep their defaults. */
export interface NamespaceQuota {
  /**
   * Sum of CPU requests.
   *
   * @default Cpu.units(8)
   */
  readonly cpuRequests?: Cpu;
  /**
   * Sum of CPU limits.
   *
   * @default Cpu.units(16)
   */
  readonly cpuLimits?: Cpu;
  /**
   * Sum of memory requests.
   *
   * @default Size.gibibytes(16)
   */
  readonly memoryRequests?: Size;
  /**
   * Sum of memory limits.
   *
   * @default Size.gibibytes(32)
   */
  readonly memoryLimits?: Size;
  /**
   * Number of pods.
   *
   * @default 100
   */
  readonly pods?: number;
  /**
   * Number of Services.
   *
   * @default 20
   */
  readonly services?: number;
  /**
   * Number of PersistentVolumeClaims.
   *
   * @default 20
   */
  readonly persistentVolumeClaims?: number;
  /**
   * Sum of storage requested by PersistentVolumeClaims.
   *
   * @default Size.gibibytes(200)
   */
  readonly storageRequests?: Size;
}

/**
 * Per-container defaults and bounds (a LimitRange): the defaults apply to containers that set no resources
 * (hardened workloads always set them), the maximums to every container.
 */
export interface ContainerLimits {
  /**
   * CPU request of a container that sets none.
   *
   * @default Cpu.millis(100)
   */
  readonly defaultCpuRequest?: Cpu;
  /**
   * CPU limit of a container that sets none.
   *
   * @default Cpu.millis(500)
   */
  readonly defaultCpuLimit?: Cpu;
  /**
   * Memory request of a container that sets none.
   *
   * @default Size.mebibytes(128)
   */
  readonly defaultMemoryRequest?: Size;
  /**
   * Memory limit of a container that sets none.
   *
   * @default Size.mebibytes(256)
   */
  readonly defaultMemoryLimit?: Size;
  /**
   * Most CPU one container may be limited to.
   *
   * @default Cpu.units(4)
   */
  readonly maxCpu?: Cpu;
  /**
   * Most memory one container may be limited to.
   *
   * @default Size.gibibytes(8)
   */
  readonly maxMemory?: Size;
}

/** Internal: the bounds a member workload's containers are checked against. */
export interface ResolvedLimits {
  readonly maxCpuMillis: number;
  readonly maxMemoryKib: number;
  readonly maxCpu: string;
  readonly maxMemory: string;
}

const kib = (s: Size) => s.toKibibytes({ rounding: SizeRoundingBehavior.FLOOR });

/** The ResourceQuota, with node ports and load balancers held at the counts the namespace was allowed. */
export function createQuota(
  scope: Construct, namespace: string, labels: Record<string, string>, annotations: Record<string, string>,
  quota: NamespaceQuota, exposure: { nodePorts: () => number; loadBalancers: number },
): ApiObject {
  const cpuRequests = quota.cpuRequests ?? Cpu.units(8);
  const cpuLimits = quota.cpuLimits ?? Cpu.units(16);
  const memoryRequests = quota.memoryRequests ?? Size.gibibytes(16);
  const memoryLimits = quota.memoryLimits ?? Size.gibibytes(32);
  const pods = quota.pods ?? 100;
  const services = quota.services ?? 20;
  const claims = quota.persistentVolumeClaims ?? 20;
  checkPositiveInteger(scope, 'quota.pods', pods, 1);
  checkPositiveInteger(scope, 'quota.services', services, 0);
  checkPositiveInteger(scope, 'quota.persistentVolumeClaims', claims, 0);
  if (cpuRequests.millicores > cpuLimits.millicores) {
    throw propError(scope, 'quota.cpuRequests', `${cpuRequests.amount} is above quota.cpuLimits (${cpuLimits.amount})`, 'make the requests total at most the limits total');
  }
  if (kib(memoryRequests) > kib(memoryLimits)) {
    throw propError(scope, 'quota.memoryRequests', `${sizeQuantity(memoryRequests)} is above quota.memoryLimits (${sizeQuantity(memoryLimits)})`, 'make the requests total at most the limits total');
  }
  return new ApiObject(scope, 'ResourceQuota', {
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'namespace-quota', namespace, labels, ...(Object.keys(annotations).length ? { annotations } : {}) },
    spec: {
      hard: {
        'limits.cpu': cpuLimits.amount,
        'limits.memory': sizeQuantity(memoryLimits),
        'persistentvolumeclaims': String(claims),
        'pods': String(pods),
        'requests.cpu': cpuRequests.amount,
        'requests.memory': sizeQuantity(memoryRequests),
        'requests.storage': sizeQuantity(quota.storageRequests ?? Size.gibibytes(200)),
        'services': String(services),
        'services.loadbalancers': String(exposure.loadBalancers),
        // Node ports are counted per port, and LoadBalancer Services allocate them too: the quota is exactly
        // what the declared exposures use, so nothing else can open one.
        'services.nodeports': Lazy.any({ produce: () => String(exposure.nodePorts()) }),
      },
    },
  } as any);
}

/** The LimitRange; returns the maximums member workloads are checked against. */
export function createLimitRange(scope: Construct, namespace: string, labels: Record<string, string>, limits: ContainerLimits): ResolvedLimits {
  const defaultCpuRequest = limits.defaultCpuRequest ?? Cpu.millis(100);
  const defaultCpuLimit = limits.defaultCpuLimit ?? Cpu.millis(500);
  const defaultMemoryRequest = limits.defaultMemoryRequest ?? Size.mebibytes(128);
  const defaultMemoryLimit = limits.defaultMemoryLimit ?? Size.mebibytes(256);
  const maxCpu = limits.maxCpu ?? Cpu.units(4);
  const maxMemory = limits.maxMemory ?? Size.gibibytes(8);
  const order: Array<[string, number, string, string, number, string]> = [
    ['limits.defaultCpuRequest', defaultCpuRequest.millicores, defaultCpuRequest.amount, 'limits.defaultCpuLimit', defaultCpuLimit.millicores, defaultCpuLimit.amount],
    ['limits.defaultCpuLimit', defaultCpuLimit.millicores, defaultCpuLimit.amount, 'limits.maxCpu', maxCpu.millicores, maxCpu.amount],
    ['limits.defaultMemoryRequest', kib(defaultMemoryRequest), sizeQuantity(defaultMemoryRequest), 'limits.defaultMemoryLimit', kib(defaultMemoryLimit), sizeQuantity(defaultMemoryLimit)],
    ['limits.defaultMemoryLimit', kib(defaultMemoryLimit), sizeQuantity(defaultMemoryLimit), 'limits.maxMemory', kib(maxMemory), sizeQuantity(maxMemory)],
  ];
  for (const [prop, value, text, boundProp, bound, boundText] of order) {
    if (value > bound) throw propError(scope, prop, `${text} is above ${boundProp} (${boundText})`, `make it at most ${boundText}`);
  }
  new ApiObject(scope, 'LimitRange', {
    apiVersion: 'v1',
    kind: 'LimitRange',
    metadata: { name: 'container-limits', namespace, labels },
    spec: {
      limits: [{
        default: { cpu: defaultCpuLimit.amount, memory: sizeQuantity(defaultMemoryLimit) },
        defaultRequest: { cpu: defaultCpuRequest.amount, memory: sizeQuantity(defaultMemoryRequest) },
        max: { cpu: maxCpu.amount, memory: sizeQuantity(maxMemory) },
        type: 'Container',
      }],
    },
  } as any);
  return { maxCpuMillis: maxCpu.millicores, maxMemoryKib: kib(maxMemory), maxCpu: maxCpu.amount, maxMemory: sizeQuantity(maxMemory) };
}

/**
 * Refuses containers whose limits the namespace's LimitRange would reject at admission, so the failure
 * shows at synth rather than as pods that never start.
 */
export function checkContainersFit(
  scope: IConstruct, namespace: string, limits: ResolvedLimits, containers: ReadonlyArray<Record<string, any>>,
): void {
  for (const c of containers) {
    const cpu = c.resources?.limits?.cpu as string | undefined;
    const memory = c.resources?.limits?.memory as string | undefined;
    if (cpu !== undefined && cpuMillis(cpu) > limits.maxCpuMillis) {
      throw propError(scope, 'resources.cpu.limit', `container "${c.name}" has a CPU limit of ${cpu}, above the ${limits.maxCpu} that namespace "${namespace}" allows per container`,
        'lower the limit, or raise limits.maxCpu of the IsolatedNamespace');
    }
    if (memory !== undefined && memoryKib(memory) > limits.maxMemoryKib) {
      throw propError(scope, 'resources.memory.limit', `container "${c.name}" has a memory limit of ${memory}, above the ${limits.maxMemory} that namespace "${namespace}" allows per container`,
        'lower the limit, or raise limits.maxMemory of the IsolatedNamespace');
    }
  }
}

/** Millicores of a CPU quantity as `Cpu.amount` writes it (`250m`, `2`). */
function cpuMillis(q: string): number {
  return q.endsWith('m') ? Number(q.slice(0, -1)) : Number(q) * 1000;
}

/** KiB of a memory quantity as `sizeQuantity` writes it (`512Mi`, `2Gi`). */
function memoryKib(q: string): number {
  const units: Record<string, number> = { Ki: 1, Mi: 1024, Gi: 1024 ** 2, Ti: 1024 ** 3 };
  const m = /^([0-9]+)(Ki|Mi|Gi|Ti)$/.exec(q);
  return m ? Number(m[1]) * units[m[2]] : Number(q) / 1024;
}
