import { IConstruct } from 'constructs';

/**
 * The one shape of every refusal: which construct, which prop, what is wrong, and how to fix it.
 * Thrown at construction so the stack trace points at the user's code.
 */
export function propError(scope: IConstruct, prop: string, problem: string, fix: string): Error {
  return new Error(`[${scope.node.path}] ${prop}: ${problem}. Fix: ${fix}`);
}
