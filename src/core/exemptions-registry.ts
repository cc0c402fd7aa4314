import { App } from 'cdk8s';
import { IConstruct } from 'constructs';

// The exemptions file the platform team registered for an App (HardeningAudit.useExemptions), read by every
// synth-time gate of that App. Kept here, below the gates, so the secrets layer's guard can read it without importing the audit.
const FILES = new WeakMap<App, string>();

/** Registers the exemptions file of the App that `scope` belongs to; refuses a second, different file. */
export function registerAppExemptions(scope: IConstruct, file: string): void {
  const app = App.of(scope);
  const existing = FILES.get(app);
  if (existing !== undefined && existing !== file) {
    throw new Error(`[${app.node.path || '<app>'}] exemptions: the App already uses the exemptions file "${existing}". Fix: keep one file per App`);
  }
  FILES.set(app, file);
}

/** The exemptions file registered for the App of `scope`, if any. */
export function appExemptions(scope: IConstruct): string | undefined {
  return FILES.get(App.of(scope));
}
