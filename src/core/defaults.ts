import { Size } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { propError } from './errors';
import { ImagePolicy, MergedImagePolicy, mergeImagePolicy } from './image';
import { ContainerResources } from './resources';
import { definedOnly } from '../manifest/objects';
import { MIN_ID } from '../manifest/user-ids';

/** App- or chart-wide defaults for hardened workloads, set once by a platform team. */
export interface HardeningDefaultsProps {
  /**
   * Resource requests and limits for containers that do not set their own.
   *
   * @default - none: every container must then set its own
   */
  readonly resources?: ContainerResources;
  /**
   * Which images workloads may run. On a chart below another scope with defaults, it may narrow the inherited
   * policy freely; admitting more (registries outside the inherited list, any registry, tags where digests are
   * required) needs `imagePolicy.justification`, recorded on every workload it applies to.
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
   * Size limit of each writable path (emptyDir) that does not set its own. A size, like `resources`: a child
   * chart may raise it without a justification (it bounds disk use, it grants no access).
   *
   * @default Size.mebibytes(64)
   */
  readonly writablePathSizeLimit?: Size;
}

/** Defaults in force for one workload, after merging every level. */
export interface ResolvedDefaults {
  readonly resources: ContainerResources;
  /** The image policy in force, with the justified widenings of the levels above (for the workload's annotation). */
  readonly imagePolicy: MergedImagePolicy;
  readonly runAsUser: number;
  readonly runAsGroup: number;
  readonly fsGroup: number;
  readonly writablePathSizeLimit: Size;
}

const ID = 'HardeningDefaults';
const DEFAULT_ID = 10001;

/** Workloads that took their defaults, so a later `set` above them is refused instead of silently not applied. */
const RESOLVED = new WeakSet<IConstruct>();

/**
 * Defaults that apply to every hardened workload below a scope (an App or a Chart).
 *
 * The nearest setting wins, field by field, except that an image policy may only narrow the inherited one unless
 * it gives a justification. Set them before creating the workloads they apply to: a later call is refused,
 * naming the workloads it would have missed.
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
    // Workloads resolve their defaults when constructed; defaults set after them would not apply to them.
    const existing = scope.node.findAll().filter(c => RESOLVED.has(c)).map(c => c.node.path);
    if (existing.length) {
      const shown = existing.slice(0, 5).join(', ') + (existing.length > 5 ? ` and ${existing.length - 5} more` : '');
      throw propError(scope, 'HardeningDefaults', `hardened workloads already exist below this scope and would not get these defaults (${shown})`,
        'call HardeningDefaults.set before creating the workloads it applies to');
    }
    const defaults = new HardeningDefaults(scope, ID, props);
    // Checked against the levels above now, so a widening is refused at this call; resolution checks again in case
    // a level above is set later.
    HardeningDefaults.mergedLevels(defaults);
    return defaults;
  }

  /**
   * The defaults in force at `scope`, merged from the root down.
   * @internal
   */
  public static _resolve(scope: IConstruct): ResolvedDefaults {
    RESOLVED.add(scope);
    const { merged, imagePolicy } = HardeningDefaults.mergedLevels(scope);
    return {
      resources: merged.resources ?? {},
      imagePolicy,
      runAsUser: merged.runAsUser ?? DEFAULT_ID,
      runAsGroup: merged.runAsGroup ?? DEFAULT_ID,
      fsGroup: merged.fsGroup ?? DEFAULT_ID,
      writablePathSizeLimit: merged.writablePathSizeLimit ?? Size.mebibytes(64),
    };
  }

  /** Every level from the root down to `scope`, merged; the image policy of each level may only narrow the one above unless justified. */
  private static mergedLevels(scope: IConstruct): { merged: HardeningDefaultsProps; imagePolicy: MergedImagePolicy } {
    const levels = scope.node.scopes
      .map(s => s.node.tryFindChild(ID))
      .filter((c): c is HardeningDefaults => c instanceof HardeningDefaults);
    let imagePolicy: MergedImagePolicy = { policy: {}, widenings: [] };
    const merged: HardeningDefaultsProps = levels.reduce((acc, d) => {
      imagePolicy = mergeImagePolicy(d, 'imagePolicy', imagePolicy, d.props.imagePolicy);
      return {
        ...acc,
        ...definedOnly(d.props),
        resources: { ...acc.resources, ...definedOnly(d.props.resources ?? {}) },
      };
    }, {} as HardeningDefaultsProps);
    return { merged, imagePolicy };
  }

  private constructor(scope: IConstruct, id: string, private readonly props: HardeningDefaultsProps) {
    super(scope as Construct, id);
    for (const key of ['runAsUser', 'runAsGroup', 'fsGroup'] as const) {
      const v = props[key];
      if (v !== undefined && (!Number.isInteger(v) || v < MIN_ID)) {
        throw propError(this, key, `${v} is below ${MIN_ID} or not an integer; low IDs can collide with users of the node`, `use an ID of at least ${MIN_ID}, or waive it per workload with Waiver.lowIds(...)`);
      }
    }
  }
}
