import { RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledge, managedPolicyFinding } from './accepted-findings';
import { privateSubnets } from './hardened-vpc';
import { customerManagedKey, keyUseStatements } from './key-policy';
import { propError } from '../core/errors';
import { checkPositiveInteger } from '../core/validation';

/** Root device of the Amazon Linux 2023 EKS AMIs: the volume the launch template encrypts. */
const ROOT_DEVICE = '/dev/xvda';

/** Options of a node group. */
export interface HardenedNodeGroupOptions {
  /**
   * EC2 instance types of the nodes.
   *
   * @default - m6i.large
   */
  readonly instanceTypes?: ec2.InstanceType[];
  /**
   * Fewest nodes.
   *
   * @default 2
   */
  readonly minSize?: number;
  /**
   * Most nodes.
   *
   * @default - the larger of 4 and `minSize`
   */
  readonly maxSize?: number;
  /**
   * Nodes at creation.
   *
   * @default - `minSize`
   */
  readonly desiredSize?: number;
  /**
   * Size of each node's encrypted root volume.
   *
   * @default - 50 GiB
   */
  readonly diskSize?: Size;
  /**
   * The AMI type: an Amazon Linux 2023 one, whose root device (`/dev/xvda`) holds the container images and
   * ephemeral storage the launch template encrypts.
   *
   * @default NodegroupAmiType.AL2023_X86_64_STANDARD
   */
  readonly amiType?: eks.NodegroupAmiType;
  /**
   * Where the nodes run: private subnets only.
   *
   * @default - the VPC's private subnets with egress
   */
  readonly subnets?: ec2.SubnetSelection;
  /**
   * Kubernetes labels of the nodes.
   *
   * @default - none
   */
  readonly labels?: { [key: string]: string };
  /**
   * Kubernetes taints of the nodes.
   *
   * @default - none
   */
  readonly taints?: eks.TaintSpec[];
}

/** Props of a HardenedNodeGroup. */
export interface HardenedNodeGroupProps extends HardenedNodeGroupOptions {
  /** The cluster the nodes join. */
  readonly cluster: eks.Cluster;
  /** The key encrypting the nodes' volumes; its policy must let the Auto Scaling service-linked role use it (see `nodeVolumeKey`). */
  readonly volumeKey: kms.IKey;
}

/**
 * An EKS managed node group launched from a hardened launch template:
 * - IMDSv2 only (`HttpTokens: required`) with a hop limit of 1, so pods (one hop further, in their own network
 *   namespace) cannot take the node role's credentials from the instance metadata service;
 * - the root volume encrypted with a customer-managed key;
 * - nodes in private subnets (refused otherwise), which assign no public IP, and without SSH access.
 */
export class HardenedNodeGroup extends Construct {
  /** The managed node group. */
  public readonly nodegroup: eks.Nodegroup;
  /** The launch template of its instances. */
  public readonly launchTemplate: ec2.LaunchTemplate;

  public constructor(scope: Construct, id: string, props: HardenedNodeGroupProps) {
    super(scope, id);
    const amiType = props.amiType ?? eks.NodegroupAmiType.AL2023_X86_64_STANDARD;
    if (!amiType.startsWith('AL2023_')) {
      throw propError(this, 'amiType', `${amiType} does not keep its data on ${ROOT_DEVICE}, the volume the launch template encrypts with the customer-managed key`,
        'use an Amazon Linux 2023 AMI type, e.g. NodegroupAmiType.AL2023_X86_64_STANDARD or AL2023_ARM_64_STANDARD');
    }
    const minSize = props.minSize ?? 2;
    const maxSize = props.maxSize ?? Math.max(4, minSize);
    const desiredSize = props.desiredSize ?? minSize;
    checkPositiveInteger(this, 'minSize', minSize, 0);
    checkPositiveInteger(this, 'maxSize', maxSize, 1);
    if (minSize > maxSize || desiredSize < minSize || desiredSize > maxSize) {
      throw propError(this, 'desiredSize', `sizes must satisfy minSize <= desiredSize <= maxSize (got ${minSize} <= ${desiredSize} <= ${maxSize})`,
        'adjust minSize, desiredSize or maxSize');
    }
    const subnets = privateSubnets(this, 'subnets', props.cluster.vpc, props.subnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS });

    this.launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      requireImdsv2: true,
      httpTokens: ec2.LaunchTemplateHttpTokens.REQUIRED,
      httpPutResponseHopLimit: 1,
      httpEndpoint: true,
      blockDevices: [{
        deviceName: ROOT_DEVICE,
        volume: ec2.BlockDeviceVolume.ebs((props.diskSize ?? Size.gibibytes(50)).toGibibytes(), {
          encrypted: true,
          kmsKey: props.volumeKey,
          volumeType: ec2.EbsDeviceVolumeType.GP3,
          deleteOnTermination: true,
        }),
      }],
    });
    this.nodegroup = new eks.Nodegroup(this, 'Resource', {
      cluster: props.cluster,
      launchTemplateSpec: { id: this.launchTemplate.launchTemplateId!, version: this.launchTemplate.latestVersionNumber },
      amiType,
      instanceTypes: props.instanceTypes ?? [ec2.InstanceType.of(ec2.InstanceClass.M6I, ec2.InstanceSize.LARGE)],
      subnets: { subnets },
      minSize,
      maxSize,
      desiredSize,
      labels: props.labels,
      taints: props.taints,
    });
    acknowledge(this.nodegroup.role, 'The AWS managed policies EKS documents for managed nodes: joining the cluster, running the VPC CNI and '
      + 'pulling images. Pods cannot reach these credentials: the instance metadata hop limit is 1',
    ...['AmazonEKSWorkerNodePolicy', 'AmazonEKS_CNI_Policy', 'AmazonEC2ContainerRegistryReadOnly'].map(managedPolicyFinding));
  }
}

/**
 * The customer-managed key for node volumes. Managed node groups launch instances through Auto Scaling, so its
 * service-linked role (`AWSServiceRoleForAutoScaling`, which must exist in the account) is the key's only user.
 */
export function nodeVolumeKey(scope: Construct, id: string, removalPolicy?: RemovalPolicy): kms.Key {
  const stack = Stack.of(scope);
  const autoScaling = new iam.ArnPrincipal(stack.formatArn({
    service: 'iam', region: '', resource: 'role', resourceName: 'aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling',
  }));
  return customerManagedKey(scope, id, 'EBS volumes of EKS nodes', keyUseStatements('AutoScaling', autoScaling), removalPolicy);
}
