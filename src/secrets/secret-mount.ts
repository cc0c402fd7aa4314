import { IConstruct } from 'constructs';
import { checkKnownKeys, firstDuplicate } from './checks';
import { SECRETS_STORE_CSI_DRIVER, SecretProviderClass } from './secret-provider-class';
import { ContainerOptions } from '../core/container';
import { BoundMount, ContainerMount, MountIdentity } from '../core/container-mount';
import { EnvValue } from '../core/env-value';
import { propError } from '../core/errors';
import { HardenedPodProps } from '../core/pod-template';
import { checkKnownSecretKey, ISecretSource } from '../core/secret-source';
import { checkAbsolutePath, checkDnsSubdomain, checkSecretKey, checkType } from '../core/validation';

/**
 * Mode of mounted Secret files: read-only, owner only. With the pod's `fsGroup` (always set by hardened workloads) the
 * kubelet makes each file group-owned by it and adds group read, so on the node they are `0440 root:<fsGroup>`:
 * readable by the container's non-root user through its fsGroup membership, writable by nobody, and by no other UID.
 */
export const SECRET_FILE_MODE = 0o400;

/** One key of a Secret written as one file. */
export interface SecretFile {
  /** Key of the Secret. */
  readonly key: string;
  /**
   * Path of the file, relative to the mount path.
   *
   * @default - the key
   */
  readonly path?: string;
}

/** Where and how a Secret is mounted. */
export interface SecretMountOptions {
  /** Absolute directory the files appear in, e.g. `/run/secrets/db`. */
  readonly mountPath: string;
  /**
   * The keys to mount, and their file names.
   *
   * @default - every key of the Secret, each as a file named after it
   */
  readonly items?: SecretFile[];
}

/** Where a SecretProviderClass's files are mounted. */
export interface CsiMountOptions {
  /** Absolute directory the files appear in, e.g. `/run/secrets/payments`. */
  readonly mountPath: string;
}


/**
 * A secret mounted into a container as read-only files: the way hardened workloads consume secrets (environment
 * variables need the explicit `EnvValue.fromSecretKey` with a justification). Pass it in `secrets` of a workload,
 * sidecar or init container.
 *
 * - `fromSecret`: a Secret written by an ExternalSecret or a SealedSecret (or an existing one, `SecretReference`), as a
 *   `secret` volume with `defaultMode` 0400; the kubelet adds group read for the pod's fsGroup (see SECRET_FILE_MODE).
 * - `fromSecretProviderClass`: a Secrets Store CSI Driver volume (`readOnly: true`, driver `secrets-store.csi.k8s.io`);
 *   the driver writes the files on a tmpfs mounted into this container only.
 */
export class SecretMount extends ContainerMount {
  /** The keys of `source` as files under `options.mountPath`. */
  public static fromSecret(source: ISecretSource, options: SecretMountOptions): SecretMount {
    return new SecretMount(options, source, undefined);
  }

  /** The files of `providerClass` under `options.mountPath`. */
  public static fromSecretProviderClass(providerClass: SecretProviderClass, options: CsiMountOptions): SecretMount {
    return new SecretMount(options, undefined, providerClass);
  }

  private constructor(
    private readonly options: SecretMountOptions,
    private readonly source: ISecretSource | undefined,
    private readonly providerClass: SecretProviderClass | undefined,
  ) {
    super();
  }

  /** Absolute directory the files appear in. */
  public get mountPath(): string {
    return this.options.mountPath;
  }

  /**
   * Validates the mount against `scope` and renders its volume (named `volumeName`) and read-only mount.
   * @internal
   */
  public _bind(scope: IConstruct, prop: string, volumeName: string): BoundMount {
    const mountPath = this.options.mountPath;
    checkAbsolutePath(scope, `${prop}.mountPath`, mountPath, '/run/secrets/db');
    const mount = { mountPath, name: volumeName, readOnly: true };
    if (this.providerClass) {
      checkKnownKeys(scope, prop, this.options, ['mountPath']);
      return {
        volume: {
          csi: { driver: SECRETS_STORE_CSI_DRIVER, readOnly: true, volumeAttributes: { secretProviderClass: this.providerClass.name } },
          name: volumeName,
        },
        mount,
      };
    }
    const source = this.source!;
    checkKnownKeys(scope, prop, this.options, ['mountPath', 'items']);
    if (!source || typeof source.secretName !== 'string') {
      throw propError(scope, prop, 'no Secret is given', 'pass an ExternalSecret, a SealedSecret or SecretReference.fromName("<name>")');
    }
    checkDnsSubdomain(scope, `${prop}.secretName`, source.secretName);
    const items = (this.options.items ?? []).map((item, i) => {
      const where = `${prop}.items[${i}]`;
      checkSecretKey(scope, `${where}.key`, item.key);
      checkKnownSecretKey(scope, `${where}.key`, source, item.key);
      const path = item.path ?? item.key;
      checkType(scope, `${where}.path`, path, 'string', '"password"');
      if (path.startsWith('/') || path.split('/').some(p => p === '..' || p === '.' || p === '') || path.length > 253) {
        throw propError(scope, `${where}.path`, `${JSON.stringify(path)} is not a relative file path`, 'give a path below the mount path, e.g. "password"');
      }
      return { key: item.key, path };
    });
    const dup = firstDuplicate(items.map(i => i.path));
    if (dup) throw propError(scope, `${prop}.items[${dup.index}].path`, `"${dup.value}" is written twice`, 'give every item its own path');
    return {
      volume: { name: volumeName, secret: { defaultMode: SECRET_FILE_MODE, ...(items.length ? { items } : {}), secretName: source.secretName } },
      mount,
    };
  }

  /**
   * Refuses a mount the pods cannot use: a Secret or SecretProviderClass of another namespace, or a CSI provider whose
   * workload identity the pods' ServiceAccount does not carry.
   * @internal
   */
  public _checkConsumer(scope: IConstruct, prop: string, namespace: string | undefined, serviceAccount?: MountIdentity): void {
    const theirs = this.providerClass ? this.providerClass.namespace : this.source?.secretNamespace;
    const what = this.providerClass ? `SecretProviderClass "${this.providerClass.name}"` : `Secret "${this.source?.secretName}"`;
    checkSameNamespace(scope, prop, what, theirs, namespace);
    const needed = this.providerClass?._identity;
    if (!needed || !serviceAccount) return;
    const has = serviceAccount.workloadIdentity;
    const clientId = has?.annotations['azure.workload.identity/client-id'];
    if (has?.provider !== needed.provider || (needed.clientId !== undefined && clientId !== needed.clientId)) {
      throw propError(scope, prop, `${what} authenticates as the pod with workload identity ${needed.provider}${needed.clientId ? ` (client id ${needed.clientId})` : ''}, `
        + `and the pods' ServiceAccount "${serviceAccount.name}" carries ${has ? `${has.provider}${clientId ? ` (client id ${clientId})` : ''}` : 'no workload identity'}`,
      'run the workload as a LeastPrivilegeServiceAccount with that workloadIdentity (serviceAccount prop)');
    }
  }
}

function checkSameNamespace(scope: IConstruct, prop: string, what: string, theirs: string | undefined, ours: string | undefined): void {
  if (theirs !== undefined && ours !== undefined && theirs !== ours) {
    throw propError(scope, prop, `${what} is in namespace "${theirs}", and pods can only use one of their own namespace ("${ours}")`, 'create it in the workload\'s namespace');
  }
}

/**
 * Checks, for a workload in `namespace` running as `serviceAccount` (when it is a LeastPrivilegeServiceAccount), that
 * every secret its containers mount or read into env vars can reach its pods.
 */
export function checkSecretConsumers(
  scope: IConstruct, props: HardenedPodProps, namespace: string | undefined, serviceAccount: MountIdentity | undefined,
): void {
  const containers: Array<[string, ContainerOptions]> = [
    ['props', props],
    ...(props.sidecars ?? []).map((c, i) => [`props.sidecars[${i}]`, c] as [string, ContainerOptions]),
    ...(props.initContainers ?? []).map((c, i) => [`props.initContainers[${i}]`, c] as [string, ContainerOptions]),
  ];
  for (const [prop, c] of containers) {
    (c.secrets ?? []).forEach((m, i) => m._checkConsumer(scope, `${prop}.secrets[${i}]`, namespace, serviceAccount));
    for (const [name, value] of Object.entries(c.env ?? {})) {
      const source = (value as EnvValue)._secretSource;
      if (source) checkSameNamespace(scope, `${prop}.env["${name}"]`, `Secret "${source.secretName}"`, source.secretNamespace, namespace);
    }
  }
}
