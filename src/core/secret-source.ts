/**
 * What a Secret source gives the pod-hardening core: a name to read keys from, and what is known of its namespace and
 * keys. The secrets layer implements it (ExternalSecret, SealedSecret, SecretReference); the core only consumes it.
 */
import { IConstruct } from 'constructs';
import { propError } from './errors';
import { checkDnsSubdomain, checkSecretKey } from './validation';

/**
 * A Kubernetes Secret a workload can consume without its value ever being in the manifest: one that an operator
 * writes in the cluster (ExternalSecret, SealedSecret) or that exists already (`SecretReference.fromName`).
 */
export interface ISecretSource {
  /** Name of the Secret in the cluster. */
  readonly secretName: string;
  /**
   * Namespace of the Secret, when known; pods can only consume Secrets of their own namespace.
   *
   * @default - unknown: not checked
   */
  readonly secretNamespace?: string;
  /**
   * The keys the Secret will hold, when known, so mounting or injecting an unknown key is refused at synth.
   *
   * @default - unknown (e.g. keys extracted from the store at run time): not checked
   */
  readonly secretKeys?: string[];
}

/** Refuses a key the Secret is known not to have. */
export function checkKnownSecretKey(scope: IConstruct, prop: string, source: ISecretSource, key: string): void {
  if (source.secretKeys && !source.secretKeys.includes(key)) {
    throw propError(scope, prop, `Secret "${source.secretName}" has no key "${key}" (it has ${source.secretKeys.map(k => `"${k}"`).join(', ')})`, 'use one of its keys');
  }
}

/** The key a secret env var reads, checked against its Secret. */
export function checkSecretEnvKey(scope: IConstruct, prop: string, source: ISecretSource, key: string): void {
  checkDnsSubdomain(scope, `${prop}.secretName`, source.secretName);
  checkSecretKey(scope, `${prop}.key`, key);
  checkKnownSecretKey(scope, `${prop}.key`, source, key);
}
