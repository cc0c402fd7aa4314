/** Rules on credentials stored in configuration objects. */
import { Rule } from '../rule';
import { configmapSecretContent } from './configmap-secret-content';
import { containerArgsSecretLiteral } from './container-args-secret-literal';
import { objectAnnotationSecretLiteral } from './object-annotation-secret-literal';
import { secretPlaintext } from './secret-plaintext';

/** Every secrets rule (credentials in container environments are judged by the workload rule container-env-secret-literal). */
export const SECRETS_RULES: readonly Rule[] = [
  configmapSecretContent,
  containerArgsSecretLiteral,
  objectAnnotationSecretLiteral,
  secretPlaintext,
];
