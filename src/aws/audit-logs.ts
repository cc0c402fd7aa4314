import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { customerManagedKey, KEY_USE_ACTIONS } from './key-policy';
import { propError } from '../core/errors';

/** The retention periods CloudWatch Logs accepts, in days (`RetentionDays` without `INFINITE`). */
const RETENTION_DAYS = Object.values(logs.RetentionDays)
  .filter((d): d is number => typeof d === 'number' && d !== logs.RetentionDays.INFINITE);

/** Refuses a retention CloudWatch Logs would reject, naming the nearest accepted values. */
export function checkRetentionDays(scope: IConstruct, prop: string, days: number): void {
  if (RETENTION_DAYS.includes(days)) return;
  const below = RETENTION_DAYS.filter(d => d < days).pop();
  const above = RETENTION_DAYS.find(d => d > days);
  const nearest = [below, above].filter(d => d !== undefined).join(' or ');
  throw propError(scope, prop, `${days} days is not a retention CloudWatch Logs accepts (${RETENTION_DAYS.join(', ')})`,
    `use ${nearest}`);
}

/** Props of AuditLogs. */
export interface AuditLogsProps {
  /** Name of the EKS cluster, which fixes the name of its control-plane log group. */
  readonly clusterName: string;
  /** How long the logs are kept, in days; one of the values CloudWatch Logs accepts. */
  readonly retentionDays: number;
  /**
   * What happens to the log groups and their key when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The log groups of a cluster, KMS-encrypted and with a retention: the control plane's
 * (`/aws/eks/<cluster>/cluster`, which EKS writes to) and the VPC flow logs'.
 *
 * Both are named up front: EKS only writes to that exact name, and the key policy restricts CloudWatch Logs to
 * these two groups through the encryption context, which must not refer to the groups themselves (a cycle).
 */
export class AuditLogs extends Construct {
  /** The key encrypting both log groups. */
  public readonly key: kms.Key;
  /** The control-plane log group. */
  public readonly controlPlane: logs.LogGroup;
  /** The VPC flow-log group. */
  public readonly flowLogs: logs.LogGroup;

  public constructor(scope: Construct, id: string, props: AuditLogsProps) {
    super(scope, id);
    checkRetentionDays(this, 'logRetentionDays', props.retentionDays);
    const stack = Stack.of(this);
    const names = [`/aws/eks/${props.clusterName}/cluster`, `/aws/vpc/${props.clusterName}/flow-logs`];
    const logsService = new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`);
    this.key = customerManagedKey(this, 'Key', `CloudWatch Logs of EKS cluster ${props.clusterName}`, [
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsForTheseGroups',
        principals: [logsService],
        actions: KEY_USE_ACTIONS,
        resources: ['*'],
        conditions: {
          ArnEquals: {
            'kms:EncryptionContext:aws:logs:arn': names.map(resourceName =>
              stack.formatArn({ service: 'logs', resource: 'log-group', resourceName, arnFormat: ArnFormat.COLON_RESOURCE_NAME })),
          },
        },
      }),
    ], props.removalPolicy);
    const group = (groupId: string, logGroupName: string) => new logs.LogGroup(this, groupId, {
      logGroupName,
      encryptionKey: this.key,
      retention: props.retentionDays as logs.RetentionDays,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.controlPlane = group('ControlPlane', names[0]);
    this.flowLogs = group('FlowLogs', names[1]);
  }
}
