import { objectRule } from '../define';
import { Severity } from '../rule';
import { isHighEntropyToken, isSecretLikeName, secretValueKind } from './sensitive-data';

/** A ConfigMap holds no credentials: no keys named like them, no values shaped like them. */
export const configmapSecretContent = objectRule({
  id: 'configmap-secret-content',
  title: 'ConfigMap holds what looks like a credential',
  severity: Severity.HIGH,
  rationale: 'ConfigMaps are meant to be readable: they are not encrypted at rest, RBAC grants read access to them broadly, and they are '
    + 'printed by kubectl describe and in logs. A credential in one is exposed to everyone who can read configuration.',
  fix: 'Move the value into a Secret (ideally synced from an external secret store) and mount it as a file.',
  kinds: ['ConfigMap'],
  references: {
    polaris: ['sensitiveConfigmapContent'],
    nsa: ['C-0012'],
    kubescape: ['C-0012'],
    trivy: ['KSV-0109', 'KSV-01010'],
  },
  check(object) {
    return Object.entries((object.data ?? {}) as Record<string, unknown>).flatMap(([key, value]) => {
      if (typeof value !== 'string' || value.trim() === '') return [];
      const kind = secretValueKind(value) ?? (isHighEntropyToken(value) ? 'a random token' : undefined);
      if (!kind && !isSecretLikeName(key)) return [];
      const why = kind ? `holds what looks like ${kind}` : 'is named like a credential';
      return [{ message: `key "${key}" ${why}`, path: `data[${JSON.stringify(key)}]` }];
    });
  },
});
