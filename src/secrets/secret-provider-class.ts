import { ApiObject, Yaml } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import { AWS_REGION, checkHttpsUrl, checkKnownKeys, checkPattern, checkRemoteName, firstDuplicate, objectNames, VAULT_PATH, VAULT_ROLE } from './checks';
import { propError } from '../core/errors';
import { WorkloadIdentity, WorkloadIdentityProvider } from '../rbac/workload-identity';

/** Name of the Secrets Store CSI Driver, as pods' `csi` volumes name it. */
export const SECRETS_STORE_CSI_DRIVER = 'secrets-store.csi.k8s.io';

const FILE_NAME = /^[A-Za-z0-9_][-A-Za-z0-9_.]*$/;
const AZURE_VAULT_NAME = /^[A-Za-z][-A-Za-z0-9]{1,22}[A-Za-z0-9]$/;
const GUID = /^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/;
const GCP_SECRET = /^projects\/[a-z0-9][-a-z0-9]{4,28}[a-z0-9]\/(locations\/[a-z]+-[a-z]+\d+\/)?secrets\/[A-Za-z0-9_-]{1,255}$/;

/** One value of the store, written as one file of the CSI volume. */
export interface CsiSecretObject {
  /**
   * Name or path of the value in the store (never the value itself): an AWS secret name or ARN, or a parameter name;
   * an Azure Key Vault secret name; a Google secret `projects/<project>/secrets/<name>`; a Vault secret path
   * (`secret/data/payments/db` for KV v2).
   */
  readonly remoteKey: string;
  /** Name of the file in the mounted directory, e.g. `db-password`. */
  readonly fileName: string;
  /**
   * The field to read from a structured value: a JSON key of an AWS secret (as a JMESPath), or a field of a Vault
   * KV secret. Required for Vault, whose secrets are maps; not supported for Azure and Google.
   *
   * @default - the whole value
   */
  readonly property?: string;
  /**
   * Version of the value (AWS, Azure, Google).
   *
   * @default - the current version
   */
  readonly version?: string;
}

/** AWS Secrets Manager or Parameter Store through the AWS provider for the CSI driver. */
export interface AwsCsiOptions {
  /** AWS region of the values. */
  readonly region: string;
  /** The values to mount. */
  readonly objects: CsiSecretObject[];
  /**
   * Authenticate with EKS Pod Identity instead of IRSA. Either way the pods' ServiceAccount carries the identity
   * (`WorkloadIdentity.awsPodIdentity()` or `WorkloadIdentity.awsIrsa(roleArn)`).
   *
   * @default false
   */
  readonly podIdentity?: boolean;
}

/** Azure Key Vault through the Azure provider for the CSI driver, authenticated with Azure Workload Identity. */
export interface AzureCsiOptions {
  /** Name of the key vault, e.g. `payments-kv`. */
  readonly keyVaultName: string;
  /** The identity the pods' ServiceAccount is federated with: the same `WorkloadIdentity.azure(clientId, tenantId)`. */
  readonly identity: WorkloadIdentity;
  /**
   * Tenant of the key vault.
   *
   * @default - the identity's tenant; one of the two is required
   */
  readonly tenantId?: string;
  /** The values to mount. */
  readonly objects: CsiSecretObject[];
}

/** Google Secret Manager through the Google provider for the CSI driver, authenticated with GKE Workload Identity. */
export interface GoogleCsiOptions {
  /** The values to mount. */
  readonly objects: CsiSecretObject[];
}

/** HashiCorp Vault through the Vault provider for the CSI driver, logging in with the pod's ServiceAccount token. */
export interface VaultCsiOptions {
  /** Vault's address, https only. */
  readonly address: string;
  /** Vault role of the Kubernetes auth method, bound to the pods' ServiceAccount. */
  readonly role: string;
  /**
   * Path the Kubernetes auth method is mounted at.
   *
   * @default 'kubernetes'
   */
  readonly kubernetesMountPath?: string;
  /** The values to mount; each names the field it reads (`property`). */
  readonly objects: CsiSecretObject[];
}

/** What the pods' ServiceAccount must carry for the provider to authenticate as the pod. */
interface RequiredIdentity {
  readonly provider: WorkloadIdentityProvider;
  readonly clientId?: string;
}

interface BoundCsiProvider {
  readonly provider: string;
  readonly parameters: Record<string, string>;
  readonly identity?: RequiredIdentity;
}

type Render = (scope: IConstruct, prop: string, objects: CsiSecretObject[]) => BoundCsiProvider;

/**
 * Where the CSI driver reads the values from. Each provider authenticates as the pod itself (its ServiceAccount's
 * workload identity, or Vault's Kubernetes login), so every workload gets only what its own identity may read.
 * Values are mounted as files only: syncing them into Secrets (`secretObjects`) is deliberately not offered.
 */
export class CsiSecretProvider {
  /** AWS Secrets Manager (`objectType: secretsmanager`). */
  public static awsSecretsManager(options: AwsCsiOptions): CsiSecretProvider {
    return new CsiSecretProvider(options, ['region', 'objects', 'podIdentity'], (scope, prop, objects) => awsCsi(scope, prop, options, 'secretsmanager', objects));
  }

  /** AWS Systems Manager Parameter Store (`objectType: ssmparameter`). */
  public static awsParameterStore(options: AwsCsiOptions): CsiSecretProvider {
    return new CsiSecretProvider(options, ['region', 'objects', 'podIdentity'], (scope, prop, objects) => awsCsi(scope, prop, options, 'ssmparameter', objects));
  }

  /** Azure Key Vault secrets. */
  public static azureKeyVault(options: AzureCsiOptions): CsiSecretProvider {
    return new CsiSecretProvider(options, ['keyVaultName', 'identity', 'tenantId', 'objects'], (scope, prop, objects) => {
      checkPattern(scope, `${prop}.keyVaultName`, options.keyVaultName, AZURE_VAULT_NAME, 'a key vault name', 'payments-kv');
      if (!(options.identity instanceof WorkloadIdentity) || options.identity.provider !== WorkloadIdentityProvider.AZURE) {
        throw propError(scope, `${prop}.identity`, 'the Azure provider authenticates with Azure Workload Identity only', 'give identity: WorkloadIdentity.azure("<client id>", "<tenant id>"), the same as the pods\' ServiceAccount');
      }
      const clientId = options.identity.annotations['azure.workload.identity/client-id'];
      const tenantId = options.tenantId?.toLowerCase() ?? options.identity.annotations['azure.workload.identity/tenant-id'];
      checkPattern(scope, `${prop}.tenantId`, tenantId, GUID, 'a tenant id (GUID); the identity names none either', '00000000-0000-0000-0000-000000000000');
      unsupported(scope, prop, objects, 'property', 'Azure Key Vault secrets have no fields to select');
      const array = objects.map(o => Yaml.stringify({ objectName: o.remoteKey, objectType: 'secret', objectAlias: o.fileName, ...(o.version ? { objectVersion: o.version } : {}) }));
      return {
        provider: 'azure',
        parameters: { clientID: clientId, keyvaultName: options.keyVaultName, objects: Yaml.stringify({ array }), tenantId, usePodIdentity: 'false' },
        identity: { provider: WorkloadIdentityProvider.AZURE, clientId },
      };
    });
  }

  /** Google Secret Manager. */
  public static googleSecretManager(options: GoogleCsiOptions): CsiSecretProvider {
    return new CsiSecretProvider(options, ['objects'], (scope, prop, objects) => {
      objects.forEach((o, i) => checkPattern(scope, `${prop}.objects[${i}].remoteKey`, o.remoteKey, GCP_SECRET, 'a Google secret resource name', 'projects/payments-prod/secrets/db-password'));
      unsupported(scope, prop, objects, 'property', 'the Google provider mounts whole secret versions');
      const secrets = objects.map(o => ({ resourceName: `${o.remoteKey}/versions/${o.version ?? 'latest'}`, path: o.fileName }));
      return { provider: 'gcp', parameters: { secrets: Yaml.stringify(secrets) }, identity: { provider: WorkloadIdentityProvider.GKE } };
    });
  }

  /** HashiCorp Vault. */
  public static vault(options: VaultCsiOptions): CsiSecretProvider {
    return new CsiSecretProvider(options, ['address', 'role', 'kubernetesMountPath', 'objects'], (scope, prop, objects) => {
      checkHttpsUrl(scope, `${prop}.address`, options.address, 'https://vault.example.com:8200');
      checkPattern(scope, `${prop}.role`, options.role, VAULT_ROLE, 'a Vault role name', 'payments-api');
      const mountPath = options.kubernetesMountPath ?? 'kubernetes';
      checkPattern(scope, `${prop}.kubernetesMountPath`, mountPath, VAULT_PATH, 'a Vault auth mount path', 'kubernetes');
      unsupported(scope, prop, objects, 'version', 'the Vault provider reads the current version');
      objects.forEach((o, i) => {
        if (o.property === undefined) {
          throw propError(scope, `${prop}.objects[${i}].property`, `a Vault secret is a map of fields, so without a property the file "${o.fileName}" would hold the JSON of all of them`,
            'name the field to read, e.g. property: "password"');
        }
      });
      const list = objects.map(o => ({ objectName: o.fileName, secretPath: o.remoteKey, secretKey: o.property }));
      return { provider: 'vault', parameters: { objects: Yaml.stringify(list), roleName: options.role, vaultAddress: options.address, vaultKubernetesMountPath: mountPath } };
    });
  }

  private constructor(
    private readonly options: { readonly objects: CsiSecretObject[] },
    private readonly known: string[],
    private readonly render: Render,
  ) {}

  /**
   * Validates the options against `scope` and renders the provider's name, parameters and the identity it needs.
   * @internal
   */
  public _bind(scope: IConstruct, prop: string): BoundCsiProvider & { fileNames: string[] } {
    checkKnownKeys(scope, prop, this.options, this.known);
    const objects = this.options.objects ?? [];
    if (objects.length === 0) throw propError(scope, `${prop}.objects`, 'no value is mounted', 'list the values to mount as files');
    objects.forEach((o, i) => {
      const where = `${prop}.objects[${i}]`;
      checkKnownKeys(scope, where, o, ['remoteKey', 'fileName', 'property', 'version']);
      checkRemoteName(scope, `${where}.remoteKey`, o.remoteKey);
      if (typeof o.fileName !== 'string' || !FILE_NAME.test(o.fileName) || o.fileName.length > 253) {
        throw propError(scope, `${where}.fileName`, `${JSON.stringify(o.fileName)} is not a plain file name`, 'use letters, digits, "-", "_" and ".", e.g. "db-password"');
      }
      if (o.property !== undefined) checkRemoteName(scope, `${where}.property`, o.property);
      if (o.version !== undefined) checkRemoteName(scope, `${where}.version`, o.version);
    });
    const dup = firstDuplicate(objects.map(o => o.fileName));
    if (dup) throw propError(scope, `${prop}.objects[${dup.index}].fileName`, `"${dup.value}" is written twice`, 'give every value its own file name');
    return { ...this.render(scope, prop, objects), fileNames: objects.map(o => o.fileName) };
  }
}

function awsCsi(scope: IConstruct, prop: string, options: AwsCsiOptions, objectType: string, objects: CsiSecretObject[]): BoundCsiProvider {
  checkPattern(scope, `${prop}.region`, options.region, AWS_REGION, 'an AWS region', 'eu-west-1');
  const list: Array<Record<string, unknown>> = [];
  // Fields of one JSON value share one object (the provider also writes the whole value, under the value's name).
  const byValue = new Map<string, Record<string, unknown> & { jmesPath: Array<Record<string, string>> }>();
  for (const o of objects) {
    const version = o.version ? { objectVersion: o.version } : {};
    if (o.property === undefined) {
      list.push({ objectName: o.remoteKey, objectType, objectAlias: o.fileName, ...version });
      continue;
    }
    const key = JSON.stringify([o.remoteKey, o.version]);
    let parent = byValue.get(key);
    if (!parent) {
      parent = { objectName: o.remoteKey, objectType, ...version, jmesPath: [] };
      byValue.set(key, parent);
      list.push(parent);
    }
    parent.jmesPath.push({ path: o.property, objectAlias: o.fileName });
  }
  const pods = options.podIdentity === true;
  return {
    provider: 'aws',
    parameters: { objects: Yaml.stringify(list), region: options.region, ...(pods ? { usePodIdentity: 'true' } : {}) },
    identity: { provider: pods ? WorkloadIdentityProvider.AWS_POD_IDENTITY : WorkloadIdentityProvider.AWS_IRSA },
  };
}

function unsupported(scope: IConstruct, prop: string, objects: CsiSecretObject[], field: 'property' | 'version', why: string): void {
  const i = objects.findIndex(o => o[field] !== undefined);
  if (i >= 0) throw propError(scope, `${prop}.objects[${i}].${field}`, `not supported: ${why}`, `leave ${field} out, or read the value through an ExternalSecret`);
}

/** Props of a SecretProviderClass. */
export interface SecretProviderClassProps {
  /** The store and the values to mount. */
  readonly provider: CsiSecretProvider;
  /**
   * Name of the SecretProviderClass.
   *
   * @default - a unique name derived from the construct path
   */
  readonly name?: string;
  /**
   * Namespace; only pods of this namespace can mount it.
   *
   * @default - the chart's namespace
   */
  readonly namespace?: string;
}

/**
 * A Secrets Store CSI Driver `SecretProviderClass`: the driver fetches the values when a pod starts and mounts them as
 * files of a tmpfs `csi` volume (allowed by PSS restricted), authenticating as the pod; no Secret object is created.
 * Mount it with `SecretMount.fromSecretProviderClass`.
 */
export class SecretProviderClass extends Construct {
  /** Name of the SecretProviderClass. */
  public readonly name: string;
  /** Namespace, if known. */
  public readonly namespace?: string;
  /** The files the volume holds. */
  public readonly fileNames: string[];
  /** The SecretProviderClass object. */
  public readonly apiObject: ApiObject;
  /**
   * The workload identity the pods' ServiceAccount must carry, if the provider uses one.
   * @internal
   */
  public readonly _identity?: RequiredIdentity;

  public constructor(scope: Construct, id: string, props: SecretProviderClassProps) {
    super(scope, id);
    const { name, namespace, metadata } = objectNames(this, props);
    this.name = name;
    this.namespace = namespace;
    if (!(props.provider instanceof CsiSecretProvider)) {
      throw propError(this, 'provider', 'no provider is given', 'use a CsiSecretProvider factory, e.g. CsiSecretProvider.awsSecretsManager({ region, objects })');
    }
    const bound = props.provider._bind(this, 'provider');
    this.fileNames = bound.fileNames;
    this._identity = bound.identity;
    this.apiObject = new ApiObject(this, 'Resource', {
      apiVersion: 'secrets-store.csi.x-k8s.io/v1',
      kind: 'SecretProviderClass',
      metadata,
      spec: { parameters: bound.parameters, provider: bound.provider },
    });
  }
}
