import { ApiObject, Size } from 'cdk8s';
import { Construct } from 'constructs';
import { HardenedWorkload } from './hardened-workload';
import { checkMaxUnavailable, LongRunningWorkloadProps } from './long-running';
import { propError } from '../core/errors';
import { checkPositiveSize, sizeQuantity } from '../core/resources';
import { checkAbsolutePath, checkDnsLabel } from '../core/validation';

/** How a persistent volume may be attached. */
export enum VolumeAccessMode {
  /** Read-write by one node. */
  READ_WRITE_ONCE = 'ReadWriteOnce',
  /** Read-write by one pod (CSI volumes only). */
  READ_WRITE_ONCE_POD = 'ReadWriteOncePod',
  /** Read-only by many nodes. */
  READ_ONLY_MANY = 'ReadOnlyMany',
  /** Read-write by many nodes. */
  READ_WRITE_MANY = 'ReadWriteMany',
}

/** A persistent volume per replica, mounted into the main container. */
export interface VolumeClaim {
  /** Claim name (DNS-1123 label). */
  readonly name: string;
  /** Absolute path in the main container. */
  readonly mountPath: string;
  /** Requested capacity. */
  readonly storage: Size;
  /**
   * Storage class.
   *
   * @default - the cluster's default storage class
   */
  readonly storageClassName?: string;
  /**
   * Access mode.
   *
   * @default VolumeAccessMode.READ_WRITE_ONCE
   */
  readonly accessMode?: VolumeAccessMode;
}

/** Props of a HardenedStatefulSet. */
export interface HardenedStatefulSetProps extends LongRunningWorkloadProps {
  /**
   * Persistent volumes, one set per replica.
   *
   * @default - none
   */
  readonly volumeClaims?: VolumeClaim[];
}

/**
 * A StatefulSet with the same hardened pods as HardenedDeployment, a headless Service for stable
 * network identities, per-replica persistent volumes owned by the pod's fsGroup, and a PodDisruptionBudget.
 */
export class HardenedStatefulSet extends HardenedWorkload {
  /** The StatefulSet object. */
  public readonly apiObject: ApiObject;
  /** The headless Service that gives each replica a stable DNS name. */
  public readonly service: ApiObject;
  /** The PodDisruptionBudget. */
  public readonly disruptionBudget: ApiObject;
  /** Number of pods. */
  public readonly replicas: number;

  public constructor(scope: Construct, id: string, props: HardenedStatefulSetProps) {
    const claims = props.volumeClaims ?? [];
    super(scope, id, props, {
      role: 'long-running',
      restartPolicy: 'Always',
      replicas: props.replicas,
      maxNameLength: 63,
      mainVolumeMounts: claims.map(c => ({ mountPath: c.mountPath, name: c.name })),
    });
    this.replicas = this._pod.replicas!;
    const maxUnavailable = props.maxUnavailable ?? 1;
    checkMaxUnavailable(this, maxUnavailable, this.replicas);
    const seen = new Set<string>();
    claims.forEach((c, i) => {
      checkDnsLabel(this, `volumeClaims[${i}].name`, c.name);
      if (seen.has(c.name)) throw propError(this, `volumeClaims[${i}].name`, `"${c.name}" is used twice`, 'give each claim its own name');
      seen.add(c.name);
      checkAbsolutePath(this, `volumeClaims[${i}].mountPath`, c.mountPath, '/var/lib/postgresql/data');
      checkPositiveSize(this, `volumeClaims[${i}].storage`, c.storage, 'Size.gibibytes(10)');
    });
    this.service = this._createService(true)!;
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: this._metadata(),
      spec: {
        replicas: this.replicas,
        selector: { matchLabels: this.selectorLabels },
        serviceName: this.name,
        template: this._pod.template,
        updateStrategy: { type: 'RollingUpdate' },
        ...(claims.length ? {
          volumeClaimTemplates: claims.map(c => ({
            metadata: { name: c.name, labels: this._labels },
            spec: {
              accessModes: [c.accessMode ?? VolumeAccessMode.READ_WRITE_ONCE],
              resources: { requests: { storage: sizeQuantity(c.storage) } },
              ...(c.storageClassName ? { storageClassName: c.storageClassName } : {}),
            },
          })),
        } : {}),
      },
    } as any);
    this.disruptionBudget = this._createDisruptionBudget(maxUnavailable);
  }
}
