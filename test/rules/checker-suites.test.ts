/**
 * Verdict parity with Polaris on Polaris's own check fixtures (issue 16). The Polaris binary cannot be built here
 * (the Go module proxy refuses the module), so its test suite is the next-best judge: each fixture file's name
 * carries Polaris's verdict (`success*` passes the check named by its folder, `failure*` fails it). Every rule that
 * references that check is run on the file, and its verdict is compared through the reference's relation:
 * EQUIVALENT must match, STRICTER may fail where Polaris passes, NARROWER may pass where Polaris fails, RELATED is
 * not compared. A disagreement not listed in `polaris-open.json` fails, and so does a listed one that is gone, so
 * the list is always the measured state; `CHECKER_SUITES_RECORD=1` rewrites it.
 */
import { readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { parseAllDocuments } from 'yaml';
import { ReferenceRelation } from '../../src/detectors/severity';
import { ALL_RULES } from '../../src/rules/catalog';
import { PSS_LATEST_MINOR } from '../../src/rules/pss';
import { Manifest } from '../../src/rules/rule';
import { evaluate } from '../harness';

const SUITE = join(__dirname, '..', 'fixtures', 'checkers', 'polaris');
const OPEN_FILE = join(__dirname, 'polaris-open.json');

interface Comparison {
  readonly key: string;
  readonly relation: ReferenceRelation;
  readonly compared: boolean;
  readonly agrees: boolean;
}

function fixtures(): Array<{ check: string; file: string; fails: boolean }> {
  return readdirSync(SUITE, { withFileTypes: true }).filter(d => d.isDirectory()).flatMap(d =>
    readdirSync(join(SUITE, d.name)).filter(f => /\.ya?ml$/.test(f)).sort()
      .map(file => ({ check: d.name, file, fails: file.startsWith('failure') })));
}

function compare(): Comparison[] {
  const out: Comparison[] = [];
  for (const { check, file, fails } of fixtures()) {
    const objects = parseAllDocuments(readFileSync(join(SUITE, check, file), 'utf8'))
      .map(doc => doc.toJSON()).filter((o: unknown) => o !== null && typeof o === 'object') as Manifest[];
    for (const rule of ALL_RULES) {
      const ref = rule.references.find(r => r.framework === 'polaris' && r.id === check);
      if (!ref) continue;
      const ruleFails = evaluate(objects, [rule], { pssMinor: PSS_LATEST_MINOR }).length > 0;
      const compared = ref.relation !== ReferenceRelation.RELATED;
      const agrees = ruleFails === fails
        || (ref.relation === ReferenceRelation.STRICTER && ruleFails && !fails)
        || (ref.relation === ReferenceRelation.NARROWER && !ruleFails && fails);
      out.push({ key: `${check}/${file} ${rule.id} (rule ${ruleFails ? 'fails' : 'passes'}, Polaris ${fails ? 'fails' : 'passes'})`, relation: ref.relation, compared, agrees });
    }
  }
  return out;
}

describe('Polaris check fixtures, judged through the references', () => {
  const comparisons = compare();
  const compared = comparisons.filter(c => c.compared);
  const disagreements = compared.filter(c => !c.agrees).map(c => c.key).sort();

  /** Polaris checks that rules reference but that have no vendored fixture, and why. */
  const WITHOUT_FIXTURES: Record<string, string> = {
    priorityClassNotSet: 'referenced by pod-priority-class, added after the fixtures were vendored; not fetched yet',
  };

  test('the suite is present and every referenced check has fixtures or is listed as without them', () => {
    expect(fixtures().length).toBeGreaterThan(60);
    expect(compared.length).toBeGreaterThan(60);
    const vendored = new Set(fixtures().map(f => f.check));
    const referenced = new Set(ALL_RULES.flatMap(rule => rule.references.filter(r => r.framework === 'polaris').map(r => r.id)));
    expect([...referenced].filter(id => !vendored.has(id)).sort()).toEqual(Object.keys(WITHOUT_FIXTURES).sort());
  });

  test('every disagreement is a recorded open one, and every recorded one still occurs', () => {
    const agreement = ((compared.length - disagreements.length) / compared.length * 100).toFixed(1);
    if (process.env.CHECKER_SUITES_RECORD === '1') {
      writeFileSync(OPEN_FILE, JSON.stringify({
        measured: `${compared.length - disagreements.length} of ${compared.length} compared verdicts agree (${agreement}%)`,
        open: disagreements,
      }, null, 2) + '\n');
    }
    const recorded = JSON.parse(readFileSync(OPEN_FILE, 'utf8'));
    expect({ measured: recorded.measured, open: disagreements }).toEqual({ measured: recorded.measured, open: recorded.open });
    expect(recorded.measured).toBe(`${compared.length - disagreements.length} of ${compared.length} compared verdicts agree (${agreement}%)`);
  });
});
