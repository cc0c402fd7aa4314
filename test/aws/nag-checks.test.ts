import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';
import { App, CfnParameter, CfnResource, Fn, Stack, Validations } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import { AwsSolutionsChecks } from 'cdk-nag';
import { testStack } from './fixtures';
import { EksClusterChecks } from '../../src/aws';
import { EKS_CLUSTER_RULES } from '../../src/aws/rules';
import { ObjectIndex } from '../../src/rules/object-index';
import { Severity } from '../../src/rules/rule';

const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];
const COMPLIANT = {
  Name: 'shop',
  RoleArn: 'arn:aws:iam::123456789012:role/eks',
  ResourcesVpcConfig: { SubnetIds: ['subnet-0a'], EndpointPublicAccess: false, EndpointPrivateAccess: true },
  Logging: { ClusterLogging: { EnabledTypes: LOG_TYPES.map(Type => ({ Type })) } },
  EncryptionConfig: [{ Resources: ['secrets'], Provider: { KeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/0a' } }],
  AccessConfig: { AuthenticationMode: 'API', BootstrapClusterCreatorAdminPermissions: false },
};

/** A raw `AWS::EKS::Cluster`, compliant unless `overrides` say otherwise. */
function rawCluster(overrides: Record<string, unknown> = {}, stack: Stack = testStack()): CfnResource {
  const resource = new CfnResource(stack, 'Cluster', { type: 'AWS::EKS::Cluster', properties: COMPLIANT });
  for (const [path, value] of Object.entries(overrides)) resource.addPropertyOverride(path, value);
  return resource;
}

const findings = (scope: CfnResource | Stack) => new EksClusterChecks().validateScope(scope).violations.map(v => v.ruleName).sort();

test('a compliant cluster has no findings', () => {
  expect(findings(rawCluster())).toEqual([]);
  expect(new EksClusterChecks().validateScope(rawCluster())).toEqual({ success: true, violations: [] });
});

test('an aws-eks-v2 cluster with its defaults fails every check, which cdk-nag\'s own EKS rules miss', () => {
  const stack = testStack();
  new eks.Cluster(stack, 'Cluster', { version: eks.KubernetesVersion.V1_33 });
  expect(findings(stack)).toEqual([
    'Cdk8sHardening-EKS1[PublicAccessCidrs::0.0.0.0/0]',
    ...LOG_TYPES.map(t => `Cdk8sHardening-EKS2[LogExport::${t}]`).sort(),
    'Cdk8sHardening-EKS3[Secrets::unencrypted]',
    'Cdk8sHardening-EKS4[ClusterCreator::admin]',
  ]);
  const nagEksRules = new AwsSolutionsChecks().validateScope(stack).violations.map(v => v.ruleName).filter(r => r.startsWith('AwsSolutions-EKS'));
  expect(nagEksRules).toEqual([]);
});

describe('endpoint access (Cdk8sHardening-EKS1)', () => {
  test.each([
    ['public by CloudFormation default', { 'ResourcesVpcConfig.EndpointPublicAccess': undefined }, ['Cdk8sHardening-EKS1[PublicAccessCidrs::0.0.0.0/0]']],
    ['public to 0.0.0.0/0', { 'ResourcesVpcConfig.EndpointPublicAccess': true, 'ResourcesVpcConfig.PublicAccessCidrs': ['10.0.0.0/8', '0.0.0.0/0'] }, ['Cdk8sHardening-EKS1[PublicAccessCidrs::0.0.0.0/0]']],
    ['public without private access', { 'ResourcesVpcConfig.EndpointPublicAccess': true, 'ResourcesVpcConfig.EndpointPrivateAccess': false, 'ResourcesVpcConfig.PublicAccessCidrs': ['203.0.113.0/24'] }, ['Cdk8sHardening-EKS1[PrivateAccess::disabled]']],
    ['public to an allow-list', { 'ResourcesVpcConfig.EndpointPublicAccess': true, 'ResourcesVpcConfig.PublicAccessCidrs': ['203.0.113.0/24'] }, []],
    // The address space the list covers is judged, not its spelling.
    ['public to two halves of the internet', { 'ResourcesVpcConfig.EndpointPublicAccess': true, 'ResourcesVpcConfig.PublicAccessCidrs': ['0.0.0.0/1', '128.0.0.0/1'] },
      ['Cdk8sHardening-EKS1[PublicAccessCidrs::0.0.0.0/0]']],
    ['public to a /8\'s worth', { 'ResourcesVpcConfig.EndpointPublicAccess': true, 'ResourcesVpcConfig.PublicAccessCidrs': ['1.0.0.0/9', '1.128.0.0/9'] },
      ['Cdk8sHardening-EKS1[PublicAccessCidrs::broad]']],
    ['public to overlapping blocks that stay below a /8', { 'ResourcesVpcConfig.EndpointPublicAccess': true, 'ResourcesVpcConfig.PublicAccessCidrs': ['8.0.0.0/9', '8.0.0.0/10', '8.64.0.0/10'] }, []],
  ])('%s', (_, overrides, expected) => {
    expect(findings(rawCluster(overrides))).toEqual(expected);
  });

  test('a value known only at deployment cannot pass', () => {
    const stack = testStack();
    const open = new CfnParameter(stack, 'PublicEndpoint', { type: 'String', allowedValues: ['true', 'false'] });
    expect(findings(rawCluster({ 'ResourcesVpcConfig.EndpointPublicAccess': open.valueAsString }, stack)))
      .toEqual(['Cdk8sHardening-EKS1[PublicAccess::unresolved]']);
    expect(findings(rawCluster({ 'ResourcesVpcConfig.EndpointPublicAccess': true, 'ResourcesVpcConfig.PublicAccessCidrs': [Fn.importValue('AdminCidr')] })))
      .toEqual(['Cdk8sHardening-EKS1[PublicAccess::unresolved]']);
  });
});

describe('control-plane logging (Cdk8sHardening-EKS2)', () => {
  test('names each missing log type', () => {
    expect(findings(rawCluster({ 'Logging.ClusterLogging.EnabledTypes': [{ Type: 'api' }, { Type: 'scheduler' }] }))).toEqual([
      'Cdk8sHardening-EKS2[LogExport::audit]',
      'Cdk8sHardening-EKS2[LogExport::authenticator]',
      'Cdk8sHardening-EKS2[LogExport::controllerManager]',
    ]);
  });
});

describe('secrets encryption (Cdk8sHardening-EKS3)', () => {
  test.each([
    ['no encryption config', { EncryptionConfig: undefined }],
    ['no key', { EncryptionConfig: [{ Resources: ['secrets'] }] }],
    ['not for secrets', { EncryptionConfig: [{ Resources: [], Provider: { KeyArn: 'arn:aws:kms:eu-west-1:123456789012:key/0a' } }] }],
  ])('%s', (_, overrides) => {
    expect(findings(rawCluster(overrides))).toEqual(['Cdk8sHardening-EKS3[Secrets::unencrypted]']);
  });
});

describe('cluster creator access (Cdk8sHardening-EKS4)', () => {
  test('the CloudFormation default bootstraps the creator as admin', () => {
    expect(findings(rawCluster({ 'AccessConfig.BootstrapClusterCreatorAdminPermissions': undefined }))).toEqual(['Cdk8sHardening-EKS4[ClusterCreator::admin]']);
  });
});

describe('acknowledgements', () => {
  test('an acknowledged finding is not reported; others still are', () => {
    const stack = testStack();
    const cluster = rawCluster({ 'Logging.ClusterLogging.EnabledTypes': LOG_TYPES.slice(0, 3).map(Type => ({ Type })) }, stack);
    Validations.of(stack).acknowledge({ id: 'Cdk8sHardening-EKS2[LogExport::scheduler]', reason: 'Scheduling decisions are not kept in this sandbox' });
    expect(findings(cluster)).toEqual(['Cdk8sHardening-EKS2[LogExport::controllerManager]']);
  });

  test('a failing report names the resource, the rule and the fix', () => {
    const cluster = rawCluster({ EncryptionConfig: undefined });
    expect(new EksClusterChecks().validateScope(cluster)).toEqual({
      success: false,
      violations: [{
        ruleName: 'Cdk8sHardening-EKS3[Secrets::unencrypted]',
        description: expect.stringMatching(/not envelope-encrypted/),
        fix: expect.stringMatching(/EncryptionConfig/),
        severity: 'error',
        violatingResources: [{ constructPath: 'test/Cluster', locations: ['Properties.EncryptionConfig'] }],
      }],
    });
  });
});

describe('registered as a validation plugin', () => {
  const synth = (acknowledged: boolean) => {
    const stack = testStack();
    const cluster = rawCluster({ 'ResourcesVpcConfig.EndpointPublicAccess': true }, stack);
    if (acknowledged) {
      Validations.of(cluster).acknowledge({ id: 'cdk8s-hardening-eks::Cdk8sHardening-EKS1[PublicAccessCidrs::0.0.0.0/0]', reason: 'A short-lived demo cluster, deleted after the workshop' });
    }
    const app = stack.node.root as App;
    Validations.of(app).addPlugins(new EksClusterChecks());
    return () => app.synth();
  };

  test('it fails synthesis of a non-compliant app, saying how to fix or acknowledge', () => {
    expect(synth(false)).toThrow(/Suggested fix: Make the endpoint private[^]*Acknowledge with 'cdk8s-hardening-eks::Cdk8sHardening-EKS1\[PublicAccessCidrs::0\.0\.0\.0\/0\]'/);
  });

  test('the acknowledgement it suggests lets synthesis pass', () => {
    expect(synth(true)).not.toThrow();
  });
});

describe('the EKS checks are rules of the engine\'s model, one file per rule id', () => {
  const dir = join(__dirname, '../../src/aws/rules');

  test.each(EKS_CLUSTER_RULES.map(r => [r.id, r] as const))('%s', (id, rule) => {
    expect(rule.kinds).toEqual(['AWS::EKS::Cluster']);
    expect(Object.values(Severity)).toContain(rule.severity);
    expect(rule.rationale.length).toBeGreaterThan(40);
    expect(EksClusterChecks.RULE_IDS).toContain(id);
    const files = readdirSync(dir).filter(f => readFileSync(join(dir, f), 'utf-8').includes(`id: '${id}'`));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^eks${id.slice(-1)}-[a-z-]+\\.ts$`));
  });

  test('a finding is the violation of a rule: its message is the finding, its path the property', () => {
    const [endpoint] = EKS_CLUSTER_RULES;
    const object = { kind: 'AWS::EKS::Cluster', Properties: { ResourcesVpcConfig: { EndpointPublicAccess: true, PublicAccessCidrs: ['0.0.0.0/1', '128.0.0.0/1'] } } };
    expect(endpoint.check(object, { pssMinor: 37, index: new ObjectIndex([object]), complete: false })).toEqual([
      { message: 'PrivateAccess::disabled', path: 'Properties.ResourcesVpcConfig' },
      { message: 'PublicAccessCidrs::0.0.0.0/0', path: 'Properties.ResourcesVpcConfig' },
    ]);
  });
});
