/**
 * The checks every construct test runs on what it synthesizes: schema validity (Kubernetes objects and the
 * custom resources the library emits, see schemas.ts) and Pod Security Standards `restricted`.
 */
import { App, Chart, Size, Testing } from 'cdk8s';
import { Cpu, HardeningDefaults } from '../src';
import { schemaErrors } from './schemas';
import { ObjectIndex } from '../src/rules/object-index';
import { PSS_LATEST_MINOR, pssRules } from '../src/rules/pss';
import { Manifest, Rule, RuleContext, Severity } from '../src/rules/rule';

export { schemaErrors };

/** Every object a chart or app synthesizes, in output order (plain JSON, typed loosely for assertions). */
export function synthObjects(scope: App | Chart): any[] {
  if (scope instanceof App) {
    return scope.charts.flatMap(chart => chart.toJson());
  }
  return Testing.synth(scope);
}

/** One violation of one rule in one object, as the rule tests assert on it. */
export interface RuleViolation {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly message: string;
  readonly path: string;
  readonly object: { readonly apiVersion?: string; readonly kind?: string; readonly namespace?: string; readonly name?: string };
}

/**
 * Every violation of `rules` in `objects`, one entry each, with no exemption applied: what a rule reports, before the
 * engine (`runAudit`) groups violations into findings and applies exemptions. Rules run on the kinds they name, with
 * the whole list as their cross-object index, as in the engine.
 */
export function evaluate(objects: readonly Manifest[], rules: readonly Rule[], options: { readonly pssMinor: number }): RuleViolation[] {
  // The rule tests judge a rule's logic on fixtures that are the whole input, so dangling checks judge them too.
  const context: RuleContext = { pssMinor: options.pssMinor, index: new ObjectIndex(objects), complete: true };
  return objects.flatMap(object => rules
    .filter(rule => rule.kinds.includes('*') || rule.kinds.includes(object.kind ?? ''))
    .flatMap(rule => rule.check(object, context).map((v): RuleViolation => ({
      ruleId: rule.id,
      severity: rule.severity,
      message: v.message,
      path: v.path,
      object: { apiVersion: object.apiVersion, kind: object.kind, namespace: object.metadata?.namespace, name: object.metadata?.name },
    }))));
}

/** PSS findings at `level` for the newest modelled version. */
export function pssFindings(objects: readonly Manifest[], level: 'baseline' | 'restricted' = 'restricted'): RuleViolation[] {
  return evaluate(objects, pssRules(level, PSS_LATEST_MINOR), { pssMinor: PSS_LATEST_MINOR });
}

/** Asserts what every construct's output must satisfy: schema-valid and PSS restricted. */
export function expectHardened(objects: readonly Manifest[]): void {
  expect(objects.length).toBeGreaterThan(0);
  expect(schemaErrors(objects)).toEqual([]);
  expect(pssFindings(objects).map(f => `${f.object.kind}/${f.object.name}: ${f.ruleId}: ${f.message}`)).toEqual([]);
}

/** Every refusal names the construct path, the prop, what is wrong and how to fix it; returns the message. */
export function expectRefused(fn: () => unknown, path: string, prop: string, problem: RegExp): string {
  let message = '';
  try {
    fn();
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).not.toBe('');
  expect(message).toContain(`[${path}] ${prop}: `);
  expect(message).toMatch(problem);
  expect(message).toMatch(/Fix: \S/);
  return message;
}

/** A new App with the resource defaults a platform team would set once. */
export function appWithDefaults(): App {
  const app = Testing.app();
  HardeningDefaults.set(app, {
    resources: {
      cpu: { request: Cpu.millis(100), limit: Cpu.millis(500) },
      memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
    },
  });
  return app;
}

/** A digest-pinned test image (the digest is arbitrary but well-formed). */
export const IMAGE = 'registry.example.com/team/api@sha256:4f1a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a';
