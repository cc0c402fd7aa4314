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
 * Secret values have no factory here on purpose: secrets reach workloads as mounted files
 * through secret references, never as literals in the manifest.
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

  private constructor(private readonly source: Record<string, unknown>) {}

  /**
   * The Kubernetes `EnvVar` for `name`.
   * @internal
   */
  public _toKube(name: string): Record<string, unknown> {
    return { name, ...this.source };
  }
}
