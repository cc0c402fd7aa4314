import { Names, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeKubectlProvider, managedPolicyFinding } from './accepted-findings';
import { AuditLogs } from './audit-logs';
import { hardenedVpc, privateSubnets } from './hardened-vpc';
import { HardenedNodeGroup, HardenedNodeGroupOptions, nodeVolumeKey } from './node-group';
import { allowListBreadth } from './public-access';
import { resolveAtSynth, validationMessage } from './resolution';
import { SecretsEncryptionKey } from './secrets-encryption-key';
import { WorkloadIdentityRole } from './workload-identity-role';
import { HardeningError, propError } from '../core/errors';
import { checkCidr, nonPublicIpv4 } from '../network/cidr';
import { IServiceAccount } from '../rbac/service-account';

const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
// Kubernetes' version skew policy: kubectl is supported within one minor version of the API server.
const KUBECTL_SKEW = 1;

/** Props of a HardenedEksCluster. */
export interface HardenedEksClusterProps {
  /** The Kubernetes version of the control plane. */
  readonly version: eks.KubernetesVersion;
  /**
   * A Lambda layer with `kubectl` and `helm`, e.g. `new KubectlV33Layer(this, 'kubectl')` from
   * `@aws-cdk/lambda-layer-kubectl-v33`, whose package pins the kubectl minor version: pick the one that matches
   * `version` (within one minor). Needed to deploy manifests (`addCdk8sChart`); this library does not depend on it.
   *
   * @default - no kubectl provider: manifests are deployed some other way (GitOps)
   */
  readonly kubectlLayer?: lambda.ILayerVersion;
  /**
   * Name of the cluster: letters, digits, `-` and `_`, at most 100 characters. It names the control-plane log group.
   *
   * @default - a unique name derived from the construct path
   */
  readonly clusterName?: string;
  /**
   * The VPC. It must have private subnets with egress, where the control plane's network interfaces and the nodes
   * go; its traffic is flow-logged to the cluster's encrypted log group. Its default security group is left as it is.
   *
   * @default - a new VPC with public subnets for NAT gateways and load balancers only (no public IPs on launch),
   * private subnets for everything else, and a default security group that allows nothing
   */
  readonly vpc?: ec2.IVpc;
  /**
   * Availability zones of the new VPC (ignored when `vpc` is given).
   *
   * @default 3
   */
  readonly maxAzs?: number;
  /**
   * IPv4 networks allowed to reach the API server from the internet, e.g. an office's or a CI runner's egress.
   * Giving them makes the endpoint public as well as private. The address space they cover together is judged,
   * not their spelling: a list covering a /8's worth of addresses or more (`0.0.0.0/0`, or `0.0.0.0/1` with
   * `128.0.0.0/1`) is refused, and so are private and other non-public blocks, which never reach a public endpoint.
   * A token (a `Lazy`, or a value joined from literals) is judged at synth, where it resolves; one that only
   * deployment decides (a `CfnParameter`, an import) is refused, since it could be `0.0.0.0/0`.
   *
   * @default - the endpoint is private: reachable from inside the VPC only
   */
  readonly publicAccessCidrs?: string[];
  /**
   * How long control-plane and flow logs are kept, in days: a value CloudWatch Logs accepts (1, 3, 5, 7, 14, 30,
   * 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653).
   *
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * IAM roles made cluster administrators through access entries (`AmazonEKSClusterAdminPolicy`). The identity
   * that deploys the stack is not made one.
   *
   * @default - none: only the kubectl provider's role, when there is one
   */
  readonly adminRoles?: iam.IRole[];
  /**
   * The first node group.
   *
   * @default - two to four m6i.large nodes on Amazon Linux 2023
   */
  readonly nodeGroup?: HardenedNodeGroupOptions;
  /**
   * What happens to the KMS keys and log groups when they leave the stack.
   *
   * @default RemovalPolicy.RETAIN - deleting a key makes what it encrypted unreadable, and audit logs outlive clusters
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * An EKS cluster (aws-eks-v2) ready for the manifests this library synthesizes:
 * - Kubernetes Secrets envelope-encrypted with a rotated customer-managed key only the cluster role may use;
 * - a private API endpoint, public only for an explicit CIDR allow-list;
 * - all five control-plane log types in a KMS-encrypted log group with a retention;
 * - no hidden cluster-admin for the identity that creates it: access entries only;
 * - managed nodes in private subnets, IMDSv2-only with a hop limit of 1 and CMK-encrypted volumes;
 * - VPC flow logs, and EKS Pod Identity for the library's ServiceAccounts (`addPodIdentity`).
 *
 * @example
 * const cluster = new HardenedEksCluster(stack, 'cluster', {
 *   version: eks.KubernetesVersion.V1_33,
 *   kubectlLayer: new KubectlV33Layer(stack, 'kubectl'),
 * });
 * cluster.addCdk8sChart('shop', chart);
 */
export class HardenedEksCluster extends Construct {
  /** The aws-eks-v2 cluster, for what this construct does not wrap. */
  public readonly cluster: eks.Cluster;
  /** Name of the cluster. */
  public readonly clusterName: string;
  /** The VPC. */
  public readonly vpc: ec2.IVpc;
  /** The key envelope-encrypting Kubernetes Secrets. */
  public readonly secretsKey: kms.IKey;
  /** The key encrypting the nodes' volumes. */
  public readonly nodeVolumeKey: kms.IKey;
  /** The control-plane and flow-log groups and their key. */
  public readonly auditLogs: AuditLogs;
  /** The first node group. */
  public readonly defaultNodeGroup: HardenedNodeGroup;

  private readonly hasKubectl: boolean;

  public constructor(scope: Construct, id: string, props: HardenedEksClusterProps) {
    super(scope, id);
    this.clusterName = props.clusterName ?? Names.uniqueResourceName(this, { maxLength: 100, separator: '-' });
    if (!Token.isUnresolved(this.clusterName) && !CLUSTER_NAME.test(this.clusterName)) {
      throw propError(this, 'clusterName', `"${this.clusterName}" is not a valid EKS cluster name`,
        'use at most 100 letters, digits, "-" and "_", starting with a letter or digit');
    }
    const endpointAccess = this.endpointAccess(props.publicAccessCidrs);
    if (props.kubectlLayer) this.checkKubectlSkew(props.kubectlLayer, props.version);
    this.hasKubectl = props.kubectlLayer !== undefined;

    this.auditLogs = new AuditLogs(this, 'Logs', {
      clusterName: this.clusterName,
      retentionDays: props.logRetentionDays ?? 365,
      removalPolicy: props.removalPolicy,
    });
    this.vpc = props.vpc ?? hardenedVpc(this, 'Vpc', props.maxAzs ?? 3);
    const flowLog = new ec2.FlowLog(this, 'FlowLog', {
      resourceType: ec2.FlowLogResourceType.fromVpc(this.vpc),
      destination: ec2.FlowLogDestination.toCloudWatchLogs(this.auditLogs.flowLogs),
      trafficType: ec2.FlowLogTrafficType.ALL,
    });
    acknowledge(flowLog, 'The inline policy aws-ec2 generates for the flow-log delivery role: writing to the one flow-log group, deleted with the role',
      'NIST.800.53.R5-IAMNoInlinePolicy');
    const subnets = privateSubnets(this, 'vpc', this.vpc, { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS });

    // Created here rather than by eks.Cluster, so the secrets key's policy can name it before the cluster exists.
    const clusterRole = new iam.Role(this, 'ClusterRole', {
      assumedBy: new iam.ServicePrincipal('eks.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonEKSClusterPolicy')],
    });
    acknowledge(clusterRole, 'EKS requires this AWS managed policy on the cluster role (the EC2 and load-balancer calls the control plane makes); '
      + 'AWS keeps it in step with EKS, and only eks.amazonaws.com can assume the role', managedPolicyFinding('AmazonEKSClusterPolicy'));
    this.secretsKey = new SecretsEncryptionKey(this, 'SecretsKey', { clusterRole, removalPolicy: props.removalPolicy }).key;
    this.nodeVolumeKey = nodeVolumeKey(this, 'NodeVolumeKey', props.removalPolicy);

    this.cluster = new eks.Cluster(this, 'Resource', {
      clusterName: this.clusterName,
      version: props.version,
      vpc: this.vpc,
      vpcSubnets: [{ subnets }],
      role: clusterRole,
      secretsEncryptionKey: this.secretsKey,
      endpointAccess,
      clusterLogging: [
        eks.ClusterLoggingTypes.API,
        eks.ClusterLoggingTypes.AUDIT,
        eks.ClusterLoggingTypes.AUTHENTICATOR,
        eks.ClusterLoggingTypes.CONTROLLER_MANAGER,
        eks.ClusterLoggingTypes.SCHEDULER,
      ],
      bootstrapClusterCreatorAdminPermissions: false,
      // Managed node groups below, not Auto Mode (which takes no launch template).
      defaultCapacityType: eks.DefaultCapacityType.NODEGROUP,
      defaultCapacity: 0,
      kubectlProviderOptions: props.kubectlLayer ? { kubectlLayer: props.kubectlLayer } : undefined,
    });
    const cfnCluster = this.cluster.node.defaultChild!;
    // EKS would create its log group unencrypted and kept forever if ours did not exist first.
    cfnCluster.node.addDependency(this.auditLogs.controlPlane);
    acknowledge(cfnCluster, 'EKS takes Resources: ["secrets"] to envelope-encrypt Secrets with the customer-managed key rather than its own; '
      + 'the schema calls the property deprecated since EKS encrypts all API data by default', 'CloudFormation-Validate::W9009');
    const kubectlProvider = this.cluster.node.tryFindChild('KubectlProvider');
    if (kubectlProvider) acknowledgeKubectlProvider(kubectlProvider);
    (props.adminRoles ?? []).forEach((role, i) => this.cluster.grantClusterAdmin(`Admin${i}`, role.roleArn));

    this.defaultNodeGroup = this.addNodeGroup('Nodes', props.nodeGroup);
  }

  /** Adds a managed node group in private subnets, from the hardened launch template. */
  public addNodeGroup(id: string, options: HardenedNodeGroupOptions = {}): HardenedNodeGroup {
    return new HardenedNodeGroup(this, id, { ...options, cluster: this.cluster, volumeKey: this.nodeVolumeKey });
  }

  /**
   * Deploys a cdk8s chart (e.g. one of this library's) to the cluster with kubectl, as one CloudFormation resource.
   * Needs `kubectlLayer`.
   */
  public addCdk8sChart(id: string, chart: Construct, options: eks.KubernetesManifestOptions = {}): eks.KubernetesManifest {
    if (!this.hasKubectl) {
      throw propError(this, 'kubectlLayer', `addCdk8sChart("${id}") applies manifests with kubectl, and the cluster has no kubectl layer`,
        'pass kubectlLayer, e.g. new KubectlV33Layer(this, "kubectl") from @aws-cdk/lambda-layer-kubectl-v33, matching the cluster version');
    }
    return this.cluster.addCdk8sChart(id, chart, options);
  }

  /**
   * Gives the pods of a ServiceAccount an IAM role through EKS Pod Identity, and returns it to grant permissions
   * on (`identity.grantSecretsRead([...])`, `bucket.grantRead(identity)`). Declare the ServiceAccount with
   * `workloadIdentity: WorkloadIdentity.awsPodIdentity()`.
   */
  public addPodIdentity(id: string, serviceAccount: IServiceAccount): WorkloadIdentityRole {
    return new WorkloadIdentityRole(this, id, { cluster: this.cluster, serviceAccount });
  }

  private endpointAccess(cidrs: string[] | undefined): eks.EndpointAccess {
    if (cidrs === undefined) return eks.EndpointAccess.PRIVATE;
    if (cidrs.length === 0) {
      throw propError(this, 'publicAccessCidrs', 'an empty allow-list would make the API server endpoint public to every address',
        'list the networks that administer the cluster, e.g. ["203.0.113.0/24"], or omit publicAccessCidrs for a private endpoint');
    }
    if (cidrs.some(c => Token.isUnresolved(c))) {
      // Judged where the tokens resolve, on the whole list, before anything is written.
      this.node.addValidation({
        validate: () => {
          try {
            this.checkPublicAccessCidrs(cidrs.map((cidr, i) => this.resolvedCidr(`publicAccessCidrs[${i}]`, cidr)));
            return [];
          } catch (e) {
            if (e instanceof HardeningError) return [validationMessage(e)];
            throw e;
          }
        },
      });
      this.checkPublicAccessCidrs(cidrs.filter(c => !Token.isUnresolved(c)), cidrs);
    } else {
      this.checkPublicAccessCidrs(cidrs);
    }
    return eks.EndpointAccess.PUBLIC_AND_PRIVATE.onlyFrom(...cidrs);
  }

  /**
   * Refuses malformed, IPv6 and non-public blocks, and a list that covers too much address space together.
   * `all` is the whole list, when `cidrs` are only its literal entries (their indexes are looked up in it).
   */
  private checkPublicAccessCidrs(cidrs: string[], all: string[] = cidrs): void {
    const fix = 'list the networks that administer the cluster (a few addresses each, e.g. "203.0.113.0/24"), or omit publicAccessCidrs for a private endpoint';
    cidrs.forEach(cidr => {
      const prop = `publicAccessCidrs[${all.indexOf(cidr)}]`;
      checkCidr(this, prop, cidr, []);
      if (cidr.includes(':')) {
        throw propError(this, prop, `"${cidr}" is an IPv6 block, and EKS allow-lists IPv4 only`, 'give the IPv4 networks');
      }
      if (cidr.endsWith('/0')) {
        throw propError(this, prop, `"${cidr}" is every IPv4 address, which makes the API server public to the internet`, fix);
      }
      const reserved = nonPublicIpv4(cidr);
      if (reserved) {
        throw propError(this, prop, `"${cidr}" is ${reserved} address space, which never reaches a public endpoint (inside the VPC, the private endpoint is used)`,
          'remove it: the private endpoint serves the VPC and networks peered with it; list the public egress addresses of the networks that administer the cluster');
      }
    });
    const breadth = allowListBreadth(cidrs);
    if (breadth) {
      throw propError(this, 'publicAccessCidrs', `the ${cidrs.length} blocks [${cidrs.join(', ')}] ${breadth}, which makes the API server public to the internet`, fix);
    }
  }

  /** A publicAccessCidrs entry as it resolves at synth; refuses one that only deployment decides. */
  private resolvedCidr(prop: string, cidr: string): string {
    const resolved = resolveAtSynth(this, cidr);
    if (resolved.kind === 'literal') return resolved.value;
    throw propError(this, prop, `the CIDR is ${resolved.kind === 'unknown' ? resolved.what : `an attribute of a ${resolved.type}`}, known only at deployment, so its address space cannot be checked (it could be 0.0.0.0/0)`,
      'give the CIDR as a string (from context or configuration read at synth), or omit publicAccessCidrs for a private endpoint');
  }

  /** Refuses a pinned kubectl layer (`KubectlV<minor>Layer`) more than one minor away from the control plane. */
  private checkKubectlSkew(layer: lambda.ILayerVersion, version: eks.KubernetesVersion): void {
    const layerMinor = /^KubectlV(\d+)Layer$/.exec(layer.constructor.name)?.[1];
    const clusterMinor = /^1\.(\d+)$/.exec(version.version)?.[1];
    if (layerMinor === undefined || clusterMinor === undefined) return;
    if (Math.abs(Number(layerMinor) - Number(clusterMinor)) > KUBECTL_SKEW) {
      throw propError(this, 'kubectlLayer', `${layer.constructor.name} carries kubectl 1.${layerMinor}, more than one minor version from the cluster's ${version.version}, outside Kubernetes' version skew policy`,
        `use @aws-cdk/lambda-layer-kubectl-v${clusterMinor}`);
    }
  }
}
