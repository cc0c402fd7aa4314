import { CfnElement, CfnResource, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { HardeningError, propError } from '../core/errors';

/**
 * What a value that holds CDK tokens turns out to be at synth, as far as the template tells:
 * - `literal`: a string known now (a `Lazy`, or a join of literals and pseudo parameters, shown with placeholders);
 * - `resource`: the `Ref` or `Fn::GetAtt` of a resource of this stack, of the CloudFormation type given;
 * - `unknown`: something only deployment decides (a parameter, an import, a condition), described for a message.
 *
 * Used where a construct takes a token for something it must judge (a CIDR, an ARN, a principal): a token is
 * checked where it resolves instead of waved through, and refused when nothing can be known before deployment.
 */
export type Resolution =
  | { readonly kind: 'literal'; readonly value: string }
  | { readonly kind: 'resource'; readonly type: string; readonly attribute: string }
  | { readonly kind: 'unknown'; readonly what: string };

/**
 * Stand-ins for the pseudo parameters, so a joined ARN can be checked for its shape. Only the shape is judged
 * with them; none of them can widen an ARN to a wildcard.
 */
const PSEUDO_PARAMETERS: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '123456789012',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'stack',
};

/** What `value` resolves to in the stack of `scope` (see `Resolution`). Plain strings are literals. */
export function resolveAtSynth(scope: IConstruct, value: string): Resolution {
  if (!Token.isUnresolved(value)) return { kind: 'literal', value };
  const stack = Stack.of(scope);
  return classify(stack, stack.resolve(value));
}

function classify(stack: Stack, value: unknown): Resolution {
  if (typeof value === 'string') return { kind: 'literal', value };
  if (typeof value === 'number') return { kind: 'literal', value: String(value) };
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1) {
      const [fn, args] = entries[0];
      if (fn === 'Ref' && typeof args === 'string') {
        if (PSEUDO_PARAMETERS[args] !== undefined) return { kind: 'literal', value: PSEUDO_PARAMETERS[args] };
        const type = resourceType(stack, args);
        return type ? { kind: 'resource', type, attribute: 'Ref' } : { kind: 'unknown', what: `the parameter "${args}"` };
      }
      if (fn === 'Fn::GetAtt' && Array.isArray(args) && typeof args[0] === 'string') {
        const type = resourceType(stack, args[0]);
        return type ? { kind: 'resource', type, attribute: String(args[1]) } : { kind: 'unknown', what: `an attribute of "${args[0]}"` };
      }
      if (fn === 'Fn::Join' && Array.isArray(args) && typeof args[0] === 'string' && Array.isArray(args[1])) {
        const parts = args[1].map(p => classify(stack, p));
        const open = parts.find(p => p.kind !== 'literal');
        if (open === undefined) return { kind: 'literal', value: parts.map(p => (p as { value: string }).value).join(args[0]) };
        return { kind: 'unknown', what: `a value joined with ${open.kind === 'unknown' ? open.what : `a ${open.type} attribute`}` };
      }
      return { kind: 'unknown', what: `a value computed by ${fn}` };
    }
  }
  return { kind: 'unknown', what: 'a value known only at deployment' };
}

/** The CloudFormation type of the resource of `stack` with that logical id, or undefined (a parameter, another stack's). */
function resourceType(stack: Stack, logicalId: string): string | undefined {
  const found = stack.node.findAll().find((c): c is CfnResource => CfnResource.isCfnResource(c)
    && Stack.of(c) === stack && stack.resolve((c as CfnElement).logicalId) === logicalId);
  return found?.cfnResourceType;
}

/**
 * Judges a token where it resolves: at synth, `judge` gets what `value` turned out to be and returns the problem
 * (refused with `fix`, naming `prop` on `scope`), or undefined when it is acceptable.
 */
export function judgeAtSynth(scope: IConstruct, prop: string, value: string, judge: (resolved: Resolution) => string | undefined, fix: string): void {
  scope.node.addValidation({
    validate: () => {
      const problem = judge(resolveAtSynth(scope, value));
      return problem === undefined ? [] : [validationMessage(propError(scope, prop, problem, fix))];
    },
  });
}

/** A refusal as a construct validation reports it: the CDK prefixes the construct path itself. */
export function validationMessage(e: HardeningError): string {
  return new HardeningError(e.code, undefined, e.prop, e.problem, e.fix).message;
}

/** How to say what an unacceptable resolution is, e.g. `the parameter "RoleArn" (known only at deployment)`. */
export function describeResolution(resolved: Resolution): string {
  switch (resolved.kind) {
    case 'literal': return `"${resolved.value}"`;
    case 'resource': return `the ${resolved.attribute} of a ${resolved.type}`;
    default: return `${resolved.what} (known only at deployment)`;
  }
}
