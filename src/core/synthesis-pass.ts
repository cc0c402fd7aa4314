import { App } from 'cdk8s';
import { IConstruct } from 'constructs';

// cdk8s validates the whole App again for every chart it writes (`Chart.toJson` runs `App._synthChart`, which runs
// every validation of the App), so an app-wide check added with `addValidation` runs once per chart, plus once more,
// in a single `app.synth()`: quadratic in the number of charts (100 charts, 1,900 objects: the plaintext guard alone
// took 60 s). Within one `synth()` or `synthYaml()` call no user code runs between those validations, so an app-wide
// check computes its result once per call and hands the same result to the other charts. Outside such a call
// (`Testing.synth(chart)`, `chart.toJson()`) it computes every time, and nothing is kept once the call returns: a
// change made between two syntheses is always judged.

/** The results of the app-wide checks during the App's current `synth()`/`synthYaml()` call. */
const PASSES = new WeakMap<App, Map<object, string[]>>();
const TRACKED = new WeakSet<App>();

/** Marks each `synth()`/`synthYaml()` call of the App as one synthesis pass. */
function trackSyntheses(app: App): void {
  if (TRACKED.has(app)) return;
  TRACKED.add(app);
  for (const method of ['synth', 'synthYaml'] as const) {
    const original = app[method] as (...args: unknown[]) => unknown;
    Object.defineProperty(app, method, {
      configurable: true,
      writable: true,
      value: function (this: App, ...args: unknown[]) {
        const outer = PASSES.has(app);
        if (!outer) PASSES.set(app, new Map());
        try {
          return original.apply(this, args);
        } finally {
          if (!outer) PASSES.delete(app);
        }
      },
    });
  }
}

/**
 * Adds an app-wide validation to `scope` (a check that reads the whole App, or all of `scope`, however many charts
 * it has) that runs once per synthesis instead of once per chart. `validate` returns the error messages, as with
 * `addValidation`.
 */
export function addAppWideValidation(scope: IConstruct, validate: () => string[]): void {
  const app = App.of(scope);
  trackSyntheses(app);
  const key = {};
  scope.node.addValidation({
    validate: () => {
      const pass = PASSES.get(app);
      if (!pass) return validate();
      let errors = pass.get(key);
      if (!errors) {
        errors = validate();
        pass.set(key, errors);
      }
      return errors;
    },
  });
}
