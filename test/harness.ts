/**
 * The checks every construct test runs on what it synthesizes: Kubernetes schema validity
 * (kubernetes-models' validators, generated from the upstream OpenAPI) and Pod Security Standards `restricted`.
 */
import { App, Chart, Size, Testing } from 'cdk8s';
import { Cpu, HardeningDefaults } from '../src';
import { PSS_LATEST_MINOR, pssRules } from '../src/rules/pss';
import { evaluate, Finding, Manifest } from '../src/rules/rule';

/** Every object a chart or app synthesizes, in output order (plain JSON, typed loosely for assertions). */
export function synthObjects(scope: App | Chart): any[] {
  if (scope instanceof App) {
    return scope.charts.flatMap(chart => chart.toJson());
  }
  return Testing.synth(scope);
}

/** Schema errors per object, `[]` when every object validates against its Kubernetes schema. */
export function schemaErrors(objects: readonly Manifest[]): string[] {
  const errors: string[] = [];
  for (const obj of objects) {
    const id = `${obj.kind}/${obj.metadata?.name}`;
    const Model = modelFor(obj.apiVersion ?? '', obj.kind ?? '');
    if (!Model) {
      errors.push(`${id}: no Kubernetes schema for ${obj.apiVersion} ${obj.kind}`);
      continue;
    }
    try {
      new Model(obj).validate();
    } catch (e) {
      errors.push(`${id}: ${(e as Error).message}`);
    }
  }
  return errors;
}

/** PSS findings at `level` for the newest modelled version. */
export function pssFindings(objects: readonly Manifest[], level: 'baseline' | 'restricted' = 'restricted'): Finding[] {
  return evaluate(objects, pssRules(level, PSS_LATEST_MINOR), { pssMinor: PSS_LATEST_MINOR });
}

/** Asserts what every construct's output must satisfy: schema-valid and PSS restricted. */
export function expectHardened(objects: readonly Manifest[]): void {
  expect(objects.length).toBeGreaterThan(0);
  expect(schemaErrors(objects)).toEqual([]);
  expect(pssFindings(objects).map(f => `${f.object.kind}/${f.object.name}: ${f.ruleId}: ${f.message}`)).toEqual([]);
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

type ModelClass = new (data: unknown) => { validate(): void };
const modelCache = new Map<string, ModelClass | undefined>();

/** The kubernetes-models class for an apiVersion/kind, e.g. `apps/v1` Deployment → kubernetes-models/apps/v1. */
function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
  const key = `${apiVersion}/${kind}`;
  if (!modelCache.has(key)) {
    let Model: ModelClass | undefined;
    try {
      // The module path depends on the object, so it cannot be a static import.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      Model = require(`kubernetes-models/${apiVersion}`)[kind];
    } catch {
      Model = undefined;
    }
    modelCache.set(key, Model);
  }
  return modelCache.get(key);
}
