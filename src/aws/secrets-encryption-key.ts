import { RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { customerManagedKey, keyUseStatements } from './key-policy';
import { describeResolution, judgeAtSynth } from './resolution';
import { propError } from '../core/errors';

/** The ARN of one IAM role: no `*`, not an account root (which would hand the key to every IAM policy of the account). */
const ROLE_ARN = /^arn:aws(-cn|-us-gov|-iso|-iso-[a-z])?:iam::\d{12}:role\/[A-Za-z0-9+=,.@_/-]+$/;

/** Props of a SecretsEncryptionKey. */
export interface SecretsEncryptionKeyProps {
  /**
   * The EKS cluster's IAM role: the only principal that may encrypt and decrypt with the key. Its ARN must name one
   * role; an imported ARN that only deployment decides (a `CfnParameter`) is refused, since it could be `*`.
   */
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
    this.checkClusterRole(props.clusterRole.roleArn);
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

  /** The key policy names the role as the key's user, so a wildcard or an account root there would open the key. */
  private checkClusterRole(arn: string): void {
    const fix = 'pass the cluster\'s own role: an iam.Role of the app, or iam.Role.fromRoleArn with the ARN of that one role';
    if (Token.isUnresolved(arn)) {
      judgeAtSynth(this, 'clusterRole', arn, r => (r.kind === 'literal' ? ROLE_ARN.test(r.value) : r.kind === 'resource' && r.type === 'AWS::IAM::Role')
        ? undefined : `${describeResolution(r)} is not the ARN of one IAM role`, fix);
    } else if (!ROLE_ARN.test(arn)) {
      throw propError(this, 'clusterRole', `"${arn}" is not the ARN of one IAM role, and the key policy would let it decrypt every Secret of the cluster`, fix);
    }
  }
}
