import { Duration } from 'cdk8s';
import { IConstruct } from 'constructs';
import { propError } from './errors';

/** Where Kubernetes client libraries look for the in-cluster token, CA and namespace. */
export const SERVICE_ACCOUNT_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const VOLUME_NAME = 'kube-api-access';
const MIN_EXPIRATION = Duration.minutes(10);
const MAX_EXPIRATION = Duration.hours(1);

/**
 * The pod talks to the Kubernetes API. Instead of the legacy automounted token, the main container gets a
 * projected volume at `/var/run/secrets/kubernetes.io/serviceaccount` (read-only) holding a short-lived token
 * bound to the pod, `ca.crt` from the `kube-root-ca.crt` ConfigMap and `namespace` from the downward API:
 * the files in-cluster client configs read, so client libraries work unchanged.
 * The kubelet refreshes the token at 80% of its lifetime; clients must re-read the file (client-go and the
 * official clients do).
 */
export interface ApiAccess {
  /**
   * Audience the token is issued for.
   *
   * @default - the API server's own audience (the field is left out, so the token is accepted by the API server)
   */
  readonly audience?: string;
  /**
   * Lifetime of the token, from 10 minutes (the shortest the API server issues) to 1 hour.
   *
   * @default Duration.minutes(10)
   */
  readonly expiration?: Duration;
}

/** The projected volume and read-only mount of `access`. */
export function apiAccessVolume(scope: IConstruct, prop: string, access: ApiAccess) {
  const seconds = (access.expiration ?? MIN_EXPIRATION).toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < MIN_EXPIRATION.toSeconds() || seconds > MAX_EXPIRATION.toSeconds()) {
    throw propError(scope, `${prop}.expiration`, `${seconds}s is outside 10 minutes to 1 hour: the API server issues no token shorter than 10 minutes, and longer-lived tokens are worth more to a thief`,
      'use a whole number of seconds from Duration.minutes(10) to Duration.hours(1)');
  }
  if (access.audience !== undefined && (access.audience.trim() === '' || /\s/.test(access.audience))) {
    throw propError(scope, `${prop}.audience`, `"${access.audience}" is not a token audience`, 'leave it out for the API server\'s own audience, or give its identifier (e.g. "https://kubernetes.default.svc")');
  }
  return {
    volume: {
      name: VOLUME_NAME,
      projected: {
        // Readable whatever the container's UID (the kubelet narrows the token file to the pod's user and fsGroup itself); never writable.
        defaultMode: 0o444,
        sources: [
          { serviceAccountToken: { ...(access.audience ? { audience: access.audience } : {}), expirationSeconds: seconds, path: 'token' } },
          { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
          { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
        ],
      },
    },
    mount: { mountPath: SERVICE_ACCOUNT_MOUNT_PATH, name: VOLUME_NAME, readOnly: true },
  };
}
