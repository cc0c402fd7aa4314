/**
 * The acceptance run's ledger: every check passes or fails (a check that could not run is a failure in CI and a
 * skip elsewhere), and the report and the closing `N passed, N failed` line are made from it.
 */

export type Outcome = 'passed' | 'failed' | 'skipped';

export interface CheckResult {
  /** Section of the report, e.g. `api-server` or `scanner`. */
  readonly group: string;
  readonly name: string;
  readonly outcome: Outcome;
  /** What was seen: the reason of a failure, the count behind a pass. */
  readonly detail: string;
}

export class Ledger {
  public readonly results: CheckResult[] = [];

  /** Records a check: `failures` empty means passed; each failure is printed. */
  public check(group: string, name: string, failures: readonly string[], passDetail = ''): boolean {
    const outcome: Outcome = failures.length === 0 ? 'passed' : 'failed';
    const detail = failures.length === 0 ? passDetail : failures.slice(0, 20).join('\n') + (failures.length > 20 ? `\n… and ${failures.length - 20} more` : '');
    this.results.push({ group, name, outcome, detail });
    const mark = outcome === 'passed' ? 'ok  ' : 'FAIL';
    console.log(`${mark} [${group}] ${name}${passDetail && outcome === 'passed' ? ` — ${passDetail}` : ''}`);
    if (outcome === 'failed') console.log(detail.split('\n').map(l => `       ${l}`).join('\n'));
    return outcome === 'passed';
  }

  /**
   * A part that cannot run because a tool is missing: skipped on a user's machine, failed in CI (CI=true), where
   * everything must run.
   */
  public unavailable(group: string, name: string, why: string): void {
    const inCi = process.env.CI === 'true';
    this.results.push({ group, name, outcome: inCi ? 'failed' : 'skipped', detail: why });
    console.log(`${inCi ? 'FAIL' : 'skip'} [${group}] ${name} — ${why}${inCi ? ' (CI=true: nothing may be skipped)' : ''}`);
  }

  public count(outcome: Outcome): number {
    return this.results.filter(r => r.outcome === outcome).length;
  }

  public summary(): string {
    const skipped = this.count('skipped');
    return `${this.count('passed')} passed, ${this.count('failed')} failed${skipped ? `, ${skipped} skipped` : ''}`;
  }
}
