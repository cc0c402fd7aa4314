import { RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * What the account may do to a key: manage it, never use it. Listed one by one because `kms:*` (or `kms:Create*`,
 * which includes `kms:CreateGrant`) to the account root would let any IAM policy in the account decrypt with it.
 */
export const KEY_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:CreateAlias',
  'kms:DeleteAlias',
  'kms:DescribeKey',
  'kms:DisableKey',
  'kms:DisableKeyRotation',
  'kms:EnableKey',
  'kms:EnableKeyRotation',
  'kms:GetKeyPolicy',
  'kms:GetKeyRotationStatus',
  'kms:ListGrants',
  'kms:ListKeyPolicies',
  'kms:ListKeyRotations',
  'kms:ListResourceTags',
  'kms:PutKeyPolicy',
  'kms:RevokeGrant',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:UpdateAlias',
  'kms:UpdateKeyDescription',
];

/** What a principal that encrypts and decrypts with a key needs. */
export const KEY_USE_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'];

/**
 * Key use for `principal`, plus the grants AWS services create on its behalf (and only those).
 *
 * @param sid prefix of the statement ids, unique within the key policy
 */
export function keyUseStatements(sid: string, principal: iam.IPrincipal): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({ sid: `${sid}Use`, principals: [principal], actions: KEY_USE_ACTIONS, resources: ['*'] }),
    new iam.PolicyStatement({
      sid: `${sid}GrantsForAwsResources`,
      principals: [principal],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    }),
  ];
}

/**
 * A customer-managed symmetric key with yearly rotation whose policy gives the account administration only, and
 * use to the statements given. Kept on removal by default: deleting a key makes whatever it encrypted unreadable.
 */
export function customerManagedKey(
  scope: Construct, id: string, description: string, use: iam.PolicyStatement[], removalPolicy?: RemovalPolicy,
): kms.Key {
  const administration = new iam.PolicyStatement({
    sid: 'Administration',
    principals: [new iam.AccountRootPrincipal()],
    actions: KEY_ADMIN_ACTIONS,
    resources: ['*'],
  });
  return new kms.Key(scope, id, {
    description,
    enableKeyRotation: true,
    policy: new iam.PolicyDocument({ statements: [administration, ...use] }),
    removalPolicy: removalPolicy ?? RemovalPolicy.RETAIN,
  });
}
