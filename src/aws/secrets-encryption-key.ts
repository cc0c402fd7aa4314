import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { customerManagedKey, keyUseStatements } from './key-policy';

/** Props of a SecretsEncryptionKey. */
export interface SecretsEncryptionKeyProps {
  /** The EKS cluster's IAM role: the only principal that may encrypt and decrypt with the key. */
  readonly clusterRole: iam.IRole;
  /**
   * What happens to the key when it leaves the stack.
   *
   * @default RemovalPolicy.RETAIN - a deleted key makes the etcd backups it encrypted unreadable
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The customer-managed KMS key that envelope-encrypts a cluster's Kubernetes Secrets in etcd, rotated yearly.
 *
 * Its key policy is least privilege:
 * - the account administers the key (listed admin actions; no `kms:*`, no use), so IAM policies cannot hand out decryption;
 * - the cluster role uses it (`Encrypt`, `Decrypt`, `ReEncrypt*`, `GenerateDataKey*`, `DescribeKey`, and
 *   `CreateGrant` for AWS resources only);
 * - whoever creates the cluster may create the grant EKS needs, through EKS only (`kms:ViaService`).
 */
export class SecretsEncryptionKey extends Construct {
  /** The key. */
  public readonly key: kms.Key;

  public constructor(scope: Construct, id: string, props: SecretsEncryptionKeyProps) {
    super(scope, id);
    // CreateCluster makes EKS create a grant with the caller's (CloudFormation's) credentials.
    const clusterCreation = new iam.PolicyStatement({
      sid: 'ClusterCreationThroughEks',
      principals: [new iam.AccountRootPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'kms:ViaService': `eks.${Stack.of(this).region}.amazonaws.com` },
        Bool: { 'kms:GrantIsForAWSResource': 'true' },
      },
    });
    this.key = customerManagedKey(this, 'Key', 'Envelope encryption of Kubernetes Secrets (EKS)',
      [...keyUseStatements('ClusterRole', props.clusterRole), clusterCreation], props.removalPolicy);
  }
}
