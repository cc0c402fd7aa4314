import { IConstruct } from 'constructs';
import { justificationProblem, normalizeJustification } from '../detectors/justification';

/**
 * A refusal by the library: which construct, which prop, what is wrong and how to fix it, with a stable
 * code that users and tests can match instead of the message text.
 *
 * Not exported through jsii (an Error subclass cannot cross the language boundary); other languages see the message.
 */
export class HardeningError extends Error {
  constructor(
    /** Stable, kebab-case code, e.g. `invalid-prop` or `justification-missing`. */
    public readonly code: string,
    /** Construct path of the construct that refused, when a construct did. */
    public readonly constructPath: string | undefined,
    /** The prop (rooted at `props.` for construct props) or factory argument that is wrong. */
    public readonly prop: string,
    /** What is wrong. */
    public readonly problem: string,
    /** How to fix it. */
    public readonly fix: string,
  ) {
    super(`${constructPath !== undefined ? `[${constructPath}] ` : ''}${prop}: ${problem}. Fix: ${fix}`);
    this.name = 'HardeningError';
  }
}

/**
 * The one shape of every refusal: which construct, which prop, what is wrong, and how to fix it.
 * Thrown at construction so the stack trace points at the user's code.
 */
export function propError(scope: IConstruct, prop: string, problem: string, fix: string, code = 'invalid-prop'): HardeningError {
  return new HardeningError(code, scope.node.path, prop, problem, fix);
}

/** A refusal by a factory that has no construct yet, e.g. `Waiver.runAsRoot(…)`. */
export function argumentError(where: string, problem: string, fix: string, code = 'invalid-argument'): HardeningError {
  return new HardeningError(code, undefined, where, problem, fix);
}

/**
 * The justification, normalized, or a refusal naming where it was given. `scope` is the construct when there
 * is one; factories (Waiver, Acknowledgement…) pass a description of the call instead.
 */
export function requireJustification(scope: IConstruct | string, prop: string, justification: unknown, fix: string): string {
  const problem = justificationProblem(justification);
  if (problem !== undefined) {
    throw typeof scope === 'string'
      ? new HardeningError('justification-missing', undefined, `${scope} ${prop}`.trim(), problem, fix)
      : new HardeningError('justification-missing', scope.node.path, prop, problem, fix);
  }
  return normalizeJustification(justification as string);
}
