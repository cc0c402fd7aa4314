import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { clusterControls, nagFindings, onlyResource, resourcesOfType } from './fixtures';
import { buildEksExample } from '../../examples/eks-cluster/app';
import { expectHardened, synthObjects } from '../harness';

// Built once: the whole example synthesizes offline (an environment-agnostic stack, no lookups).
const { stack, charts } = buildEksExample(new App({ builtinCloudFormationValidation: false }));
const template = Template.fromStack(stack).toJSON();

test('the cluster has every control of the hardened cluster', () => {
  expect(clusterControls(template)).toEqual({
    secretsKeyRotated: true,
    secretsKeyUsers: ['AWS::IAM::Role', 'AWS::IAM::Role'],
    keysGrantingKmsStar: 0,
    allKeysRotated: true,
    endpoint: { public: false, private: true, publicCidrs: undefined },
    controlPlaneSubnetsPrivate: true,
    logTypes: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'],
    controlPlaneLogGroup: { encrypted: true, retentionDays: 365 },
    creatorIsAdmin: false,
    nodeMetadataOptions: [{ HttpEndpoint: 'enabled', HttpTokens: 'required', HttpPutResponseHopLimit: 1 }],
    nodeVolumesEncryptedWithCmk: true,
    nodegroupsFromLaunchTemplate: true,
    nodeSubnetsPrivate: true,
    nodeSshAccess: false,
    subnetsAssigningPublicIps: 0,
    vpcFlowLogs: [{ resourceType: 'VPC', traffic: 'ALL', encrypted: true }],
    defaultSecurityGroupRestricted: true,
  });
});

test('the secrets key is used by the cluster role only', () => {
  const key = onlyResource(template, 'AWS::EKS::Cluster').Properties.EncryptionConfig[0].Provider.KeyArn['Fn::GetAtt'][0];
  const roleArn = onlyResource(template, 'AWS::EKS::Cluster').Properties.RoleArn;
  const users = template.Resources[key].Properties.KeyPolicy.Statement.filter((s: any) => s.Sid.startsWith('ClusterRole'));
  expect(users.map((s: any) => s.Principal.AWS)).toEqual([roleArn, roleArn]);
});

test('every chart of the reference app is deployed, and its workloads are schema-valid and PSS restricted', () => {
  const deployed = Object.values(resourcesOfType(template, 'Custom::AWSCDK-EKS-KubernetesResource'))
    .flatMap(m => JSON.parse(m.Properties.Manifest) as any[]);
  const objects = synthObjects(charts);
  expect(deployed.map(o => `${o.kind}/${o.metadata.name}`)).toEqual(objects.map(o => `${o.kind}/${o.metadata.name}`));
  expectHardened(objects);
});

test('the External Secrets Operator reads the shop\'s database secret only, through EKS Pod Identity', () => {
  expect(onlyResource(template, 'AWS::EKS::PodIdentityAssociation').Properties).toMatchObject({ Namespace: 'external-secrets', ServiceAccount: 'external-secrets' });
  const statements = onlyResource(template, 'AWS::IAM::ManagedPolicy').Properties.PolicyDocument.Statement;
  expect(statements).toEqual([{
    Effect: 'Allow',
    Action: 'secretsmanager:GetSecretValue',
    Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':secret:shop/database-??????']] },
  }]);
});

test('cdk-nag (AwsSolutions, NIST 800-53 R5) and the EKS checks find nothing unacknowledged', () => {
  expect(nagFindings(stack)).toEqual([]);
});
