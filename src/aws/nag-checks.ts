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
import { EKS_CLUSTER_RULES } from './rules';
import { EKS_CLUSTER_TYPE } from './rules/eks-cluster-rule';
import { PSS_LATEST_MINOR } from '../detectors/pss-version';
import { Manifest } from '../manifest/manifest';
import { ObjectIndex } from '../rules/object-index';
import { RuleContext } from '../rules/rule';

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
  public static readonly RULE_IDS = EKS_CLUSTER_RULES.map(r => r.id);

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
    const clusters = scope.node.findAll().filter(CfnResource.isCfnResource).filter(r => r.cfnResourceType === EKS_CLUSTER_TYPE)
      .map(resource => ({ resource, object: { kind: EKS_CLUSTER_TYPE, Properties: renderedProperties(resource) } as Manifest }));
    const context: RuleContext = { pssMinor: PSS_LATEST_MINOR, index: new ObjectIndex(clusters.map(c => c.object)), complete: false };
    for (const { resource, object } of clusters) {
      for (const rule of EKS_CLUSTER_RULES) {
        for (const finding of rule.check(object, context)) {
          const ruleName = `${rule.id}[${finding.message}]`;
          if (isAcknowledged(resource, this.name, ruleName)) continue;
          const violating = { constructPath: resource.node.path, locations: [finding.path] };
          const existing = violations.get(ruleName);
          if (existing) existing.violatingResources.push(violating);
          else violations.set(ruleName, { ruleName, description: rule.title, fix: rule.fix, severity: 'error', violatingResources: [violating] });
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
