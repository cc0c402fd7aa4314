import { ApiObject, Chart, JsonPatch } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { AWS_REGION, checkHttpsUrl, checkKnownKeys, checkPattern, firstDuplicate, objectNames, VAULT_PATH, VAULT_ROLE } from './checks';
import { propError } from '../core/errors';
import { checkDnsLabel, checkDnsSubdomain } from '../core/validation';
import { LeastPrivilegeServiceAccount } from '../rbac/least-privilege-service-account';
import { WorkloadIdentity, WorkloadIdentityProvider } from '../rbac/workload-identity';

/** API version of the External Secrets Operator objects this library emits. */
export const ESO_API_VERSION = 'external-secrets.io/v1';

const GCP_PROJECT = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;
const GCP_LOCATION = /^[a-z]+-[a-z]+\d+$/;

/** Which kind of store an ExternalSecret reads from. */
export enum SecretStoreKind {
  /** A namespaced store, usable only by ExternalSecrets of its namespace. */
  SECRET_STORE = 'SecretStore',
  /** A cluster-wide store, usable by the namespaces it lists. */
  CLUSTER_SECRET_STORE = 'ClusterSecretStore',
}

/** Version of a HashiCorp Vault KV secrets engine. */
export enum VaultKvVersion {
  /** KV version 1 (no versioning). */
  V1 = 'v1',
  /** KV version 2 (versioned secrets). */
  V2 = 'v2',
}

/** How the operator logs in to Vault with the Kubernetes auth method. */
export interface VaultKubernetesAuthOptions {
  /** Vault role bound to the store's ServiceAccount name and namespace. */
  readonly role: string;
  /**
   * Path the Kubernetes auth method is mounted at.
   *
   * @default 'kubernetes'
   */
  readonly mountPath?: string;
}

/** How the operator logs in to Vault with the JWT auth method, using a short-lived ServiceAccount token. */
export interface VaultJwtAuthOptions {
  /** Vault role of the JWT auth method. */
  readonly role: string;
  /**
   * Path the JWT auth method is mounted at.
   *
   * @default 'jwt'
   */
  readonly path?: string;
  /**
   * Audiences of the token, matching the role's `bound_audiences`.
   *
   * @default ['vault']
   */
  readonly audiences?: string[];
}

/**
 * How the operator authenticates to Vault: always as the store's own ServiceAccount, with a token the
 * operator requests for it, never with a Vault token or password stored in a Secret.
 */
export class VaultAuth {
  /** The Kubernetes auth method: Vault reviews the ServiceAccount token with the API server. */
  public static kubernetes(options: VaultKubernetesAuthOptions): VaultAuth {
    return new VaultAuth('kubernetes', options, ['role', 'mountPath']);
  }

  /** The JWT auth method: Vault verifies a short-lived (10 minute) ServiceAccount token against the cluster's OIDC issuer. */
  public static jwt(options: VaultJwtAuthOptions): VaultAuth {
    return new VaultAuth('jwt', options, ['role', 'path', 'audiences']);
  }

  private constructor(
    private readonly method: 'kubernetes' | 'jwt',
    private readonly options: VaultKubernetesAuthOptions | VaultJwtAuthOptions,
    private readonly known: string[],
  ) {}

  /**
   * The `auth` of a Vault provider, logging in as the ServiceAccount `serviceAccountRef`.
   * @internal
   */
  public _render(scope: IConstruct, prop: string, serviceAccountRef: Record<string, unknown>): Record<string, unknown> {
    checkKnownKeys(scope, prop, this.options, this.known);
    checkPattern(scope, `${prop}.role`, this.options.role, VAULT_ROLE, 'a Vault role name', 'payments-api');
    if (this.method === 'kubernetes') {
      const o = this.options as VaultKubernetesAuthOptions;
      const mountPath = o.mountPath ?? 'kubernetes';
      checkPattern(scope, `${prop}.mountPath`, mountPath, VAULT_PATH, 'a Vault auth mount path', 'kubernetes');
      return { kubernetes: { mountPath, role: o.role, serviceAccountRef } };
    }
    const o = this.options as VaultJwtAuthOptions;
    const path = o.path ?? 'jwt';
    checkPattern(scope, `${prop}.path`, path, VAULT_PATH, 'a Vault auth mount path', 'jwt');
    const audiences = o.audiences ?? ['vault'];
    if (audiences.length === 0 || audiences.some(a => typeof a !== 'string' || a.trim() === '' || /\s/.test(a))) {
      throw propError(scope, `${prop}.audiences`, 'give one or more audiences without whitespace', 'use the role\'s bound_audiences, e.g. ["vault"]');
    }
    const token = { expirationSeconds: 600, serviceAccountRef: { ...serviceAccountRef, audiences: [...audiences] } };
    return { jwt: { kubernetesServiceAccountToken: token, path, role: o.role } };
  }
}

/** AWS Secrets Manager or Parameter Store, authenticated with IRSA. */
export interface AwsSecretStoreOptions {
  /** AWS region of the secrets, e.g. `eu-west-1`. */
  readonly region: string;
  /**
   * The IAM role the store's ServiceAccount assumes: `WorkloadIdentity.awsIrsa(roleArn)`. Give the role read access
   * to the secrets this store serves only (`secretsmanager:GetSecretValue` / `ssm:GetParameter*` on their ARNs).
   */
  readonly identity: WorkloadIdentity;
}

/** HashiCorp Vault's KV secrets engine. */
export interface VaultSecretStoreOptions {
  /** Vault's address, https only, e.g. `https://vault.example.com:8200`. */
  readonly server: string;
  /** Mount path of the KV secrets engine, e.g. `secret`. */
  readonly path: string;
  /**
   * KV engine version.
   *
   * @default VaultKvVersion.V2
   */
  readonly version?: VaultKvVersion;
  /**
   * Vault Enterprise namespace.
   *
   * @default - none
   */
  readonly namespace?: string;
  /** How the operator logs in, as the store's ServiceAccount. */
  readonly auth: VaultAuth;
}

/** Google Secret Manager, authenticated with GKE Workload Identity. */
export interface GoogleSecretManagerOptions {
  /** Google Cloud project holding the secrets. */
  readonly projectId: string;
  /**
   * Location of regional secrets, e.g. `europe-west1`.
   *
   * @default - global secrets
   */
  readonly location?: string;
  /**
   * The Google service account the store's ServiceAccount acts as: `WorkloadIdentity.gke(gsaEmail)`, granted
   * `roles/secretmanager.secretAccessor` on the secrets this store serves only.
   */
  readonly identity: WorkloadIdentity;
}

/** Azure Key Vault, authenticated with Azure Workload Identity. */
export interface AzureKeyVaultOptions {
  /** The vault's URL, e.g. `https://payments-kv.vault.azure.net`. */
  readonly vaultUrl: string;
  /**
   * The managed identity or app registration the store's ServiceAccount is federated with:
   * `WorkloadIdentity.azure(clientId, tenantId)`, with the `Key Vault Secrets User` role on this vault only.
   */
  readonly identity: WorkloadIdentity;
}

/** A provider as rendered for one store. */
interface BoundProvider {
  readonly spec: Record<string, unknown>;
  readonly identity?: WorkloadIdentity;
}

/**
 * Where a SecretStore or ClusterSecretStore reads secrets from, and how it authenticates: always as the store's own
 * least-privilege ServiceAccount (through workload identity or Vault's Kubernetes/JWT login), never with static
 * credentials kept in a Secret.
 */
export class SecretStoreProvider {
  /** AWS Secrets Manager. */
  public static awsSecretsManager(options: AwsSecretStoreOptions): SecretStoreProvider {
    return new SecretStoreProvider('AWS Secrets Manager', false, (scope, prop, sa) => awsProvider(scope, prop, options, 'SecretsManager', sa));
  }

  /** AWS Systems Manager Parameter Store. */
  public static awsParameterStore(options: AwsSecretStoreOptions): SecretStoreProvider {
    return new SecretStoreProvider('AWS Parameter Store', false, (scope, prop, sa) => awsProvider(scope, prop, options, 'ParameterStore', sa));
  }

  /**
   * HashiCorp Vault's KV engine. A KV secret is a map of fields, so each ExternalSecret key must name the field it
   * reads (`property`), or extract the whole map with `extract`.
   */
  public static vault(options: VaultSecretStoreOptions): SecretStoreProvider {
    return new SecretStoreProvider('HashiCorp Vault', true, (scope, prop, sa) => {
      checkKnownKeys(scope, prop, options, ['server', 'path', 'version', 'namespace', 'auth']);
      checkHttpsUrl(scope, `${prop}.server`, options.server, 'https://vault.example.com:8200');
      checkPattern(scope, `${prop}.path`, options.path, VAULT_PATH, 'the mount path of a KV secrets engine', 'secret');
      const version = options.version ?? VaultKvVersion.V2;
      if (!Object.values(VaultKvVersion).includes(version)) {
        throw propError(scope, `${prop}.version`, `${JSON.stringify(version)} is not a KV engine version`, 'use VaultKvVersion.V1 or VaultKvVersion.V2');
      }
      if (options.namespace !== undefined) checkPattern(scope, `${prop}.namespace`, options.namespace, VAULT_PATH, 'a Vault namespace', 'team-a');
      if (!(options.auth instanceof VaultAuth)) {
        throw propError(scope, `${prop}.auth`, 'no Vault login method is given', 'use VaultAuth.kubernetes({ role }) or VaultAuth.jwt({ role })');
      }
      return {
        spec: {
          vault: {
            auth: options.auth._render(scope, `${prop}.auth`, sa),
            ...(options.namespace ? { namespace: options.namespace } : {}),
            path: options.path,
            server: options.server,
            version,
          },
        },
      };
    });
  }

  /** Google Secret Manager. */
  public static googleSecretManager(options: GoogleSecretManagerOptions): SecretStoreProvider {
    return new SecretStoreProvider('Google Secret Manager', false, (scope, prop, sa) => {
      checkKnownKeys(scope, prop, options, ['projectId', 'location', 'identity']);
      checkPattern(scope, `${prop}.projectId`, options.projectId, GCP_PROJECT, 'a Google Cloud project id', 'payments-prod');
      if (options.location !== undefined) checkPattern(scope, `${prop}.location`, options.location, GCP_LOCATION, 'a Google Cloud location', 'europe-west1');
      const identity = checkIdentity(scope, `${prop}.identity`, options.identity, WorkloadIdentityProvider.GKE, 'WorkloadIdentity.gke("store@my-project.iam.gserviceaccount.com")');
      return {
        spec: {
          gcpsm: {
            auth: { workloadIdentity: { serviceAccountRef: sa } },
            ...(options.location ? { location: options.location } : {}),
            projectID: options.projectId,
          },
        },
        identity,
      };
    });
  }

  /** Azure Key Vault. */
  public static azureKeyVault(options: AzureKeyVaultOptions): SecretStoreProvider {
    return new SecretStoreProvider('Azure Key Vault', false, (scope, prop, sa) => {
      checkKnownKeys(scope, prop, options, ['vaultUrl', 'identity']);
      checkHttpsUrl(scope, `${prop}.vaultUrl`, options.vaultUrl, 'https://payments-kv.vault.azure.net');
      const identity = checkIdentity(scope, `${prop}.identity`, options.identity, WorkloadIdentityProvider.AZURE, 'WorkloadIdentity.azure("<client id>", "<tenant id>")');
      const tenantId = identity.annotations['azure.workload.identity/tenant-id'];
      return {
        spec: { azurekv: { authType: 'WorkloadIdentity', serviceAccountRef: sa, ...(tenantId ? { tenantId } : {}), vaultUrl: options.vaultUrl } },
        identity,
      };
    });
  }

  private constructor(
    /** The provider's name, for messages. */
    public readonly displayName: string,
    /**
     * Whether a remote value is a map of fields (Vault KV), so a key read without `property` yields JSON of every field.
     * @internal
     */
    public readonly _valuesAreMaps: boolean,
    private readonly bind: (scope: IConstruct, prop: string, serviceAccountRef: Record<string, unknown>) => BoundProvider,
  ) {}

  /**
   * Validates the options against `scope` and renders `spec.provider`, authenticating as `serviceAccountRef`.
   * @internal
   */
  public _bind(scope: IConstruct, prop: string, serviceAccountRef: Record<string, unknown>): BoundProvider {
    return this.bind(scope, prop, serviceAccountRef);
  }
}

function awsProvider(scope: IConstruct, prop: string, options: AwsSecretStoreOptions, service: string, sa: Record<string, unknown>): BoundProvider {
  checkKnownKeys(scope, prop, options, ['region', 'identity']);
  checkPattern(scope, `${prop}.region`, options.region, AWS_REGION, 'an AWS region', 'eu-west-1');
  const identity = checkIdentity(scope, `${prop}.identity`, options.identity, WorkloadIdentityProvider.AWS_IRSA, 'WorkloadIdentity.awsIrsa("arn:aws:iam::123456789012:role/payments-secrets")');
  return { spec: { aws: { auth: { jwt: { serviceAccountRef: sa } }, region: options.region, service } }, identity };
}

/** The store's identity must be of the provider's cloud; EKS Pod Identity cannot be used through a store's ServiceAccount. */
function checkIdentity(
  scope: IConstruct, prop: string, identity: WorkloadIdentity | undefined, expected: WorkloadIdentityProvider, example: string,
): WorkloadIdentity {
  if (!(identity instanceof WorkloadIdentity)) {
    throw propError(scope, prop, 'no workload identity is given, so the store could only use the operator\'s own (shared) credentials', `give identity: ${example}`);
  }
  if (identity.provider !== expected) {
    const podIdentity = identity.provider === WorkloadIdentityProvider.AWS_POD_IDENTITY
      ? ' (the operator can assume a role for a store\'s ServiceAccount only through IRSA)' : '';
    throw propError(scope, prop, `workload identity ${identity.provider} cannot authenticate to this provider${podIdentity}`, `give identity: ${example}`);
  }
  return identity;
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
