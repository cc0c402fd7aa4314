/**
 * App-wide gates that constructs require and a higher layer provides. A workload or a secret construct must make a
 * gate the default for its App (refusing a plaintext Secret whoever emitted it), but the gate's logic, the rule engine
 * with its exemptions, sits above the constructs. So the construct names the gate here, and the audit layer provides
 * it when the package entry (`src/index.ts`) loads: the imports still run one way, down.
 */
import { App } from 'cdk8s';
import { IConstruct } from 'constructs';
import { addAppWideValidation } from './synthesis-pass';

/** A gate over the whole app: the errors it finds, once per synthesis. */
export type AppGate = (app: App) => string[];

/** Refuses every Secret of the app that carries `data` or `stringData` (rule `secret-plaintext`). */
export const PLAINTEXT_SECRETS_GATE = 'plaintext-secrets';

const provided = new Map<string, AppGate>();
const required = new WeakMap<App, Set<string>>();

/** Provides the implementation of the gate `name`; called by the layer that owns its logic, at load. */
export function provideAppGate(name: string, gate: AppGate): void {
  provided.set(name, gate);
}

/**
 * Makes the gate `name` run when the App of `scope` is synthesized (once per App, however many constructs ask).
 * A gate that was never provided fails the synthesis instead of passing it.
 */
export function requireAppGate(scope: IConstruct, name: string): void {
  const app = App.of(scope);
  const names = required.get(app) ?? new Set<string>();
  required.set(app, names);
  if (names.has(name)) return;
  names.add(name);
  addAppWideValidation(app, () => {
    const gate = provided.get(name);
    if (!gate) {
      return [`the ${name} gate is not loaded, so the app cannot be judged: import the library from its package entry ('cdk8s-hardening'), which provides every gate its constructs require`];
    }
    return gate(app);
  });
}
