import { IConstruct } from 'constructs';
import { AWS_REGION, checkHttpsUrl, checkKnownKeys, checkPattern, VAULT_PATH, VAULT_ROLE } from './checks';
import { propError } from '../core/errors';
import { WorkloadIdentity, WorkloadIdentityProvider } from '../rbac/workload-identity';

const GCP_PROJECT = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;
const GCP_LOCATION = /^[a-z]+-[a-z]+\d+$/;

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
