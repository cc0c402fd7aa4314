/**
 * Shared set-up of the AWS tests: offline synthesis without the CDK's built-in CloudFormation validation, and the
 * cdk-nag packs plus this library's EKS checks.
 */
import { App, IPolicyValidationPlugin, PolicyValidationPluginReport, Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { EksClusterChecks } from '../../src/aws';

/**
 * A stack in an app that skips the built-in CloudFormation validation (`builtinCloudFormationValidation: false`,
 * like `CDK_VALIDATION=false`): it loads resource schemas and costs seconds per test process; cdk-nag and this
 * library's checks are what the tests assert instead.
 */
export function testStack(id = 'test'): Stack {
  return new Stack(new App({ builtinCloudFormationValidation: false }), id);
}

type ScopeValidator = IPolicyValidationPlugin & { validateScope(scope: IConstruct): PolicyValidationPluginReport };

/** Unacknowledged findings of cdk-nag's AwsSolutions and NIST 800-53 R5 packs and of `EksClusterChecks`, as `rule at path`. */
export function nagFindings(scope: IConstruct): string[] {
  const packs: ScopeValidator[] = [new AwsSolutionsChecks(), new NIST80053R5Checks(), new EksClusterChecks()];
  return packs.flatMap(pack => pack.validateScope(scope).violations
    .flatMap(v => v.violatingResources.map(r => `${v.ruleName} at ${r.constructPath}`)));
}

/** The resources of a CloudFormation type in a template, by logical id. */
export function resourcesOfType(template: any, type: string): Record<string, any> {
  return Object.fromEntries(Object.entries(template.Resources as Record<string, any>).filter(([, r]) => r.Type === type));
}

/** The only resource of a type in a template. */
export function onlyResource(template: any, type: string): any {
  const found = Object.values(resourcesOfType(template, type));
  expect(found).toHaveLength(1);
  return found[0];
}

const USE_ACTIONS = ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:CreateGrant'];
const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
const refId = (v: any): string => v?.Ref ?? v?.['Fn::GetAtt']?.[0];

/**
 * The security controls of the EKS cluster in a template, read from CloudFormation types alone (no construct
 * ids), so any stack built with `HardenedEksCluster` can be compared with the expected summary.
 */
export function clusterControls(template: any): Record<string, unknown> {
  const resources = template.Resources as Record<string, any>;
  const cluster = onlyResource(template, 'AWS::EKS::Cluster').Properties;
  const keys = resourcesOfType(template, 'AWS::KMS::Key');
  const keyOf = (arn: any) => keys[refId(arn)];
  const subnets = resourcesOfType(template, 'AWS::EC2::Subnet');
  const isPrivateSubnet = (ref: any) => subnets[refId(ref)]?.Properties.Tags.some((t: any) => t.Key === 'aws-cdk:subnet-type' && t.Value === 'Private');
  const logGroups = Object.values(resourcesOfType(template, 'AWS::Logs::LogGroup')).map(g => g.Properties);
  const controlPlaneLogs = logGroups.find(g => g.LogGroupName === `/aws/eks/${cluster.Name}/cluster`);
  const flowLogs = Object.values(resourcesOfType(template, 'AWS::EC2::FlowLog')).map(f => f.Properties);
  const launchTemplates = Object.values(resourcesOfType(template, 'AWS::EC2::LaunchTemplate')).map(t => t.Properties.LaunchTemplateData);
  const nodegroups = Object.values(resourcesOfType(template, 'AWS::EKS::Nodegroup')).map(n => n.Properties);
  return {
    secretsKeyRotated: keyOf(cluster.EncryptionConfig?.[0]?.Provider?.KeyArn)?.Properties.EnableKeyRotation === true,
    secretsKeyUsers: asList(keyOf(cluster.EncryptionConfig[0].Provider.KeyArn).Properties.KeyPolicy.Statement)
      .filter((s: any) => asList(s.Action).some(a => USE_ACTIONS.includes(a as string)) && !s.Condition?.StringEquals?.['kms:ViaService'])
      .map((s: any) => resources[refId(s.Principal.AWS)]?.Type),
    keysGrantingKmsStar: Object.values(keys).filter(k => JSON.stringify(k.Properties.KeyPolicy).includes('"kms:*"')).length,
    allKeysRotated: Object.values(keys).every(k => k.Properties.EnableKeyRotation === true),
    endpoint: {
      public: cluster.ResourcesVpcConfig.EndpointPublicAccess,
      private: cluster.ResourcesVpcConfig.EndpointPrivateAccess,
      publicCidrs: cluster.ResourcesVpcConfig.PublicAccessCidrs,
    },
    controlPlaneSubnetsPrivate: cluster.ResourcesVpcConfig.SubnetIds.every(isPrivateSubnet),
    logTypes: cluster.Logging.ClusterLogging.EnabledTypes.map((t: any) => t.Type),
    controlPlaneLogGroup: { encrypted: controlPlaneLogs?.KmsKeyId !== undefined, retentionDays: controlPlaneLogs?.RetentionInDays },
    creatorIsAdmin: cluster.AccessConfig.BootstrapClusterCreatorAdminPermissions,
    nodeMetadataOptions: launchTemplates.map(t => t.MetadataOptions),
    nodeVolumesEncryptedWithCmk: launchTemplates
      .every(t => t.BlockDeviceMappings.every((b: any) => b.Ebs.Encrypted === true && b.Ebs.KmsKeyId !== undefined)),
    nodegroupsFromLaunchTemplate: nodegroups.every(n => n.LaunchTemplate?.Id !== undefined),
    nodeSubnetsPrivate: nodegroups.every(n => n.Subnets.every(isPrivateSubnet)),
    nodeSshAccess: nodegroups.some(n => n.RemoteAccess !== undefined),
    subnetsAssigningPublicIps: Object.values(subnets).filter(s => s.Properties.MapPublicIpOnLaunch !== false).length,
    vpcFlowLogs: flowLogs.map(f => ({
      resourceType: f.ResourceType,
      traffic: f.TrafficType,
      encrypted: resources[refId(f.LogGroupName)].Properties.KmsKeyId !== undefined,
    })),
    defaultSecurityGroupRestricted: Object.keys(resourcesOfType(template, 'Custom::VpcRestrictDefaultSG')).length === 1,
  };
}
