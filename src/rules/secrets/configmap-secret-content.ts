import { describeCredential, findCredential, findCredentialInBinary } from '../../detectors/credentials';
import { objectRule } from '../define';
import { Severity } from '../rule';

/**
 * A ConfigMap holds no credentials: no keys named like them with a literal value, no values shaped like them, and no file
 * (a properties, ini, YAML, JSON or .env body, in `data` or base64 in `binaryData`) that assigns one.
 */
export const configmapSecretContent = objectRule({
  id: 'configmap-secret-content',
  title: 'ConfigMap holds what looks like a credential',
  severity: Severity.HIGH,
  rationale: 'ConfigMaps are meant to be readable: they are not encrypted at rest, RBAC grants read access to them broadly, and they are '
    + 'printed by kubectl describe and in logs. A credential in one is exposed to everyone who can read configuration.',
  fix: 'Move the value into a Secret (ideally synced from an external secret store) and mount it as a file; in configuration files, '
    + 'point at the mounted file (`password_file = /run/secrets/db/password`) or use a placeholder the application fills from it.',
  kinds: ['ConfigMap'],
  references: {
    polaris: ['sensitiveConfigmapContent'],
    nsa: ['C-0012'],
    kubescape: ['C-0012'],
    trivy: ['KSV-0109', 'KSV-01010'],
  },
  check(object) {
    const entries = (field: 'data' | 'binaryData') => {
      const map = object[field];
      return map !== null && typeof map === 'object' && !Array.isArray(map) ? Object.entries(map as Record<string, unknown>) : [];
    };
    return [
      ...entries('data').flatMap(([key, value]) => {
        const match = typeof value === 'string' ? findCredential(value, key) : undefined;
        return match ? [{ message: `key "${key}" ${describeCredential(match)}`, path: `data[${JSON.stringify(key)}]` }] : [];
      }),
      ...entries('binaryData').flatMap(([key, value]) => {
        const match = typeof value === 'string' ? findCredentialInBinary(value, key) : undefined;
        // binaryData is base64 by definition: saying so again adds nothing.
        return match ? [{ message: `binaryData key "${key}" ${describeCredential({ ...match, base64: false })}`, path: `binaryData[${JSON.stringify(key)}]` }] : [];
      }),
    ];
  },
});
