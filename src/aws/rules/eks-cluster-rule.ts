/**
 * The AWS checks use the rule model of the engine (metadata plus one small check, one file per rule id): the object is
 * an `AWS::EKS::Cluster` as CloudFormation renders it (`{ kind, Properties }`), each violation's message is the
 * cdk-nag-style finding (`LogExport::audit`) and its path the property it is about.
 */
import { objectRule, ObjectRuleProps } from '../../rules/define';
import { Manifest, Rule, Violation } from '../../rules/rule';

/** The CloudFormation type the checks look at. */
export const EKS_CLUSTER_TYPE = 'AWS::EKS::Cluster';

/** A rule over an EKS cluster's rendered CloudFormation properties. */
export interface EksClusterRuleProps extends Omit<ObjectRuleProps, 'kinds' | 'check'> {
  /** The property the findings are about, e.g. `Properties.Logging`. */
  readonly location: string;
  /** The findings (suffixes of the rule id, e.g. `LogExport::audit`) of the cluster's properties. */
  findings(properties: Record<string, any>): string[];
}

export function eksClusterRule(props: EksClusterRuleProps): Rule {
  const { location, findings, ...rest } = props;
  return objectRule({
    ...rest,
    kinds: [EKS_CLUSTER_TYPE],
    check: (object: Manifest): Violation[] => findings(object.Properties ?? {}).map(message => ({ message, path: location })),
  });
}

/** A value that is only known at deployment (a Ref, Fn::If …) cannot be shown compliant. */
export const isIntrinsic = (value: unknown): boolean => typeof value === 'object' && value !== null && !Array.isArray(value);
