import { KubectlV33Layer } from '@aws-cdk/lambda-layer-kubectl-v33';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { Chart, Testing } from 'cdk8s';
import { testStack } from './fixtures';
import { LeastPrivilegeServiceAccount, WorkloadIdentity } from '../../src';
import { HardenedEksCluster, HardenedEksClusterProps } from '../../src/aws';

const V1_33 = eks.KubernetesVersion.V1_33;
const build = (props: Partial<HardenedEksClusterProps>) => {
  const stack = testStack();
  return new HardenedEksCluster(stack, 'cluster', { version: V1_33, ...props });
};
const serviceAccount = (props: ConstructorParameters<typeof LeastPrivilegeServiceAccount>[2] = {}) =>
  new LeastPrivilegeServiceAccount(new Chart(Testing.app(), 'chart', { namespace: 'external-secrets' }), 'sa', { name: 'external-secrets', ...props });

describe('the API endpoint', () => {
  test.each([
    [[], /publicAccessCidrs: an empty allow-list would make the API server endpoint public to every address/],
    [['0.0.0.0/0'], /publicAccessCidrs\[0\]: "0\.0\.0\.0\/0" is every IPv4 address.*Fix: list the networks/],
    [['203.0.113.0/24', '0.0.0.0/0'], /publicAccessCidrs\[1\]: "0\.0\.0\.0\/0" is every IPv4 address/],
    [['2001:db8::/32'], /"2001:db8::\/32" is an IPv6 block, and EKS allow-lists IPv4 only/],
    [['203.0.113.5/24'], /publicAccessCidrs\[0\]: "203\.0\.113\.5\/24" has host bits set\. Fix: use the network address "203\.0\.113\.0\/24"/],
    [['office'], /publicAccessCidrs\[0\]: "office" has no prefix length/],
  ])('refuses publicAccessCidrs %j', (cidrs, message) => {
    expect(() => build({ publicAccessCidrs: cidrs })).toThrow(message);
  });
});

describe('the logs', () => {
  test.each([0, 10, 364, 4000, 9999, 1.5])('refuse a retention of %p days, naming accepted values', days => {
    expect(() => build({ logRetentionDays: days })).toThrow(/\[test\/cluster\/Logs\] logRetentionDays: .* is not a retention CloudWatch Logs accepts .*Fix: use \d+/);
  });

  test('names the nearest accepted retentions', () => {
    expect(() => build({ logRetentionDays: 364 })).toThrow(/Fix: use 180 or 365$/);
  });
});

describe('the cluster', () => {
  test('refuses an invalid name', () => {
    expect(() => build({ clusterName: 'shop cluster' })).toThrow(/clusterName: "shop cluster" is not a valid EKS cluster name/);
    expect(() => build({ clusterName: 'x'.repeat(101) })).toThrow(/is not a valid EKS cluster name/);
  });

  test('refuses a VPC without private subnets', () => {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'PublicOnly', { subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }] });
    expect(() => new HardenedEksCluster(stack, 'cluster', { version: V1_33, vpc }))
      .toThrow(/\[test\/cluster\] vpc: no subnets match in the VPC .*Fix: use a VPC with private subnets with egress/);
  });

  test('refuses a kubectl layer outside the version skew policy', () => {
    const stack = testStack();
    expect(() => new HardenedEksCluster(stack, 'cluster', { version: eks.KubernetesVersion.V1_31, kubectlLayer: new KubectlV33Layer(stack, 'kubectl') }))
      .toThrow(/kubectlLayer: KubectlV33Layer carries kubectl 1\.33, more than one minor version from the cluster's 1\.31.*Fix: use @aws-cdk\/lambda-layer-kubectl-v31/);
  });

  test('accepts a kubectl layer one minor away', () => {
    const stack = testStack();
    expect(() => new HardenedEksCluster(stack, 'cluster', { version: eks.KubernetesVersion.V1_32, kubectlLayer: new KubectlV33Layer(stack, 'kubectl') })).not.toThrow();
  });
});

describe('on a built cluster', () => {
  // One cluster for the refusals of its methods: each refusal happens before anything is added.
  const cluster = build({});

  test('addCdk8sChart needs a kubectl layer', () => {
    expect(() => cluster.addCdk8sChart('shop', new Chart(Testing.app(), 'shop')))
      .toThrow(/kubectlLayer: addCdk8sChart\("shop"\) applies manifests with kubectl, and the cluster has no kubectl layer/);
  });

  test.each([
    [{ subnets: { subnetType: ec2.SubnetType.PUBLIC } }, /subnets: the selection includes public subnets .*Fix: select private subnets only/],
    [{ subnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED } }, /subnets: no subnets match in the VPC/],
    [{ amiType: eks.NodegroupAmiType.BOTTLEROCKET_X86_64 }, /amiType: BOTTLEROCKET_x86_64 does not keep its data on \/dev\/xvda.*Fix: use an Amazon Linux 2023 AMI type/],
    [{ minSize: 3, maxSize: 2 }, /desiredSize: sizes must satisfy minSize <= desiredSize <= maxSize \(got 3 <= 3 <= 2\)/],
    [{ minSize: -1 }, /minSize: -1 is not allowed/],
  ])('addNodeGroup refuses %j', (options, message) => {
    expect(() => cluster.addNodeGroup(`bad${JSON.stringify(options).length}`, options)).toThrow(message);
  });

  test('addPodIdentity refuses a ServiceAccount declared for IRSA', () => {
    const sa = serviceAccount({ workloadIdentity: WorkloadIdentity.awsIrsa('arn:aws:iam::123456789012:role/eso') });
    expect(() => cluster.addPodIdentity('irsa', sa)).toThrow(/serviceAccount: ServiceAccount "external-secrets\/external-secrets" is declared with AWS_IRSA workload identity.*Fix: declare it with workloadIdentity: WorkloadIdentity\.awsPodIdentity\(\)/);
  });

  test('addPodIdentity refuses a ServiceAccount without a namespace or with an invalid name', () => {
    expect(() => cluster.addPodIdentity('nons', { name: 'eso' })).toThrow(/serviceAccount\.namespace: ServiceAccount "eso" has no known namespace/);
    expect(() => cluster.addPodIdentity('badname', { name: 'ESO', namespace: 'x' })).toThrow(/serviceAccount\.name: "ESO" is not a valid DNS-1123 subdomain/);
  });

  test.each([
    [[], /secretArns: no secret given/],
    [['arn:aws:secretsmanager:eu-west-1:123456789012:secret:*'], /secretArns\[0\]: ".*secret:\*" is not the ARN of one Secrets Manager secret.*wildcards \(\*\) are not allowed/],
    [['arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/*'], /secretArns\[0\]/],
    [['arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf', 'prod/db'], /secretArns\[1\]: "prod\/db" is not the ARN of one Secrets Manager secret/],
    [['arn:aws:s3:::bucket'], /secretArns\[0\]/],
    [['arn:aws:secretsmanager:eu-west-1:1234:secret:db'], /secretArns\[0\]/],
  ])('grantSecretsRead refuses %j', (arns, message) => {
    const identity = cluster.addPodIdentity(`eso${arns.join().length}`, serviceAccount({ workloadIdentity: WorkloadIdentity.awsPodIdentity() }));
    expect(() => identity.grantSecretsRead(arns)).toThrow(message);
  });
});
