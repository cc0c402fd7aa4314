import { ApiObject, Duration } from 'cdk8s';
import { Construct } from 'constructs';
import { checkKnownKeys, checkRemoteName, firstDuplicate, goDuration, objectNames } from './checks';
import { checkStoreReference, ESO_API_VERSION, ISecretStore } from './secret-store';
import { propError } from '../core/errors';
import { ISecretSource } from '../core/secret-source';
import { checkDnsSubdomain, checkSecretKey } from '../core/validation';

/** Whether the operator owns the Secret it writes. */
export enum TargetCreationPolicy {
  /** The operator creates the Secret and owns it: it is garbage-collected with the ExternalSecret. */
  OWNER = 'Owner',
  /** The operator creates the Secret but does not own it: it outlives the ExternalSecret. */
  ORPHAN = 'Orphan',
  /** The operator merges the values into an existing Secret it does not own. */
  MERGE = 'Merge',
}

/** What happens to the Secret's values when they disappear from the store. */
export enum TargetDeletionPolicy {
  /** Keep the last values (the operator's default): a store outage or a deleted remote value never breaks running pods. */
  RETAIN = 'Retain',
  /** Delete the Secret once none of its values exist in the store. Needs TargetCreationPolicy.OWNER or ORPHAN. */
  DELETE = 'Delete',
  /** Remove the vanished keys from the Secret, keeping the others. */
  MERGE = 'Merge',
}

/** One key of the Secret, read from one value of the store. */
export interface ExternalSecretData {
  /** Key in the Secret, which is the file name when the Secret is mounted, e.g. `password`. */
  readonly secretKey: string;
  /** Name or path of the value in the store, e.g. `prod/payments/db` (never the value itself). */
  readonly remoteKey: string;
  /**
   * The field to read from a structured value (a JSON secret, or a Vault KV secret's map). Required with a Vault
   * store: without it the key would hold the JSON of every field, not the one the file is meant to hold.
   *
   * @default - the whole value
   */
  readonly property?: string;
  /**
   * Version of the value to read.
   *
   * @default - the current version
   */
  readonly version?: string;
}

/** Every field of one structured value of the store, each as its own key (the keys are then known only at run time). */
export interface ExternalSecretExtract {
  /** Name or path of the value in the store. */
  readonly remoteKey: string;
  /**
   * Version of the value to read.
   *
   * @default - the current version
   */
  readonly version?: string;
}

/** Props of an ExternalSecret. */
export interface ExternalSecretProps {
  /** The SecretStore or ClusterSecretStore the values are read from. */
  readonly store: ISecretStore;
  /**
   * The keys of the Secret, each mapped to one value (or one field of a value) of the store.
   *
   * @default - none; `data` or `extract` must give at least one
   */
  readonly data?: ExternalSecretData[];
  /**
   * Structured values whose every field becomes a key of the Secret (`dataFrom.extract`). Chosen explicitly because
   * it copies fields nobody listed; prefer `data`.
   *
   * @default - none
   */
  readonly extract?: ExternalSecretExtract[];
  /**
   * Name of the ExternalSecret, and of the Secret it writes unless `secretName` is given.
   *
   * @default - a unique name derived from the construct path
   */
  readonly name?: string;
  /**
   * Namespace of the ExternalSecret and its Secret.
   *
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Name of the Secret the operator writes.
   *
   * @default - the ExternalSecret's name
   */
  readonly secretName?: string;
  /**
   * How often the values are read again from the store, so rotations reach the pods; at least one minute.
   *
   * @default Duration.hours(1)
   */
  readonly refreshInterval?: Duration;
  /**
   * Whether the operator owns the Secret.
   *
   * @default TargetCreationPolicy.OWNER
   */
  readonly creationPolicy?: TargetCreationPolicy;
  /**
   * What happens when the values disappear from the store.
   *
   * @default TargetDeletionPolicy.RETAIN
   */
  readonly deletionPolicy?: TargetDeletionPolicy;
  /**
   * Make the Secret immutable: a changed value then needs a new Secret (and a rollout), and the kubelet stops
   * watching it. Rotation through `refreshInterval` no longer updates it.
   *
   * @default false
   */
  readonly immutable?: boolean;
}

/**
 * An External Secrets Operator `ExternalSecret`: the operator reads values from a secret store and writes them into a
 * Secret of the namespace, so the manifest holds only references. Mount the Secret with `SecretMount.fromSecret`.
 *
 * @example
 * const db = new ExternalSecret(chart, 'db', {
 *   store,
 *   data: [{ secretKey: 'password', remoteKey: 'prod/payments/db', property: 'password' }],
 * });
 * new HardenedDeployment(chart, 'api', { image, port: 8080, secrets: [SecretMount.fromSecret(db, { mountPath: '/run/secrets/db' })] });
 */
export class ExternalSecret extends Construct implements ISecretSource {
  /** Name of the ExternalSecret. */
  public readonly name: string;
  /** Name of the Secret the operator writes. */
  public readonly secretName: string;
  /** Namespace of the ExternalSecret and its Secret, if known. */
  public readonly secretNamespace?: string;
  /** Keys of the Secret, when all are listed in `data` (undefined with `extract`). */
  public readonly secretKeys?: string[];
  /** The ExternalSecret object. */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: ExternalSecretProps) {
    super(scope, id);
    const { name, namespace, metadata } = objectNames(this, props);
    this.name = name;
    this.secretNamespace = namespace;
    this.secretName = props.secretName ?? this.name;
    checkDnsSubdomain(this, 'secretName', this.secretName);
    const store = checkStoreReference(this, 'store', props.store, this.secretNamespace);

    const data = props.data ?? [];
    const extract = props.extract ?? [];
    if (data.length === 0 && extract.length === 0) {
      throw propError(this, 'data', 'no value is read from the store', 'list the keys in data, or (explicitly) extract whole values with extract');
    }
    data.forEach((d, i) => {
      const prop = `data[${i}]`;
      checkKnownKeys(this, prop, d, ['secretKey', 'remoteKey', 'property', 'version']);
      checkSecretKey(this, `${prop}.secretKey`, d.secretKey);
      checkRemoteName(this, `${prop}.remoteKey`, d.remoteKey);
      if (d.property !== undefined) {checkRemoteName(this, `${prop}.property`, d.property);} else if (store.provider?._valuesAreMaps) {
        throw propError(this, `${prop}.property`, `a ${store.provider.displayName} secret is a map of fields, so without a property the key "${d.secretKey}" would hold the JSON of all of them`,
          'name the field to read (property: "password"), or read every field as its own key with extract');
      }
      if (d.version !== undefined) checkRemoteName(this, `${prop}.version`, d.version);
    });
    extract.forEach((e, i) => {
      checkKnownKeys(this, `extract[${i}]`, e, ['remoteKey', 'version']);
      checkRemoteName(this, `extract[${i}].remoteKey`, e.remoteKey);
      if (e.version !== undefined) checkRemoteName(this, `extract[${i}].version`, e.version);
    });
    const dup = firstDuplicate(data.map(d => d.secretKey));
    if (dup) throw propError(this, `data[${dup.index}].secretKey`, `"${dup.value}" is given twice`, 'give every key of the Secret once');
    this.secretKeys = extract.length ? undefined : data.map(d => d.secretKey);

    const creationPolicy = props.creationPolicy ?? TargetCreationPolicy.OWNER;
    const deletionPolicy = props.deletionPolicy ?? TargetDeletionPolicy.RETAIN;
    if (!Object.values(TargetCreationPolicy).includes(creationPolicy)) {
      throw propError(this, 'creationPolicy', `${JSON.stringify(creationPolicy)} is not a creation policy`, 'use a TargetCreationPolicy member');
    }
    if (!Object.values(TargetDeletionPolicy).includes(deletionPolicy)) {
      throw propError(this, 'deletionPolicy', `${JSON.stringify(deletionPolicy)} is not a deletion policy`, 'use a TargetDeletionPolicy member');
    }
    // The operator's webhook refuses this pair: it would delete a Secret the operator does not own.
    if (deletionPolicy === TargetDeletionPolicy.DELETE && creationPolicy === TargetCreationPolicy.MERGE) {
      throw propError(this, 'deletionPolicy', 'DELETE would delete a Secret the operator merged into but does not own', 'use TargetCreationPolicy.OWNER, or TargetDeletionPolicy.RETAIN or MERGE');
    }

    const remoteRef = (key: string, property?: string, version?: string) =>
      ({ key, ...(property !== undefined ? { property } : {}), ...(version !== undefined ? { version } : {}) });
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: ESO_API_VERSION,
      kind: 'ExternalSecret',
      metadata,
      spec: {
        ...(data.length ? { data: data.map(d => ({ remoteRef: remoteRef(d.remoteKey, d.property, d.version), secretKey: d.secretKey })) } : {}),
        ...(extract.length ? { dataFrom: extract.map(e => ({ extract: remoteRef(e.remoteKey, undefined, e.version) })) } : {}),
        refreshInterval: goDuration(this, 'refreshInterval', props.refreshInterval ?? Duration.hours(1)),
        secretStoreRef: { kind: store.storeKind, name: store.storeName },
        target: { creationPolicy, deletionPolicy, ...(props.immutable ? { immutable: true } : {}), name: this.secretName },
      },
    });
  }
}
