/**
 * What the pod-hardening core knows of a mount: it contributes one volume to the pod and one read-only mount to the
 * container it is given to. The secrets layer implements it (`SecretMount`); config files and other volumes will too.
 * The core owns the concept so that it never has to know where a mount's files come from.
 */
import { IConstruct } from 'constructs';

/** A mount rendered for one container: the pod's volume and the container's mount of it. */
export interface BoundMount {
  readonly volume: Record<string, unknown>;
  readonly mount: { name: string; mountPath: string; readOnly: boolean };
}

/** What a mount may ask of the ServiceAccount its pods run as (a `LeastPrivilegeServiceAccount` has it). */
export interface MountIdentity {
  readonly name: string;
  readonly workloadIdentity?: { readonly provider: string; readonly annotations: { readonly [key: string]: string } };
}

/**
 * Files mounted into a container. Create one with a factory of the layer that knows the files, e.g.
 * `SecretMount.fromSecret(secret, { mountPath: '/run/secrets/db' })`.
 */
export abstract class ContainerMount {
  /** Absolute directory the files appear in. */
  public abstract readonly mountPath: string;

  /**
   * Validates the mount against `scope` and renders its volume (named `volumeName`) and mount.
   * @internal
   */
  public abstract _bind(scope: IConstruct, prop: string, volumeName: string): BoundMount;

  /**
   * Refuses a mount the pods in `namespace`, running as `identity`, cannot use.
   * @internal
   */
  public abstract _checkConsumer(scope: IConstruct, prop: string, namespace: string | undefined, identity?: MountIdentity): void;
}
