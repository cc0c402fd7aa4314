import {
  CfnResource,
  IPolicyValidationContext,
  IPolicyValidationPlugin,
  PolicyValidationPluginReport,
  PolicyViolation,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { allowListBreadth } from './public-access';
import { coveredAddresses } from '../network/cidr';

/** The control-plane log types an audit needs. */
const LOG_TYPES = ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler'];
const OPEN_IPV4 = '0.0.0.0/0';
const ALL_IPV4 = BigInt(2) ** BigInt(32);

/** One check of an `AWS::EKS::Cluster`'s CloudFormation properties; returns the findings (suffixes of the rule id). */
interface ClusterRule {
  readonly id: string;
  readonly description: string;
  readonly fix: string;
  readonly location: string;
  findings(properties: Record<string, any>): string[];
}

/** A value that is only known at deployment (a Ref, Fn::If …) cannot be shown compliant. */
const isIntrinsic = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);

const RULES: ClusterRule[] = [
  {
    id: 'Cdk8sHardening-EKS1',
    description: 'The Kubernetes API server endpoint is reachable from the internet without a CIDR allow-list, or not from inside the VPC.',
    fix: 'Make the endpoint private (EndpointPublicAccess: false, EndpointPrivateAccess: true), or restrict PublicAccessCidrs to the networks that administer the cluster '
      + '(together less than a /8\'s worth of addresses).',
    location: 'Properties.ResourcesVpcConfig',
    findings(properties) {
      const vpc = properties.ResourcesVpcConfig ?? {};
      const findings: string[] = [];
      // CloudFormation's defaults: public on, private off.
      const isPublic = vpc.EndpointPublicAccess ?? true;
      const isPrivate = vpc.EndpointPrivateAccess ?? false;
      if (isPrivate !== true) findings.push('PrivateAccess::disabled');
      if (isPublic !== false) {
        const cidrs: unknown = vpc.PublicAccessCidrs ?? [];
        if (isIntrinsic(isPublic) || !Array.isArray(cidrs) || cidrs.some(isIntrinsic)) findings.push('PublicAccess::unresolved');
        // The address space the list covers, not its spelling: 0.0.0.0/1 and 128.0.0.0/1 are 0.0.0.0/0 too.
        else if (cidrs.length === 0 || coveredAddresses(cidrs.map(String)).ipv4 >= ALL_IPV4) findings.push(`PublicAccessCidrs::${OPEN_IPV4}`);
        else if (allowListBreadth(cidrs.map(String))) findings.push('PublicAccessCidrs::broad');
      }
      return findings;
    },
  },
  {
    id: 'Cdk8sHardening-EKS2',
    description: 'The cluster does not send all five control-plane log types (api, audit, authenticator, controllerManager, scheduler) to CloudWatch Logs.',
    fix: 'Enable every type in Logging.ClusterLogging.EnabledTypes.',
    location: 'Properties.Logging',
    findings(properties) {
      const enabled: unknown = properties.Logging?.ClusterLogging?.EnabledTypes ?? [];
      const types = Array.isArray(enabled) ? enabled.map(t => t?.Type) : [];
      return LOG_TYPES.filter(t => !types.includes(t)).map(t => `LogExport::${t}`);
    },
  },
  {
    id: 'Cdk8sHardening-EKS3',
    description: 'Kubernetes Secrets are not envelope-encrypted with a customer-managed KMS key.',
    fix: 'Add an EncryptionConfig entry with Resources: ["secrets"] and Provider.KeyArn naming a customer-managed key.',
    location: 'Properties.EncryptionConfig',
    findings(properties) {
      const configs: unknown = properties.EncryptionConfig ?? [];
      const encrypted = Array.isArray(configs)
        && configs.some(c => Array.isArray(c?.Resources) && c.Resources.includes('secrets') && c.Provider?.KeyArn !== undefined);
      return encrypted ? [] : ['Secrets::unencrypted'];
    },
  },
  {
    id: 'Cdk8sHardening-EKS4',
    description: 'The IAM principal that creates the cluster is made a cluster administrator that no access entry shows.',
    fix: 'Set AccessConfig.BootstrapClusterCreatorAdminPermissions to false and grant administrators through access entries.',
    location: 'Properties.AccessConfig',
    findings(properties) {
      return properties.AccessConfig?.BootstrapClusterCreatorAdminPermissions === false ? [] : ['ClusterCreator::admin'];
    },
  },
];

/**
 * cdk-nag-style checks of EKS clusters' endpoint access, control-plane logging, Secrets encryption and creator
 * access, keyed on the CloudFormation type `AWS::EKS::Cluster`: cdk-nag's own EKS rules recognize only the
 * `aws-eks` module's cluster, so clusters of `aws-eks-v2` (and raw `CfnResource`s) pass them unchecked.
 *
 * Findings are named like cdk-nag's, `<rule>[<finding>]` (e.g. `Cdk8sHardening-EKS2[LogExport::audit]`), and are
 * acknowledged the same way: `Validations.of(construct).acknowledge({ id, reason })` on the cluster or a parent.
 * Property overrides (`addPropertyOverride`) are seen, since the rendered CloudFormation is what is checked.
 *
 * @example
 * Validations.of(app).addPlugins(new EksClusterChecks());
 */
export class EksClusterChecks implements IPolicyValidationPlugin {
  /** The rule ids, for acknowledgements and reports. */
  public static readonly RULE_IDS = RULES.map(r => r.id);

  /** Name of the plugin in validation reports. */
  public readonly name: string = 'cdk8s-hardening-eks';
  /** The rules evaluated. */
  public readonly ruleIds: string[] = EksClusterChecks.RULE_IDS;

  /** Called by the CDK during synthesis, once the plugin is registered with `Validations.of(app).addPlugins`. */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    return this.validateScope(context.appConstruct);
  }

  /** Checks every `AWS::EKS::Cluster` under `scope` (an app, a stage or a stack), e.g. in a test. */
  public validateScope(scope: IConstruct): PolicyValidationPluginReport {
    const violations = new Map<string, PolicyViolation>();
    for (const resource of scope.node.findAll().filter(CfnResource.isCfnResource)) {
      if (resource.cfnResourceType !== 'AWS::EKS::Cluster') continue;
      const properties = renderedProperties(resource);
      for (const rule of RULES) {
        for (const finding of rule.findings(properties)) {
          const ruleName = `${rule.id}[${finding}]`;
          if (isAcknowledged(resource, this.name, ruleName)) continue;
          const violating = { constructPath: resource.node.path, locations: [rule.location] };
          const existing = violations.get(ruleName);
          if (existing) existing.violatingResources.push(violating);
          else violations.set(ruleName, { ruleName, description: rule.description, fix: rule.fix, severity: 'error', violatingResources: [violating] });
        }
      }
    }
    return { success: violations.size === 0, violations: [...violations.values()] };
  }
}

/** The resource's CloudFormation properties as they will be deployed, overrides included. */
function renderedProperties(resource: CfnResource): Record<string, any> {
  // `_toCloudFormation` is what the stack renders; the typed L1 getters would miss raw overrides.
  type Rendered = { Resources: Record<string, { Properties?: Record<string, any> }> };
  const rendered = Stack.of(resource).resolve((resource as any)._toCloudFormation()) as Rendered;
  return Object.values(rendered.Resources)[0]?.Properties ?? {};
}

/**
 * Whether `ruleName` is acknowledged on the resource or one of its scopes (the metadata `Validations.acknowledge`
 * writes). The CDK stores a bare id as `Annotation::<id>` (`annotation::` before 2.262.1), and suggests the
 * plugin-qualified `<plugin>::<id>` in its reports: both count.
 */
function isAcknowledged(resource: IConstruct, pluginName: string, ruleName: string): boolean {
  const qualifiers = new RegExp(`^(annotation|${pluginName})::`, 'i');
  for (let scope: IConstruct | undefined = resource; scope; scope = scope.node.scope) {
    for (const entry of scope.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      if (Object.keys(entry.data).some(id => id.replace(qualifiers, '') === ruleName)) return true;
    }
  }
  return false;
}
