import { CfnElement, Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/*
 * The cdk-nag findings (AwsSolutions, NIST 800-53 R5) the hardened cluster accepts, each acknowledged with its
 * reason on the construct that causes it, so a user running cdk-nag sees only findings about their own code.
 * cdk-nag 3 reads acknowledgements through `Validations.of(scope).acknowledge` and matches finding ids exactly.
 */

/** The cdk-nag finding of an AWS managed policy on a role. */
export function managedPolicyFinding(policyName: string): string {
  return `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policyName}]`;
}

/** Acknowledges `ids` on `scope` and everything under it, for one reason. */
export function acknowledge(scope: IConstruct, reason: string, ...ids: string[]): void {
  Validations.of(scope).acknowledge(...ids.map(id => ({ id, reason })));
}

const CUSTOM_RESOURCE_LAMBDA = 'invoked only by CloudFormation during deployments';

/**
 * The kubectl provider aws-eks-v2 builds (a handler Lambda with the kubectl layer, behind the custom-resource
 * provider framework): its roles, runtime and invocation are aws-cdk-lib's, not configurable here.
 */
export function acknowledgeKubectlProvider(provider: IConstruct): void {
  const stack = Stack.of(provider);
  const handler = provider.node.findChild('Handler');
  const handlerFunction = stack.getLogicalId(handler.node.defaultChild as CfnElement);
  const hasEcrPublic = stack.getLogicalId(handler.node.findChild('HasEcrPublic') as CfnElement);
  const ecrPublic = JSON.stringify({
    'Fn::If': [hasEcrPublic, { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonElasticContainerRegistryPublicReadOnly']] }, { Ref: 'AWS::NoValue' }],
  });
  acknowledge(provider, 'The AWS managed policies aws-eks-v2 attaches to its kubectl provider: logging, network interfaces in the '
    + 'private subnets (the endpoint is private) and reading the images of Helm charts; the functions are ' + CUSTOM_RESOURCE_LAMBDA,
  managedPolicyFinding('service-role/AWSLambdaBasicExecutionRole'),
  managedPolicyFinding('service-role/AWSLambdaVPCAccessExecutionRole'),
  managedPolicyFinding('AmazonEC2ContainerRegistryReadOnly'),
  `AwsSolutions-IAM4[Policy::${ecrPublic}]`);
  acknowledge(provider, 'The provider framework may invoke every version of the one kubectl handler function (the ARN ends in :*), nothing else',
    `AwsSolutions-IAM5[Resource::<${handlerFunction}.Arn>:*]`);
  acknowledge(provider, 'aws-eks-v2 picks the Python runtime its kubectl handler is built and tested for; upgrading aws-cdk-lib moves it forward',
    'AwsSolutions-L1');
  acknowledge(provider, `Custom-resource functions are ${CUSTOM_RESOURCE_LAMBDA}: reserved concurrency would only throttle deployments`,
    'NIST.800.53.R5-LambdaConcurrency');
  acknowledge(provider, 'CloudFormation invokes custom-resource functions synchronously and gets their failures back (and rolls back); '
    + 'there are no asynchronous events to lose into a dead-letter queue', 'NIST.800.53.R5-LambdaDLQ');
  acknowledge(provider, 'Inline policies aws-eks-v2 generates for its own roles, scoped to this cluster and function and deleted with them',
    'NIST.800.53.R5-IAMNoInlinePolicy');
}
