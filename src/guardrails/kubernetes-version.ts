import { IConstruct } from 'constructs';
import { propError } from '../core/errors';

/** Oldest Kubernetes minor (1.x) with ValidatingAdmissionPolicy variables, matchConditions and validationActions (v1beta1). */
export const MIN_ADMISSION_MINOR = 28;
/** First Kubernetes minor (1.x) that serves ValidatingAdmissionPolicy as `admissionregistration.k8s.io/v1`. */
export const ADMISSION_V1_MINOR = 30;

/**
 * The minor version of a Kubernetes 1.x release given as `1.30`, `v1.30` or `1.30.2`; refuses anything older than the
 * guardrails support, since the policies would be rejected (or silently not enforced) by the API server.
 */
export function parseKubernetesMinor(scope: IConstruct, prop: string, version: string): number {
  const m = /^v?1\.(\d{1,3})(?:\.\d+)?$/.exec(version.trim());
  if (!m) {
    throw propError(scope, prop, `"${version}" is not a Kubernetes version`, 'give the target cluster\'s version as "1.<minor>", e.g. "1.30"');
  }
  const minor = Number(m[1]);
  if (minor < MIN_ADMISSION_MINOR) {
    throw propError(scope, prop, `Kubernetes 1.${minor} has no ValidatingAdmissionPolicy with variables, matchConditions and validationActions (they arrive in 1.${MIN_ADMISSION_MINOR} as v1beta1)`,
      `upgrade the cluster to 1.${MIN_ADMISSION_MINOR} or later, or enforce Pod Security Admission labels (IsolatedNamespace) instead`);
  }
  return minor;
}

/** The admissionregistration apiVersion a cluster of this minor serves ValidatingAdmissionPolicy under. */
export function admissionApiVersion(minor: number): string {
  return minor >= ADMISSION_V1_MINOR ? 'admissionregistration.k8s.io/v1' : 'admissionregistration.k8s.io/v1beta1';
}
