import { ISecretSource } from '../core/secret-source';

/** Options of a reference to an existing Secret. */
export interface SecretReferenceOptions {
  /**
   * Namespace of the Secret.
   *
   * @default - unknown: the workload's namespace is assumed
   */
  readonly namespace?: string;
  /**
   * The keys the Secret holds.
   *
   * @default - unknown: keys are not checked
   */
  readonly keys?: string[];
}

/**
 * A Secret created outside this app, e.g. by cert-manager, referenced by name so workloads can mount it.
 * The name and keys are checked where it is consumed, against the consuming construct.
 */
export class SecretReference implements ISecretSource {
  /** The Secret named `secretName`. */
  public static fromName(secretName: string, options: SecretReferenceOptions = {}): SecretReference {
    return new SecretReference(secretName, options);
  }

  /** Name of the Secret. */
  public readonly secretName: string;
  /** Namespace of the Secret, if given. */
  public readonly secretNamespace?: string;
  /** Keys of the Secret, if given. */
  public readonly secretKeys?: string[];

  private constructor(secretName: string, options: SecretReferenceOptions) {
    this.secretName = secretName;
    this.secretNamespace = options.namespace;
    this.secretKeys = options.keys ? [...options.keys] : undefined;
  }
}
