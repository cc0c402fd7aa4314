import { KubectlV33Layer } from '@aws-cdk/lambda-layer-kubectl-v33';
import { CfnParameter, Lazy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Chart, Testing } from 'cdk8s';
import { testStack } from './fixtures';
import { LeastPrivilegeServiceAccount, WorkloadIdentity } from '../../src';
import { HardenedEksCluster, HardenedEksClusterProps, SecretsEncryptionKey } from '../../src/aws';

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
    // The address space is judged, not the spelling.
    [['0.0.0.0/1', '128.0.0.0/1'], /\[test\/cluster\] publicAccessCidrs: the 2 blocks \[0\.0\.0\.0\/1, 128\.0\.0\.0\/1\] together cover 4294967296 IPv4 addresses, 100% of the IPv4 internet.*public to the internet\. Fix: list the networks/],
    [['1.0.0.0/8'], /publicAccessCidrs: the 1 blocks \[1\.0\.0\.0\/8\] together cover 16777216 IPv4 addresses/],
    [['1.0.0.0/9', '1.128.0.0/9'], /together cover 16777216 IPv4 addresses/],
    [['203.0.113.0/24', '64.0.0.0/2'], /the 2 blocks .* together cover 1073742080 IPv4 addresses, 25% of the IPv4 internet/],
    [['10.0.0.0/16'], /publicAccessCidrs\[0\]: "10\.0\.0\.0\/16" is private \(RFC 1918\) address space, which never reaches a public endpoint/],
    [['203.0.113.0/24', '192.168.0.0/24'], /publicAccessCidrs\[1\]: "192\.168\.0\.0\/24" is private \(RFC 1918\)/],
    [['100.64.0.0/10'], /carrier-grade NAT/],
    [['127.0.0.1/32'], /loopback/],
  ])('refuses publicAccessCidrs %j', (cidrs, message) => {
    expect(() => build({ publicAccessCidrs: cidrs })).toThrow(message);
  });

  test.each([
    [['203.0.113.0/24', '198.51.100.7/32']],
    [['1.0.0.0/9']],
    // Overlaps count once: 8.0.0.0/9 holds the two /10s, so this is half a /8, not a whole one.
    [['8.0.0.0/9', '8.0.0.0/10', '8.64.0.0/10']],
    [['52.94.0.0/16', '54.239.0.0/16', '3.5.140.0/22', '172.32.0.0/16']],
  ])('accepts publicAccessCidrs %j', cidrs => {
    expect(() => build({ publicAccessCidrs: cidrs })).not.toThrow();
  });

  // A token is judged at synth, where it resolves; one only deployment decides is refused there.
  const synth = (cluster: HardenedEksCluster) => () => (cluster.node.root as any).synth();
  test('a Lazy CIDR is judged where it resolves', () => {
    const open = build({ publicAccessCidrs: ['203.0.113.0/24', Lazy.string({ produce: () => '0.0.0.0/0' })] });
    expect(synth(open)).toThrow(/\[test\/cluster\] publicAccessCidrs\[1\]: "0\.0\.0\.0\/0" is every IPv4 address/);
    const half = build({ publicAccessCidrs: [Lazy.string({ produce: () => '0.0.0.0/1' }), '203.0.113.0/24'] });
    expect(synth(half)).toThrow(/\[test\/cluster\] publicAccessCidrs: the 2 blocks \[0\.0\.0\.0\/1, 203\.0\.113\.0\/24\] together cover 2147483904 IPv4 addresses/);
    // The literal entries are judged at construction already.
    expect(() => build({ publicAccessCidrs: [Lazy.string({ produce: () => '203.0.113.0/24' }), '128.0.0.0/1'] })).toThrow(/the 1 blocks \[128\.0\.0\.0\/1\] together cover 2147483648/);
    const office = build({ publicAccessCidrs: [Lazy.string({ produce: () => '203.0.113.0/24' })] });
    expect(synth(office)).not.toThrow();
  });

  test('a CIDR from a CfnParameter is refused at synth: it could be 0.0.0.0/0', () => {
    const stack = testStack();
    const cidr = new CfnParameter(stack, 'AdminCidr', { type: 'String' }).valueAsString;
    const cluster = new HardenedEksCluster(stack, 'cluster', { version: V1_33, publicAccessCidrs: [cidr] });
    expect(synth(cluster)).toThrow(/errors:\s+\[test\/cluster\] publicAccessCidrs\[0\]: the CIDR is the parameter "AdminCidr", known only at deployment, so its address space cannot be checked \(it could be 0\.0\.0\.0\/0\)\. Fix: give the CIDR as a string/);
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

  test('grantSecretsRead refuses a non-key-ARN encryption key', () => {
    const identity = cluster.addPodIdentity('esokey', serviceAccount({ workloadIdentity: WorkloadIdentity.awsPodIdentity() }));
    const alias = kms.Key.fromKeyArn(cluster, 'AliasKey', 'arn:aws:kms:eu-west-1:123456789012:alias/secrets');
    expect(() => identity.grantSecretsRead(['arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf'], { encryptionKey: alias }))
      .toThrow(/options\.encryptionKey: "arn:aws:kms:eu-west-1:123456789012:alias\/secrets" is not the ARN of one KMS key/);
  });
});

describe('tokens in ARNs are judged where they resolve', () => {
  const setup = () => {
    const cluster = build({});
    const stack = cluster.node.scope as any;
    const identity = cluster.addPodIdentity('eso', serviceAccount({ workloadIdentity: WorkloadIdentity.awsPodIdentity() }));
    return { stack, identity, synth: () => stack.node.root.synth() };
  };

  test.each<[string, (stack: any) => string, RegExp]>([
    ['a Lazy wildcard', () => Lazy.string({ produce: () => 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:*' }),
      /\[test\/cluster\/eso\] secretArns\[0\]: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:\*" is not the ARN of one Secrets Manager secret/],
    ['a Lazy "*"', () => Lazy.string({ produce: () => '*' }), /secretArns\[0\]: "\*" is not the ARN/],
    ['a CfnParameter', stack => new CfnParameter(stack, 'SecretArn', { type: 'String' }).valueAsString,
      /errors:\s+\[test\/cluster\/eso\] secretArns\[0\]: the parameter "SecretArn" \(known only at deployment\) is not the ARN of one Secrets Manager secret/],
    ['a joined ARN that ends in a wildcard', stack => `arn:aws:secretsmanager:${stack.region}:${stack.account}:secret:prod/*`,
      /secretArns\[0\]: "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod\/\*" is not the ARN/],
    ['the ARN of another kind of resource', stack => new iam.Role(stack, 'Other', { assumedBy: new iam.AccountRootPrincipal() }).roleArn,
      /secretArns\[0\]: the Arn of a AWS::IAM::Role is not the ARN of one Secrets Manager secret/],
  ])('refuses %s at synth', (_name, arn, message) => {
    const { stack, identity, synth } = setup();
    identity.grantSecretsRead([arn(stack)]);
    expect(synth).toThrow(message);
  });

  test.each<[string, (stack: any) => string]>([
    ['a secret of the stack', stack => new secretsmanager.Secret(stack, 'Db').secretArn],
    ['a secret named by name (fromSecretNameV2)', stack => secretsmanager.Secret.fromSecretNameV2(stack, 'ByName', 'prod/db').secretArn],
    ['an ARN joined from pseudo parameters', stack => `arn:aws:secretsmanager:${stack.region}:${stack.account}:secret:prod/db-??????`],
    ['a Lazy full ARN', () => Lazy.string({ produce: () => 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf' })],
  ])('accepts %s', (_name, arn) => {
    const { stack, identity, synth } = setup();
    identity.grantSecretsRead([arn(stack)], { encryptionKey: new kms.Key(stack, 'SecretsKey') });
    expect(synth).not.toThrow();
  });

  test('an encryption key only deployment decides is refused', () => {
    const { stack, identity, synth } = setup();
    const key = kms.Key.fromKeyArn(stack, 'ParamKey', new CfnParameter(stack, 'KeyArn', { type: 'String' }).valueAsString);
    identity.grantSecretsRead(['arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf'], { encryptionKey: key });
    expect(synth).toThrow(/options\.encryptionKey: the parameter "KeyArn" \(known only at deployment\) is not the ARN of one KMS key/);
  });
});

describe('SecretsEncryptionKey', () => {
  test.each<[string, (stack: any) => iam.IRole, RegExp]>([
    ['a wildcard role ARN', stack => iam.Role.fromRoleArn(stack, 'R', 'arn:aws:iam::123456789012:role/*'), /clusterRole: "arn:aws:iam::123456789012:role\/\*" is not the ARN of one IAM role/],
    ['the account root', stack => ({ ...iam.Role.fromRoleArn(stack, 'R', 'arn:aws:iam::123456789012:role/x'), roleArn: 'arn:aws:iam::123456789012:root' }) as iam.IRole,
      /clusterRole: "arn:aws:iam::123456789012:root" is not the ARN of one IAM role/],
  ])('refuses %s at construction', (_name, role, message) => {
    const stack = testStack();
    expect(() => new SecretsEncryptionKey(stack, 'Key', { clusterRole: role(stack) })).toThrow(message);
  });

  test('refuses a role ARN only deployment decides, at synth', () => {
    const stack = testStack();
    const role = iam.Role.fromRoleArn(stack, 'R', new CfnParameter(stack, 'RoleArn', { type: 'String' }).valueAsString);
    new SecretsEncryptionKey(stack, 'Key', { clusterRole: role });
    expect(() => (stack.node.root as any).synth()).toThrow(/\[test\/Key\] clusterRole: the parameter "RoleArn" \(known only at deployment\) is not the ARN of one IAM role/);
  });

  test.each<[string, (stack: any) => iam.IRole]>([
    ['a role of the app', stack => new iam.Role(stack, 'R', { assumedBy: new iam.ServicePrincipal('eks.amazonaws.com') })],
    ['an imported role ARN', stack => iam.Role.fromRoleArn(stack, 'R', 'arn:aws:iam::123456789012:role/eks/cluster')],
  ])('accepts %s', (_name, role) => {
    const stack = testStack();
    new SecretsEncryptionKey(stack, 'Key', { clusterRole: role(stack) });
    expect(() => (stack.node.root as any).synth()).not.toThrow();
  });
});
