import { KubectlV33Layer } from '@aws-cdk/lambda-layer-kubectl-v33';
import { RemovalPolicy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Chart, Testing } from 'cdk8s';
import { nagFindings, onlyResource, resourcesOfType, testStack } from './fixtures';
import { LeastPrivilegeServiceAccount, WorkloadIdentity } from '../../src';
import { HardenedEksCluster } from '../../src/aws';
import { KEY_ADMIN_ACTIONS } from '../../src/aws/key-policy';

const DB_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db-AbCdEf';
const API_KEY_SECRET = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/api-key-??????';
const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];

const logicalIdOf = (template: any, type: string) => Object.keys(resourcesOfType(template, type));
const getAttArn = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
const statements = (key: any): any[] => key.Properties.KeyPolicy.Statement;
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);

// One stack shared by the tests below: synthesizing a cluster takes about a second.
const stack = testStack();
const admin = new iam.Role(stack, 'PlatformAdmins', { assumedBy: new iam.AccountRootPrincipal() });
const cluster = new HardenedEksCluster(stack, 'cluster', {
  clusterName: 'shop',
  version: eks.KubernetesVersion.V1_33,
  kubectlLayer: new KubectlV33Layer(stack, 'kubectl'),
  adminRoles: [admin],
});
const secretsCmk = new kms.Key(stack, 'SecretsManagerKey', { enableKeyRotation: true });
const chart = new Chart(Testing.app(), 'secrets', { namespace: 'external-secrets' });
const eso = new LeastPrivilegeServiceAccount(chart, 'eso', { name: 'external-secrets', workloadIdentity: WorkloadIdentity.awsPodIdentity() });
const identity = cluster.addPodIdentity('ExternalSecrets', eso);
identity.grantSecretsRead([DB_SECRET, API_KEY_SECRET], { encryptionKey: secretsCmk });
cluster.addCdk8sChart('secrets', chart);
const template = Template.fromStack(stack).toJSON();
const resources = template.Resources as Record<string, any>;
const idOf = (construct: { node: { defaultChild?: any } }) => stack.getLogicalId(construct.node.defaultChild);
const eksCluster = onlyResource(template, 'AWS::EKS::Cluster');
const clusterRoleId = eksCluster.Properties.RoleArn['Fn::GetAtt'][0];
const privateSubnetIds = cluster.vpc.privateSubnets.map(s => stack.getLogicalId(s.node.defaultChild as any));

describe('secrets envelope encryption', () => {
  const secretsKey = resources[idOf(cluster.secretsKey)];

  test('uses the rotated customer-managed key', () => {
    expect(eksCluster.Properties.EncryptionConfig).toEqual([{ Provider: { KeyArn: getAttArn(idOf(cluster.secretsKey)) }, Resources: ['secrets'] }]);
    expect(secretsKey.Properties.EnableKeyRotation).toBe(true);
    expect(secretsKey.UpdateReplacePolicy).toBe('Retain');
  });

  test('no key policy grants kms:* or a wildcard that includes a use action', () => {
    for (const key of [cluster.secretsKey, cluster.nodeVolumeKey, cluster.auditLogs.key].map(k => resources[idOf(k)])) {
      const actions = statements(key).flatMap(s => asList(s.Action) as string[]);
      expect(actions).not.toContain('kms:*');
      expect(actions.filter(a => /^kms:(Create|Describe|List|Get|Put|Update|Enable|Disable|Revoke|Delete)\*$/.test(a))).toEqual([]);
    }
  });

  test('the account administers the key with listed actions and cannot use it', () => {
    const accountStatements = statements(secretsKey).filter(s => JSON.stringify(s.Principal).includes(':root'));
    const administration = accountStatements.find(s => s.Sid === 'Administration');
    expect(administration.Action).toEqual(KEY_ADMIN_ACTIONS);
    for (const use of ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom']) {
      expect(accountStatements.flatMap(s => asList(s.Action))).not.toContain(use);
    }
  });

  test('only the cluster role uses the key; the creator may create EKS grants through EKS only', () => {
    const uses = statements(secretsKey).filter(s => s.Sid !== 'Administration');
    expect(uses).toEqual([
      {
        Sid: 'ClusterRoleUse',
        Effect: 'Allow',
        Resource: '*',
        Principal: { AWS: getAttArn(clusterRoleId) },
        Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      },
      {
        Sid: 'ClusterRoleGrantsForAwsResources',
        Effect: 'Allow',
        Resource: '*',
        Principal: { AWS: getAttArn(clusterRoleId) },
        Action: 'kms:CreateGrant',
        Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
      },
      expect.objectContaining({
        Sid: 'ClusterCreationThroughEks',
        Action: 'kms:CreateGrant',
        Condition: {
          Bool: { 'kms:GrantIsForAWSResource': 'true' },
          StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['eks.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } },
        },
      }),
    ]);
  });
});

describe('control plane', () => {
  const vpcConfig = eksCluster.Properties.ResourcesVpcConfig;

  test('the endpoint is private', () => {
    expect(vpcConfig.EndpointPublicAccess).toBe(false);
    expect(vpcConfig.EndpointPrivateAccess).toBe(true);
    expect(vpcConfig.PublicAccessCidrs).toBeUndefined();
  });

  test('its network interfaces are in the private subnets', () => {
    expect(vpcConfig.SubnetIds).toEqual(privateSubnetIds.map(id => ({ Ref: id })));
  });

  test('sends all five log types to an encrypted log group with a retention, created before the cluster', () => {
    expect(eksCluster.Properties.Logging.ClusterLogging.EnabledTypes).toEqual(LOG_TYPES.map(Type => ({ Type })));
    const logGroupId = idOf(cluster.auditLogs.controlPlane);
    expect(resources[logGroupId].Properties).toEqual({
      LogGroupName: '/aws/eks/shop/cluster',
      KmsKeyId: getAttArn(idOf(cluster.auditLogs.key)),
      RetentionInDays: 365,
    });
    expect(eksCluster.DependsOn).toContain(logGroupId);
  });

  test('the log key serves CloudWatch Logs for the cluster\'s two log groups only', () => {
    const [, logsUse] = statements(resources[idOf(cluster.auditLogs.key)]);
    expect(logsUse.Principal).toEqual({ Service: { 'Fn::Join': ['', ['logs.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } });
    const contexts = JSON.stringify(logsUse.Condition.ArnEquals['kms:EncryptionContext:aws:logs:arn']);
    expect(contexts).toContain(':log-group:/aws/eks/shop/cluster"');
    expect(contexts).toContain(':log-group:/aws/vpc/shop/flow-logs"');
  });

  test('the creator is not bootstrapped as cluster admin; access entries name the kubectl role and the given admins only', () => {
    expect(eksCluster.Properties.AccessConfig).toEqual({ AuthenticationMode: 'API', BootstrapClusterCreatorAdminPermissions: false });
    const entries = Object.values(resourcesOfType(template, 'AWS::EKS::AccessEntry')).map(e => e.Properties.PrincipalArn['Fn::GetAtt'][0]);
    expect(entries.sort()).toEqual([idOf(admin), stack.getLogicalId(cluster.cluster.kubectlProvider!.role!.node.defaultChild as any)].sort());
  });
});

describe('nodes', () => {
  const launchTemplate = resources[idOf(cluster.defaultNodeGroup.launchTemplate)].Properties.LaunchTemplateData;
  const nodegroup = onlyResource(template, 'AWS::EKS::Nodegroup').Properties;

  test('require IMDSv2 with a hop limit of 1', () => {
    expect(launchTemplate.MetadataOptions).toEqual({ HttpEndpoint: 'enabled', HttpTokens: 'required', HttpPutResponseHopLimit: 1 });
  });

  test('have their root volume encrypted with the node volume key', () => {
    expect(launchTemplate.BlockDeviceMappings).toEqual([{
      DeviceName: '/dev/xvda',
      Ebs: { Encrypted: true, KmsKeyId: getAttArn(idOf(cluster.nodeVolumeKey)), VolumeSize: 50, VolumeType: 'gp3', DeleteOnTermination: true },
    }]);
    const autoScaling = statements(resources[idOf(cluster.nodeVolumeKey)]).filter(s => s.Sid.startsWith('AutoScaling'));
    expect(JSON.stringify(autoScaling.map(s => s.Principal))).toMatch(/AWSServiceRoleForAutoScaling/);
  });

  test('run from the launch template in private subnets, without SSH', () => {
    expect(nodegroup.LaunchTemplate.Id).toEqual({ Ref: idOf(cluster.defaultNodeGroup.launchTemplate) });
    expect(nodegroup.Subnets).toEqual(privateSubnetIds.map(id => ({ Ref: id })));
    expect(nodegroup.RemoteAccess).toBeUndefined();
    expect(nodegroup.AmiType).toBe('AL2023_x86_64_STANDARD');
  });
});

describe('network', () => {
  test('no subnet assigns public IPs', () => {
    const subnets = Object.values(resourcesOfType(template, 'AWS::EC2::Subnet'));
    expect(subnets).toHaveLength(4);
    expect(subnets.map(s => s.Properties.MapPublicIpOnLaunch)).toEqual([false, false, false, false]);
  });

  test('all VPC traffic is flow-logged to the encrypted flow-log group', () => {
    const flowLog = onlyResource(template, 'AWS::EC2::FlowLog').Properties;
    expect(flowLog).toMatchObject({ ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    expect(flowLog.LogGroupName).toEqual({ Ref: idOf(cluster.auditLogs.flowLogs) });
    expect(resources[idOf(cluster.auditLogs.flowLogs)].Properties.KmsKeyId).toEqual(getAttArn(idOf(cluster.auditLogs.key)));
  });

  test('the default security group is stripped of its rules', () => {
    expect(Object.keys(resourcesOfType(template, 'Custom::VpcRestrictDefaultSG'))).toHaveLength(1);
  });
});

describe('workload identity (EKS Pod Identity)', () => {
  const association = onlyResource(template, 'AWS::EKS::PodIdentityAssociation').Properties;
  const role = resources[idOf(identity.role)].Properties;

  test('associates the library ServiceAccount with its role, with the agent add-on', () => {
    expect(association).toEqual({
      ClusterName: { Ref: idOf(cluster.cluster) },
      Namespace: 'external-secrets',
      ServiceAccount: 'external-secrets',
      RoleArn: getAttArn(idOf(identity.role)),
    });
    expect(onlyResource(template, 'AWS::EKS::Addon').Properties.AddonName).toBe('eks-pod-identity-agent');
  });

  test('the role trusts Pod Identity for this cluster, namespace and ServiceAccount only', () => {
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([{
      Effect: 'Allow',
      Principal: { Service: 'pods.eks.amazonaws.com' },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: {
        StringEquals: {
          'aws:RequestTag/eks-cluster-arn': getAttArn(idOf(cluster.cluster)),
          'aws:RequestTag/kubernetes-namespace': 'external-secrets',
          'aws:RequestTag/kubernetes-service-account': 'external-secrets',
        },
      },
    }]);
  });

  test('reads the named secrets only, and decrypts through Secrets Manager only', () => {
    const policy = onlyResource(template, 'AWS::IAM::ManagedPolicy').Properties;
    expect(policy.Roles).toEqual([{ Ref: idOf(identity.role) }]);
    expect(policy.PolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: [DB_SECRET, API_KEY_SECRET] },
      {
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: getAttArn(idOf(secretsCmk)),
        Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } },
      },
    ]);
    expect(JSON.stringify(policy)).not.toContain('*');
  });

  test('the chart with the ServiceAccount is deployed with kubectl', () => {
    const manifest = onlyResource(template, 'Custom::AWSCDK-EKS-KubernetesResource').Properties.Manifest;
    expect(JSON.parse(manifest)).toContainEqual(expect.objectContaining({
      kind: 'ServiceAccount',
      automountServiceAccountToken: false,
      metadata: expect.objectContaining({ name: 'external-secrets', namespace: 'external-secrets' }),
    }));
  });
});

test('cdk-nag (AwsSolutions, NIST 800-53 R5) and the EKS checks find nothing unacknowledged', () => {
  expect(nagFindings(stack)).toEqual([]);
});

describe('a cluster with a public endpoint for an allow-list, and no kubectl', () => {
  const publicStack = testStack('public');
  new HardenedEksCluster(publicStack, 'cluster', {
    version: eks.KubernetesVersion.V1_33,
    publicAccessCidrs: ['203.0.113.0/24', '198.51.100.7/32'],
    logRetentionDays: 90,
    maxAzs: 2,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const publicTemplate = Template.fromStack(publicStack).toJSON();

  test('the endpoint is public for those networks only, and private', () => {
    expect(onlyResource(publicTemplate, 'AWS::EKS::Cluster').Properties.ResourcesVpcConfig).toMatchObject({
      EndpointPublicAccess: true,
      EndpointPrivateAccess: true,
      PublicAccessCidrs: ['203.0.113.0/24', '198.51.100.7/32'],
    });
  });

  test('logs keep the given retention, and keys and logs follow the removal policy', () => {
    for (const group of Object.values(resourcesOfType(publicTemplate, 'AWS::Logs::LogGroup'))) {
      expect(group.Properties.RetentionInDays).toBe(90);
      expect(group.DeletionPolicy).toBe('Delete');
    }
    for (const key of Object.values(resourcesOfType(publicTemplate, 'AWS::KMS::Key'))) expect(key.DeletionPolicy).toBe('Delete');
  });

  test('without a kubectl layer, no kubectl provider and no access entry exist', () => {
    expect(logicalIdOf(publicTemplate, 'AWS::Lambda::Function').filter(id => id.includes('Kubectl'))).toEqual([]);
    expect(logicalIdOf(publicTemplate, 'AWS::EKS::AccessEntry')).toEqual([]);
  });

  test('cdk-nag and the EKS checks find nothing unacknowledged', () => {
    expect(nagFindings(publicStack)).toEqual([]);
  });
});
