import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { firstDuplicate, objectNames } from './checks';
import { SecretStoreProvider } from './secret-store-provider';
import { propError } from '../core/errors';
import { checkDnsLabel, checkDnsSubdomain } from '../core/validation';
import { LeastPrivilegeServiceAccount } from '../rbac/least-privilege-service-account';

/** API version of the External Secrets Operator objects this library emits. */
export const ESO_API_VERSION = 'external-secrets.io/v1';

/** Which kind of store an ExternalSecret reads from. */
export enum SecretStoreKind {
  /** A namespaced store, usable only by ExternalSecrets of its namespace. */
  SECRET_STORE = 'SecretStore',
  /** A cluster-wide store, usable by the namespaces it lists. */
  CLUSTER_SECRET_STORE = 'ClusterSecretStore',
}

/** A store an ExternalSecret can read from. */
export interface ISecretStore {
  /** Name of the store object. */
  readonly storeName: string;
  /** SecretStore or ClusterSecretStore. */
  readonly storeKind: SecretStoreKind;
  /**
   * Namespace of a SecretStore, when known: only ExternalSecrets of that namespace can use it.
   *
   * @default - unknown
   */
  readonly storeNamespace?: string;
  /**
   * Namespaces a ClusterSecretStore serves, when known.
   *
   * @default - unknown
   */
  readonly allowedNamespaces?: string[];
  /**
   * The store's provider, when known: lets ExternalSecrets check their references against it.
   *
   * @default - unknown
   */
  readonly provider?: SecretStoreProvider;
}

/** Props of a SecretStore. */
export interface SecretStoreProps {
  /** Where the secrets live and how the store authenticates. */
  readonly provider: SecretStoreProvider;
  /**
   * Name of the SecretStore and of its ServiceAccount.
   *
   * @default - a unique name derived from the construct path
   */
  readonly name?: string;
  /**
   * Namespace of the store and its ServiceAccount; only ExternalSecrets of this namespace can use it.
   *
   * @default - the chart's namespace
   */
  readonly namespace?: string;
}

/**
 * An External Secrets Operator `SecretStore`: one namespace's access to a secret store, with its own ServiceAccount.
 *
 * The ServiceAccount is a LeastPrivilegeServiceAccount with no RBAC permissions (the operator requests its tokens) and
 * the provider's workload identity; grant that cloud identity, or the Vault role, read access to this namespace's
 * secrets only. No credential is ever stored in a Secret for the store.
 *
 * @example
 * const store = new SecretStore(chart, 'aws', {
 *   provider: SecretStoreProvider.awsSecretsManager({
 *     region: 'eu-west-1',
 *     identity: WorkloadIdentity.awsIrsa('arn:aws:iam::123456789012:role/shop-secrets'),
 *   }),
 * });
 */
export class SecretStore extends Construct implements ISecretStore {
  /** A SecretStore created elsewhere, by name (and namespace, if known). */
  public static fromStoreName(storeName: string, namespace?: string): ISecretStore {
    return { storeName, storeKind: SecretStoreKind.SECRET_STORE, storeNamespace: namespace };
  }

  /** Name of the SecretStore. */
  public readonly storeName: string;
  /** Always `SECRET_STORE`. */
  public readonly storeKind = SecretStoreKind.SECRET_STORE;
  /** Namespace of the store, if known. */
  public readonly storeNamespace?: string;
  /** The provider (always set; optional only as in ISecretStore). */
  public readonly provider?: SecretStoreProvider;
  /** The ServiceAccount the store authenticates as. */
  public readonly serviceAccount: LeastPrivilegeServiceAccount;
  /** The SecretStore object. */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: SecretStoreProps) {
    super(scope, id);
    const { name, namespace, metadata } = objectNames(this, props, checkDnsLabel);
    this.storeName = name;
    this.storeNamespace = namespace;
    const store = createStore(this, SecretStoreKind.SECRET_STORE, props.provider, { name }, namespace, metadata, {});
    this.provider = store.provider;
    this.serviceAccount = store.serviceAccount;
    this.apiObject = store.apiObject;
  }
}

/** Props of a ClusterSecretStore. */
export interface ClusterSecretStoreProps {
  /** Where the secrets live and how the store authenticates. */
  readonly provider: SecretStoreProvider;
  /**
   * The namespaces whose ExternalSecrets may use the store. A cluster-wide store without this list would serve every
   * namespace, so anyone who can create an ExternalSecret anywhere could read every secret the store can.
   */
  readonly namespaces: string[];
  /** Namespace of the store's ServiceAccount (typically the operator's, e.g. `external-secrets`). */
  readonly serviceAccountNamespace: string;
  /**
   * Name of the ClusterSecretStore and of its ServiceAccount.
   *
   * @default - a unique name derived from the construct path
   */
  readonly name?: string;
}

/**
 * An External Secrets Operator `ClusterSecretStore`, restricted to the namespaces it lists, authenticating as its own
 * LeastPrivilegeServiceAccount (no RBAC permissions, the provider's workload identity).
 */
export class ClusterSecretStore extends Construct implements ISecretStore {
  /** A ClusterSecretStore created elsewhere, by name (and the namespaces it serves, if known). */
  public static fromStoreName(storeName: string, allowedNamespaces?: string[]): ISecretStore {
    return { storeName, storeKind: SecretStoreKind.CLUSTER_SECRET_STORE, allowedNamespaces };
  }

  /** Name of the ClusterSecretStore. */
  public readonly storeName: string;
  /** Always `CLUSTER_SECRET_STORE`. */
  public readonly storeKind = SecretStoreKind.CLUSTER_SECRET_STORE;
  /** Namespaces the store serves (always set; optional only as in ISecretStore). */
  public readonly allowedNamespaces?: string[];
  /** The provider (always set; optional only as in ISecretStore). */
  public readonly provider?: SecretStoreProvider;
  /** The ServiceAccount the store authenticates as. */
  public readonly serviceAccount: LeastPrivilegeServiceAccount;
  /** The ClusterSecretStore object. */
  public readonly apiObject: ApiObject;

  public constructor(scope: Construct, id: string, props: ClusterSecretStoreProps) {
    super(scope, id);
    const { name } = objectNames(this, { name: props.name }, checkDnsLabel);
    this.storeName = name;
    checkDnsLabel(this, 'serviceAccountNamespace', props.serviceAccountNamespace);
    const namespaces = props.namespaces ?? [];
    if (namespaces.length === 0) {
      throw propError(this, 'namespaces', 'no namespaces are listed, and a ClusterSecretStore without conditions serves every namespace',
        'list the namespaces whose ExternalSecrets may use the store, or use a namespaced SecretStore');
    }
    namespaces.forEach((n, i) => checkDnsLabel(this, `namespaces[${i}]`, n));
    const dup = firstDuplicate(namespaces);
    if (dup) throw propError(this, `namespaces[${dup.index}]`, `"${dup.value}" is listed twice`, 'list each namespace once');
    const allowedNamespaces = [...namespaces].sort();
    this.allowedNamespaces = allowedNamespaces;
    // A cluster-scoped store names its ServiceAccount's namespace; a namespaced store's is its own.
    const saRef = { name, namespace: props.serviceAccountNamespace };
    const spec = { conditions: [{ namespaces: allowedNamespaces }] };
    const store = createStore(this, SecretStoreKind.CLUSTER_SECRET_STORE, props.provider, saRef, saRef.namespace, { name }, spec);
    this.provider = store.provider;
    this.serviceAccount = store.serviceAccount;
    this.apiObject = store.apiObject;
    // cdk8s gives every object the chart's namespace; cluster-scoped objects have none.
    if (Chart.of(this).namespace) this.apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
}

/** The store's own ServiceAccount (carrying the provider's identity, no RBAC permissions) and the store object. */
function createStore(scope: Construct, kind: SecretStoreKind, provider: SecretStoreProvider | undefined, serviceAccountRef: Record<string, unknown>,
  serviceAccountNamespace: string | undefined, metadata: Record<string, unknown>, spec: Record<string, unknown>) {
  if (!(provider instanceof SecretStoreProvider)) {
    throw propError(scope, 'provider', 'no provider is given', 'use a SecretStoreProvider factory, e.g. SecretStoreProvider.awsSecretsManager({ region, identity })');
  }
  const bound = provider._bind(scope, 'provider', serviceAccountRef);
  const serviceAccount = new LeastPrivilegeServiceAccount(scope, 'ServiceAccount', {
    name: serviceAccountRef.name as string, namespace: serviceAccountNamespace, workloadIdentity: bound.identity,
  });
  const apiObject = new ApiObject(scope, 'Resource', { apiVersion: ESO_API_VERSION, kind, metadata, spec: { ...spec, provider: bound.spec } });
  return { provider, serviceAccount, apiObject };
}

/** Checks the store reference of an ExternalSecret in `namespace`; `prop` names it in errors. */
export function checkStoreReference(scope: IConstruct, prop: string, store: ISecretStore | undefined, namespace: string | undefined): ISecretStore {
  if (!store || typeof store.storeName !== 'string') {
    throw propError(scope, prop, 'no secret store is referenced, so the operator would not know where to read the values',
      'pass a SecretStore or ClusterSecretStore, or SecretStore.fromStoreName("<name>")');
  }
  checkDnsSubdomain(scope, `${prop}.storeName`, store.storeName);
  if (!Object.values(SecretStoreKind).includes(store.storeKind)) {
    throw propError(scope, `${prop}.storeKind`, `${JSON.stringify(store.storeKind)} is not a store kind`, 'use SecretStoreKind.SECRET_STORE or CLUSTER_SECRET_STORE');
  }
  if (namespace !== undefined) {
    if (store.storeKind === SecretStoreKind.SECRET_STORE && store.storeNamespace !== undefined && store.storeNamespace !== namespace) {
      throw propError(scope, prop, `SecretStore "${store.storeName}" is in namespace "${store.storeNamespace}", and an ExternalSecret can only use a SecretStore of its own namespace ("${namespace}")`,
        'create a SecretStore in this namespace, or use a ClusterSecretStore that lists it');
    }
    if (store.storeKind === SecretStoreKind.CLUSTER_SECRET_STORE && store.allowedNamespaces && !store.allowedNamespaces.includes(namespace)) {
      throw propError(scope, prop, `ClusterSecretStore "${store.storeName}" serves ${store.allowedNamespaces.map(n => `"${n}"`).join(', ')}, not "${namespace}"`,
        'add the namespace to the store\'s namespaces, or use a SecretStore of this namespace');
    }
  }
  return store;
}
