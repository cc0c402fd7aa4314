/**
 * The plain object every layer above reads: a Kubernetes object as YAML or JSON gives it, before any construct.
 */

/** A plain Kubernetes object as it appears in YAML. */
export interface Manifest {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
    readonly [key: string]: unknown;
  };
  readonly [key: string]: any;
}
