import { App } from 'cdk8s';
import { PLAINTEXT_SECRETS_GATE, provideAppGate } from '../core/app-gates';
import { appExemptions } from '../core/exemptions-registry';
import { synthesizedObjects } from '../core/synthesized-objects';
import { loadEngine } from '../rules/load-engine';

const RULE_ID = 'secret-plaintext';

/**
 * Refuses, at `app.synth()`, every `Secret` object of the app that carries `data` or `stringData` (rule
 * `secret-plaintext`), whoever emitted it: cdk8s-plus, a plain ApiObject, an Include or a Helm chart. The constructs
 * of this library never emit one; they register this guard once per App, so using any of them makes the refusal the
 * default. It judges the objects as they will be written (a Secret inside a `kind: List`, or a ConfigMap patched into a
 * Secret, is a Secret). No annotation can accept a plaintext Secret: only an entry in the platform team's exemptions file,
 * registered with `HardeningAudit.useExemptions(app, file)`. The constructs require it through `core/app-gates`; this
 * module provides it when the package entry loads.
 */
export function plaintextSecretsGate(app: App): string[] {
  const inputs = synthesizedObjects(app).filter(o => o.object?.kind === 'Secret');
  if (inputs.length === 0) return [];
  // The engine, not a copy of the rule: same check and the same exemptions as the audit and the CLI.
  const { runAudit, findRule, readExemptionsFile } = loadEngine();
  const fix = findRule(RULE_ID)!.fix;
  const file = appExemptions(app);
  const suppressions = file ? readExemptionsFile(file).filter(s => s.ruleId === RULE_ID) : [];
  return runAudit(inputs, { packs: ['hardened'], suppressions }).findings
    .filter(f => f.ruleId === RULE_ID && !f.suppressed)
    .map(f => `[${f.constructPath}] ${f.ruleId}: ${f.object.kind} ${f.object.name}: ${f.message}. Fix: ${fix} `
        + 'The exemptions file is registered with HardeningAudit.useExemptions(app, file).');
}

provideAppGate(PLAINTEXT_SECRETS_GATE, plaintextSecretsGate);
