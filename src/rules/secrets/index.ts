/** Rules on credentials stored in configuration objects. */
import { Rule } from '../rule';
import { configmapSecretContent } from './configmap-secret-content';
import { secretPlaintext } from './secret-plaintext';

/** Every secrets rule (credentials in container environments are judged by the workload rules). */
export const SECRETS_RULES: readonly Rule[] = [
  configmapSecretContent,
  secretPlaintext,
];
