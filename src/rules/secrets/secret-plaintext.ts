import { objectRule } from '../define';
import { Severity } from '../rule';

/** A Secret object carries no values in the manifest. */
export const secretPlaintext = objectRule({
  id: 'secret-plaintext',
  title: 'Secret value is written in the manifest',
  severity: Severity.HIGH,
  rationale: 'A Secret with data or stringData puts the credential itself in the manifest, and so in git, CI artifacts and every copy of the '
    + 'rendered YAML. base64 in data is an encoding, not encryption: anyone with the file has the secret.',
  fix: 'Keep the value out of the manifest: reference it from an external secret store (ExternalSecret with a SecretStore, or a '
    + 'SecretProviderClass for the Secrets Store CSI Driver) or commit ciphertext (SealedSecret), and mount it with SecretMount.fromSecret; '
    + 'if the value is truly not sensitive, the platform team can accept it in its exemptions file (an annotation cannot).',
  kinds: ['Secret'],
  // A credential in synthesized output is never acceptable by the author's say-so: only the platform team's file can accept it.
  inlineExemptions: false,
  references: {
    cis: ['5.4.2'],
    kubescape: ['C-0208'],
  },
  check(object) {
    return (['data', 'stringData'] as const).flatMap(field => {
      const keys = Object.keys(object[field] ?? {});
      if (keys.length === 0) return [];
      const encoding = field === 'data' ? ' (base64, not encrypted)' : ' (plain text)';
      return [{ message: `Secret carries ${keys.length} value${keys.length === 1 ? '' : 's'} in ${field}${encoding}: ${keys.map(k => `"${k}"`).join(', ')}`, path: field }];
    });
  },
});
