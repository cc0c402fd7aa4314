import { requireJustification } from './errors';
import { ISecretSource } from './secret-source';

/** Options of a ConfigMap key reference. */
export interface ConfigMapKeyOptions {
  /**
   * Start the container even when the ConfigMap or key is missing.
   *
   * @default false
   */
  readonly optional?: boolean;
}

/**
 * The value of an environment variable. Mirrors cdk8s-plus `EnvValue`.
 *
 * Secrets reach workloads as mounted files (`secrets` of the workload, `SecretMount`), never as literals in the
 * manifest. `fromSecretKey` reads a Secret into a variable only with a justification: environment variables leak into
 * child processes, crash dumps and debug endpoints. A literal `fromValue` for a variable named like a credential
 * (`DB_PASSWORD`, `API_KEY` …) is refused where the container is built.
 */
export class EnvValue {
  /** A literal value; it is written into the manifest as is. */
  public static fromValue(value: string): EnvValue {
    return new EnvValue({ value });
  }

  /** The value of one key of a ConfigMap. */
  public static fromConfigMapKey(configMapName: string, key: string, options: ConfigMapKeyOptions = {}): EnvValue {
    return new EnvValue({ valueFrom: { configMapKeyRef: { name: configMapName, key, ...(options.optional ? { optional: true } : {}) } } });
  }

  /** A field of the pod, e.g. `metadata.name`, `metadata.namespace`, `status.podIP` or `spec.nodeName`. */
  public static fromFieldPath(fieldPath: string): EnvValue {
    return new EnvValue({ valueFrom: { fieldRef: { fieldPath } } });
  }

  /** A resource of the container itself, e.g. `limits.memory` or `requests.cpu`. */
  public static fromResource(resource: string): EnvValue {
    return new EnvValue({ valueFrom: { resourceFieldRef: { resource } } });
  }

  /**
   * One key of a Secret (written by an ExternalSecret or SealedSecret, or `SecretReference.fromName`), injected as a
   * variable. Mount it as a file instead where the application can read one (e.g. through a `*_FILE` variable);
   * the justification is recorded on the workload as `waiver.cdk8s-hardening.dev/secret-env`.
   *
   * @param justification why the application cannot read the value from a file; at least 10 characters
   */
  public static fromSecretKey(secret: ISecretSource, key: string, justification: string): EnvValue {
    const why = requireJustification(`EnvValue.fromSecretKey(…, "${key}", …)`, 'justification', justification,
      'a secret in an environment variable leaks into child processes, crash dumps and logs: mount the Secret with SecretMount.fromSecret, or say why the application cannot read a file');
    return new EnvValue({ valueFrom: { secretKeyRef: { key, name: secret.secretName } } }, { secret, key, justification: why });
  }

  private constructor(
    private readonly source: Record<string, unknown>,
    private readonly secretRef?: { readonly secret: ISecretSource; readonly key: string; readonly justification: string },
  ) {}

  /**
   * The literal value, if this is one.
   * @internal
   */
  public get _literal(): string | undefined {
    return typeof this.source.value === 'string' ? this.source.value : undefined;
  }

  /**
   * The Secret read, if this is a secret reference.
   * @internal
   */
  public get _secretSource(): ISecretSource | undefined {
    return this.secretRef?.secret;
  }

  /**
   * The key and justification of a secret reference.
   * @internal
   */
  public get _secretKey(): { readonly key: string; readonly justification: string } | undefined {
    return this.secretRef;
  }

  /**
   * The Kubernetes `EnvVar` for `name`.
   * @internal
   */
  public _toKube(name: string): Record<string, unknown> {
    return { name, ...this.source };
  }
}
