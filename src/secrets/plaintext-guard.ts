import { ApiObject, App } from 'cdk8s';
import { IConstruct } from 'constructs';
import { loadEngine } from '../rules/load-engine';

const RULE_ID = 'secret-plaintext';

const GUARDED = new WeakSet<App>();

/**
 * Refuses, at `app.synth()`, every `Secret` object of the app that carries `data` or `stringData` (rule
 * `secret-plaintext`), whoever emitted it: cdk8s-plus, a plain ApiObject, an Include or a Helm chart. The constructs
 * of this library never emit one; they register this guard once per App, so using any of them makes the refusal the
 * default. The opt-out is the rule engine's own suppression, with a reason written on the object:
 * `HardeningAudit.suppress(construct, 'secret-plaintext', '<why the value is not sensitive>')`.
 */
export function guardPlaintextSecrets(scope: IConstruct): void {
  const app = App.of(scope);
  if (GUARDED.has(app)) return;
  GUARDED.add(app);
  app.node.addValidation({
    validate: () => {
      const inputs = app.node.findAll()
        .filter((c): c is ApiObject => c instanceof ApiObject && c.kind === 'Secret')
        .map(o => ({ object: o.toJson(), constructPath: o.node.path }));
      if (inputs.length === 0) return [];
      // The engine, not a copy of the rule: same check, same suppression annotations as the audit and the CLI.
      const { runAudit, findRule } = loadEngine();
      const fix = findRule(RULE_ID)!.fix;
      return runAudit(inputs, { packs: ['hardened'] }).findings
        .filter(f => f.ruleId === RULE_ID && !f.suppressed)
        .map(f => `[${f.constructPath}] ${f.ruleId}: ${f.object.kind} ${f.object.name}: ${f.message}. Fix: ${fix} `
          + `To keep it: HardeningAudit.suppress(construct, '${RULE_ID}', '<why the value is not sensitive>').`);
    },
  });
}
