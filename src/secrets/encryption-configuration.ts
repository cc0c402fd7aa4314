import { Duration, Yaml } from 'cdk8s';
import { Construct } from 'constructs';
import { firstDuplicate } from './checks';
import { propError } from '../core/errors';
import { addSynthFile } from '../core/synth-files';

// A resource as the API server names it: `secrets`, `widgets.example.com`, or a wildcard `*.` (core), `*.apps`, `*.*`.
const GROUP = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const RESOURCE = new RegExp(`^(\\*\\.(\\*|${GROUP})?|[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.${GROUP})?)$`);
const UNIX_ENDPOINT = /^unix:\/\/\/[^\s]+$/;
const MAX_TIMEOUT_SECONDS = 60;

/** Props of an EncryptionConfiguration. */
export interface EncryptionConfigurationProps {
  /** Name of the KMS v2 plugin; stored with every encrypted object, so never change it for the same key. No ':' (the API server refuses it for v2). */
  readonly kmsPluginName: string;
  /** The plugin's gRPC endpoint on the control-plane node, a unix socket, e.g. `unix:///var/run/kmsplugin/socket.sock`. */
  readonly kmsEndpoint: string;
  /**
   * How long the API server waits for the plugin.
   *
   * @default Duration.seconds(3)
   */
  readonly timeout?: Duration;
  /**
   * The resources encrypted with the KMS key; must include `secrets` (or a wildcard covering it).
   *
   * @default ['secrets']
   */
  readonly resources?: string[];
  /**
   * Name of the file written into the App's outdir at `app.synth()`.
   *
   * @default 'encryption-configuration.yaml'
   */
  readonly fileName?: string;
}

/**
 * An `apiserver.config.k8s.io/v1` EncryptionConfiguration for self-managed API servers (kubeadm, k3s, kOps, Talos…):
 * Secrets (and any other resources listed) are envelope-encrypted in etcd by a KMS v2 plugin; `identity` comes last
 * so objects written before encryption was enabled stay readable until they are rewritten. It configures the API
 * server process, not the cluster, so it is written as a file beside the manifests at `app.synth()`.
 *
 * Using it: copy the file to each control-plane node (mode 0600, owned by root), pass
 * `--encryption-provider-config=<path>` to kube-apiserver (kubeadm: `apiServer.extraArgs` plus an `extraVolumes`
 * hostPath mount, read-only), restart the API servers, then rewrite the existing Secrets so they are encrypted:
 * `kubectl get secrets -A -o json | kubectl replace -f -`. The plugin (e.g. AWS, Azure, GCP or Vault KMS plugins)
 * runs as a static pod or service on each control-plane node.
 *
 * On EKS the control plane is managed: encryption at rest of Secrets is the cluster's `encryptionConfig` with a
 * customer-managed KMS key, which the optional AWS stack (`HardenedEksCluster`, `SecretsEncryptionKey`) sets up.
 */
export class EncryptionConfiguration extends Construct {
  /** Path of the file written at `app.synth()`. */
  public readonly filePath: string;
  private readonly config: Record<string, unknown>;

  public constructor(scope: Construct, id: string, props: EncryptionConfigurationProps) {
    super(scope, id);
    const name = props.kmsPluginName;
    if (typeof name !== 'string' || name.trim() === '' || name.includes(':') || /\s/.test(name)) {
      throw propError(this, 'kmsPluginName', `${JSON.stringify(name)} is not a KMS v2 plugin name (non-empty, no whitespace, no ":")`, 'use a name like "aws-kms"');
    }
    if (typeof props.kmsEndpoint !== 'string' || !UNIX_ENDPOINT.test(props.kmsEndpoint)) {
      throw propError(this, 'kmsEndpoint', `${JSON.stringify(props.kmsEndpoint)} is not a unix socket endpoint; the API server talks to KMS plugins over a local socket only`,
        'use e.g. "unix:///var/run/kmsplugin/socket.sock"');
    }
    const timeout = (props.timeout ?? Duration.seconds(3)).toSeconds({ integral: false });
    if (!Number.isInteger(timeout) || timeout < 1 || timeout > MAX_TIMEOUT_SECONDS) {
      throw propError(this, 'timeout', `${timeout}s is not a whole number of seconds from 1 to ${MAX_TIMEOUT_SECONDS}`, 'use e.g. Duration.seconds(3)');
    }
    const resources = props.resources ?? ['secrets'];
    if (resources.length === 0) throw propError(this, 'resources', 'no resource is encrypted', 'include "secrets"');
    resources.forEach((r, i) => {
      if (typeof r !== 'string' || !RESOURCE.test(r)) {
        throw propError(this, `resources[${i}]`, `${JSON.stringify(r)} is not a resource`, 'use the lowercase plural, with its group unless core: "secrets", "widgets.example.com", or "*.example.com"');
      }
    });
    const dup = firstDuplicate(resources);
    if (dup) throw propError(this, `resources[${dup.index}]`, `"${dup.value}" is listed twice`, 'list each resource once');
    if (!resources.some(r => r === 'secrets' || r === '*.' || r === '*.*')) {
      throw propError(this, 'resources', 'Secrets are not among the encrypted resources', 'include "secrets"');
    }
    this.config = {
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'EncryptionConfiguration',
      resources: [{
        resources: [...resources],
        providers: [
          { kms: { apiVersion: 'v2', name, endpoint: props.kmsEndpoint, timeout: `${timeout}s` } },
          // Last: reads of objects stored before encryption was enabled; never used for writes.
          { identity: {} },
        ],
      }],
    };
    this.filePath = addSynthFile(this, 'fileName', props.fileName ?? 'encryption-configuration.yaml', () => this.toYaml());
  }

  /** The configuration as the API server reads it. */
  public toJson(): any {
    return JSON.parse(JSON.stringify(this.config));
  }

  /** The configuration as YAML, the content of the file. */
  public toYaml(): string {
    return Yaml.stringify(this.config);
  }
}
