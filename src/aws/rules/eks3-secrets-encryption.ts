import { eksClusterRule } from './eks-cluster-rule';
import { Severity } from '../../rules/rule';

/** Kubernetes Secrets are envelope-encrypted with a customer-managed KMS key. */
export const eks3SecretsEncryption = eksClusterRule({
  id: 'Cdk8sHardening-EKS3',
  title: 'Kubernetes Secrets are not envelope-encrypted with a customer-managed KMS key.',
  severity: Severity.HIGH,
  rationale: 'Without envelope encryption a copy of etcd or its backups holds every Secret readable; a customer-managed key '
    + 'makes reading them a KMS call that policy can refuse and CloudTrail records.',
  fix: 'Add an EncryptionConfig entry with Resources: ["secrets"] and Provider.KeyArn naming a customer-managed key.',
  references: { cis: ['5.3.1'], checkov: ['CKV_AWS_58'] },
  location: 'Properties.EncryptionConfig',
  findings(properties) {
    const configs: unknown = properties.EncryptionConfig ?? [];
    const encrypted = Array.isArray(configs)
      && configs.some(c => Array.isArray(c?.Resources) && c.Resources.includes('secrets') && c.Provider?.KeyArn !== undefined);
    return encrypted ? [] : ['Secrets::unencrypted'];
  },
});
