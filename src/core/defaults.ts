import { Size } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { propError } from './errors';
import { ImagePolicy } from './image';
import { definedOnly } from './objects';
import { ContainerResources } from './resources';

/** App- or chart-wide defaults for hardened workloads, set once by a platform team. */
export interface HardeningDefaultsProps {
  /**
   * Resource requests and limits for containers that do not set their own.
   *
   * @default - none: every container must then set its own
   */
  readonly resources?: ContainerResources;
  /**
   * Which images workloads may run.
   *
   * @default - version tags or digests, from any registry
   */
  readonly imagePolicy?: ImagePolicy;
  /**
   * UID containers run as.
   *
   * @default 10001
   */
  readonly runAsUser?: number;
  /**
   * GID containers run as.
   *
   * @default 10001
   */
  readonly runAsGroup?: number;
  /**
   * Group that owns mounted volumes.
   *
   * @default 10001
   */
  readonly fsGroup?: number;
  /**
   * Size limit of each writable path (emptyDir) that does not set its own.
   *
   * @default Size.mebibytes(64)
   */
  readonly writablePathSizeLimit?: Size;
}

/** Defaults in force for one workload, after merging every level. */
export interface ResolvedDefaults {
  readonly resources: ContainerResources;
  readonly imagePolicy: ImagePolicy;
  readonly runAsUser: number;
  readonly runAsGroup: number;
  readonly fsGroup: number;
  readonly writablePathSizeLimit: Size;
}

const ID = 'HardeningDefaults';
const DEFAULT_ID = 10001;

/**
 * Defaults that apply to every hardened workload below a scope (an App or a Chart).
 *
 * The nearest setting wins, field by field. Set them before creating the workloads they apply to.
 *
 * @example
 * HardeningDefaults.set(app, {
 *   resources: { cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) }, memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) } },
 *   imagePolicy: { allowedRegistries: ['registry.example.com'] },
 * });
 */
export class HardeningDefaults extends Construct {
  /** Sets defaults for everything below `scope`. Once per scope. */
  public static set(scope: IConstruct, props: HardeningDefaultsProps): HardeningDefaults {
    if (scope.node.tryFindChild(ID)) {
      throw propError(scope, 'HardeningDefaults', 'defaults are already set on this scope', 'pass all defaults in one HardeningDefaults.set call, or set them on a child chart to override');
    }
    return new HardeningDefaults(scope, ID, props);
  }

  /**
   * The defaults in force at `scope`, merged from the root down.
   * @internal
   */
  public static _resolve(scope: IConstruct): ResolvedDefaults {
    const levels = scope.node.scopes
      .map(s => s.node.tryFindChild(ID))
      .filter((c): c is HardeningDefaults => c instanceof HardeningDefaults)
      .map(d => d.props);
    const merged: HardeningDefaultsProps = levels.reduce((acc, p) => ({
      ...acc,
      ...definedOnly(p),
      resources: { ...acc.resources, ...definedOnly(p.resources ?? {}) },
      imagePolicy: { ...acc.imagePolicy, ...definedOnly(p.imagePolicy ?? {}) },
    }), {} as HardeningDefaultsProps);
    return {
      resources: merged.resources ?? {},
      imagePolicy: merged.imagePolicy ?? {},
      runAsUser: merged.runAsUser ?? DEFAULT_ID,
      runAsGroup: merged.runAsGroup ?? DEFAULT_ID,
      fsGroup: merged.fsGroup ?? DEFAULT_ID,
      writablePathSizeLimit: merged.writablePathSizeLimit ?? Size.mebibytes(64),
    };
  }

  private constructor(scope: IConstruct, id: string, private readonly props: HardeningDefaultsProps) {
    super(scope as Construct, id);
    for (const key of ['runAsUser', 'runAsGroup', 'fsGroup'] as const) {
      const v = props[key];
      if (v !== undefined && (!Number.isInteger(v) || v < 10000)) {
        throw propError(this, key, `${v} is below 10000 or not an integer; low IDs can collide with users of the node`, 'use an ID of at least 10000, or waive it per workload with Waiver.lowIds(...)');
      }
    }
  }
}
