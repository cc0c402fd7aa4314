import { Stack, Token } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { describeResolution, judgeAtSynth } from './resolution';
import { propError } from '../core/errors';
import { checkDnsLabel, checkDnsSubdomain } from '../core/validation';
import { IServiceAccount } from '../rbac/service-account';
import { WorkloadIdentity, WorkloadIdentityProvider } from '../rbac/workload-identity';

/**
 * A Secrets Manager secret ARN naming one secret: the full ARN (with its 6-character random suffix), or the ARN of
 * the name followed by `-??????`, which matches that suffix and nothing else. No `*`.
 */
const SECRET_ARN = /^arn:aws(-cn|-us-gov|-iso|-iso-[a-z])?:secretsmanager:[a-z]{2}(-[a-z]+)+-\d:\d{12}:secret:[A-Za-z0-9/_+=.@-]+(-\?{6})?$/;
/** The ARN of one KMS key (not an alias, no `*`): what `kms:Decrypt` may be granted on. */
const KEY_ARN = /^arn:aws(-cn|-us-gov|-iso|-iso-[a-z])?:kms:[a-z]{2}(-[a-z]+)+-\d:\d{12}:key\/[A-Za-z0-9-]+$/;

/** Props of a WorkloadIdentityRole. */
export interface WorkloadIdentityRoleProps {
  /** The cluster the ServiceAccount lives in. */
  readonly cluster: eks.Cluster;
  /**
   * The ServiceAccount whose pods get the role, e.g. a `LeastPrivilegeServiceAccount` declared with
   * `workloadIdentity: WorkloadIdentity.awsPodIdentity()`, or `{ name: 'external-secrets', namespace: 'external-secrets' }`
   * for one installed by a Helm chart. Its namespace must be known.
   */
  readonly serviceAccount: IServiceAccount;
}

/** Options of `grantSecretsRead`. */
export interface SecretsReadOptions {
  /**
   * The customer-managed key the secrets are encrypted with; `kms:Decrypt` is granted on it, through Secrets Manager only.
   *
   * @default - the secrets use the AWS managed key `aws/secretsmanager`, which needs no grant
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * An IAM role for the pods of one ServiceAccount, through EKS Pod Identity: the role, its association with the
 * ServiceAccount (`AWS::EKS::PodIdentityAssociation`) and the cluster's Pod Identity Agent add-on.
 *
 * The role trusts `pods.eks.amazonaws.com` only for this cluster, namespace and ServiceAccount (the session tags
 * Pod Identity sets), so a stray association elsewhere cannot use it. It starts with no permissions: grant them
 * with `grantSecretsRead` or any `grant*` method of another construct (`bucket.grantRead(identity)`).
 * Pod Identity writes nothing on the ServiceAccount, and pods must not use the node's instance profile: the
 * node group's IMDS hop limit of 1 keeps them from it.
 */
export class WorkloadIdentityRole extends Construct implements iam.IGrantable {
  /** The role the pods assume. */
  public readonly role: iam.Role;
  /** The association of the role with the ServiceAccount. */
  public readonly association: eks.CfnPodIdentityAssociation;
  /** The principal to grant permissions to. */
  public readonly grantPrincipal: iam.IPrincipal;

  private secretsPolicy?: iam.ManagedPolicy;

  public constructor(scope: Construct, id: string, props: WorkloadIdentityRoleProps) {
    super(scope, id);
    const { name, namespace } = props.serviceAccount;
    checkDnsSubdomain(this, 'serviceAccount.name', name);
    if (namespace === undefined) {
      throw propError(this, 'serviceAccount.namespace', `ServiceAccount "${name}" has no known namespace, and a Pod Identity association names one`,
        'give the ServiceAccount (or its chart) a namespace');
    }
    checkDnsLabel(this, 'serviceAccount.namespace', namespace);
    const declared = (props.serviceAccount as { workloadIdentity?: WorkloadIdentity }).workloadIdentity;
    if (declared && declared.provider !== WorkloadIdentityProvider.AWS_POD_IDENTITY) {
      throw propError(this, 'serviceAccount', `ServiceAccount "${namespace}/${name}" is declared with ${declared.provider} workload identity, not EKS Pod Identity; `
        + 'an IRSA role annotation would take precedence over Pod Identity credentials in the AWS SDKs', 'declare it with workloadIdentity: WorkloadIdentity.awsPodIdentity()');
    }

    const trust = {
      StringEquals: {
        'aws:RequestTag/eks-cluster-arn': props.cluster.clusterArn,
        'aws:RequestTag/kubernetes-namespace': namespace,
        'aws:RequestTag/kubernetes-service-account': name,
      },
    };
    this.role = new iam.Role(this, 'Role', {
      description: `EKS Pod Identity of ServiceAccount ${namespace}/${name}`,
      assumedBy: new iam.SessionTagsPrincipal(new iam.ServicePrincipal('pods.eks.amazonaws.com')).withConditions(trust),
    });
    this.grantPrincipal = this.role;
    // Reading the property adds the agent add-on once per cluster; pods get no credentials without it.
    const agent = props.cluster.eksPodIdentityAgent;
    this.association = new eks.CfnPodIdentityAssociation(this, 'Association', {
      clusterName: props.cluster.clusterName,
      namespace,
      serviceAccount: name,
      roleArn: this.role.roleArn,
    });
    if (agent) this.association.node.addDependency(agent);
  }

  /**
   * `secretsmanager:GetSecretValue` on the named secrets and nothing else, e.g. for the External Secrets Operator.
   * Each ARN names one secret (wildcards are refused); to name a secret without its random suffix, end the ARN
   * with `-??????`. ARNs from other constructs are checked at synth, where they resolve: a secret of the stack
   * (`secret.secretArn`) or an ARN joined from literals and pseudo parameters (`Secret.fromSecretNameV2`) is judged
   * like a literal; one only deployment decides (a `CfnParameter`, an import) is refused, since it could be `*`.
   */
  public grantSecretsRead(secretArns: string[], options: SecretsReadOptions = {}): void {
    if (secretArns.length === 0) {
      throw propError(this, 'secretArns', 'no secret given', 'name the secrets the pods read');
    }
    const fix = 'give it like "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf", or end it with "-??????" in place of the random suffix; wildcards (*) are not allowed';
    secretArns.forEach((arn, i) => {
      if (Token.isUnresolved(arn)) {
        judgeAtSynth(this, `secretArns[${i}]`, arn, r => (r.kind === 'literal' ? SECRET_ARN.test(r.value)
          : r.kind === 'resource' && r.type === 'AWS::SecretsManager::Secret' && r.attribute === 'Ref')
          ? undefined : `${describeResolution(r)} is not the ARN of one Secrets Manager secret`, fix);
      } else if (!SECRET_ARN.test(arn)) {
        throw propError(this, `secretArns[${i}]`, `"${arn}" is not the ARN of one Secrets Manager secret`, fix);
      }
    });
    const keyArn = options.encryptionKey?.keyArn;
    if (keyArn !== undefined) {
      const keyFix = 'pass the customer-managed key the secrets are encrypted with (a kms.Key of the app, or kms.Key.fromKeyArn with its key ARN)';
      if (Token.isUnresolved(keyArn)) {
        judgeAtSynth(this, 'options.encryptionKey', keyArn, r => (r.kind === 'literal' ? KEY_ARN.test(r.value) : r.kind === 'resource' && r.type === 'AWS::KMS::Key')
          ? undefined : `${describeResolution(r)} is not the ARN of one KMS key`, keyFix);
      } else if (!KEY_ARN.test(keyArn)) {
        throw propError(this, 'options.encryptionKey', `"${keyArn}" is not the ARN of one KMS key`, keyFix);
      }
    }
    // A customer-managed policy rather than the role's inline default policy (NIST 800-53 R5 IAMNoInlinePolicy).
    this.secretsPolicy ??= new iam.ManagedPolicy(this, 'SecretsRead', { roles: [this.role] });
    this.secretsPolicy.addStatements(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: secretArns }));
    if (options.encryptionKey) {
      this.secretsPolicy.addStatements(new iam.PolicyStatement({
        actions: ['kms:Decrypt'],
        resources: [options.encryptionKey.keyArn],
        conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
      }));
    }
  }
}
