/**
 * Conformance with the official Pod Security Admission fixtures (kubernetes/pod-security-admission `test/testdata`),
 * read from the shared checkout beside the project: every `fail` pod must yield a finding, every `pass` pod none.
 */

import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { PSS_RULES, PSS_SUPPORTED_MINORS, pssRules } from '../../src/rules/pss';
import { Manifest } from '../../src/rules/rule';
import { evaluate, RuleViolation } from '../harness';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'shared', 'conformance', 'pod-security-admission');
const LEVELS = ['baseline', 'restricted'] as const;
const VERDICTS = ['fail', 'pass'] as const;

// Fixture names start with the PSA check id they exercise, lowercased (e.g. `seccompprofile_restricted2.yaml`).
const RULE_BY_FIXTURE_PREFIX = new Map(PSS_RULES.map(rule => [rule.checkId.toLowerCase(), rule.id]));

function ruleExercisedBy(file: string): string | undefined {
  return RULE_BY_FIXTURE_PREFIX.get(file.replace(/\d*\.yaml$/, ''));
}

function describeFindings(findings: readonly RuleViolation[]): string {
  return findings.map(f => `[${f.ruleId}] ${f.message} (at ${f.path})`).join('; ') || 'nothing';
}

const fixturesPresent = fs.existsSync(path.join(FIXTURES, 'testdata'));
if (!fixturesPresent) {
  console.warn(`PSS conformance SKIPPED: fixtures not found at ${path.join(FIXTURES, 'testdata')}`);
}

(fixturesPresent ? describe : describe.skip)('PSS conformance with the official PSA fixtures', () => {
  const groups = LEVELS.flatMap(level => PSS_SUPPORTED_MINORS.flatMap(minor => VERDICTS.map(verdict => {
    const dir = path.join(FIXTURES, 'testdata', level, `v1.${minor}`, verdict);
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter(f => f.endsWith('.yaml')).sort() : [];
    return { level, minor, verdict, dir, files, count: files.length };
  })));

  test.each(groups)('$level v1.$minor: all $count $verdict fixtures', ({ level, minor, verdict, dir, files }) => {
    // A missing or empty folder would make the group pass without checking anything.
    expect(files.length).toBeGreaterThan(0);

    const rules = pssRules(level, minor);
    const mismatches: string[] = [];
    for (const file of files) {
      const pod = parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Manifest;
      const findings = evaluate([pod], rules, { pssMinor: minor });
      if (verdict === 'pass') {
        if (findings.length > 0) mismatches.push(`pass/${file}: PSA admits this pod, but rules reported: ${describeFindings(findings)}`);
        continue;
      }
      // Rejected for the right reason: the rule mirroring the fixture's check must be among the findings.
      const expected = ruleExercisedBy(file);
      if (findings.length === 0 || (expected && !findings.some(f => f.ruleId === expected))) {
        mismatches.push(`fail/${file}: PSA rejects this pod${expected ? ` (${expected})` : ''}, but rules reported: ${describeFindings(findings)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
