import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { parseCatalog } from '../../scripts/import-control-catalog';

const CATALOG = join(__dirname, '..', '..', '..', 'shared', 'research', 'control-catalog.md');
const imported = JSON.parse(readFileSync(join(__dirname, '..', '..', 'scripts', 'data', 'checker-controls.json'), 'utf8'));
const ids = (framework: string) => new Set(imported.flatMap((c: any) => c.checks[framework] ?? []));

describe('the imported control catalog (scripts/data/checker-controls.json)', () => {
  // The catalog sits beside the repository (../shared); in CI it must be there, so a stale import cannot pass unseen.
  const present = existsSync(CATALOG);
  if (!present && process.env.CI === 'true') test('the control catalog is present in CI', () => expect(CATALOG).toBe('present'));

  (present ? test : test.skip)('matches the catalog it was imported from (re-run scripts/import-control-catalog.ts)', () => {
    expect(parseCatalog(readFileSync(CATALOG, 'utf8'))).toEqual(imported);
  });

  test('holds every tool\'s manifest checks the catalog counts (its appendix C)', () => {
    expect(imported).toHaveLength(128);
    expect([ids('polaris').size, ids('kube-score').size, ids('kube-linter').size, ids('checkov').size, ids('trivy').size]).toEqual([44, 39, 63, 50, 75]);
  });

  test('reads ids out of cells with notes, not the notes', () => {
    const [row] = parseCatalog([
      '| # | control | PSS level | Polaris | kube-score | kube-linter | Checkov | Kubescape/NSA | Trivy KSV | CIS 5.x |',
      '|---|---|---|---|---|---|---|---|---|---|',
      '| C2 | CPU limit set | - | cpuLimitsMissing (W) | container-resources (can be turned off with `--ignore-container-cpu-limit`) | unset-cpu-requirements* | CKV_K8S_11 [PSP _2] | **C-0270**, C-0050 | KSV-0011 (L) | - |',
    ].join('\n'));
    expect(row).toEqual({
      row: 'C2',
      control: 'CPU limit set',
      checks: {
        'polaris': ['cpuLimitsMissing'],
        'kube-score': ['container-resources'],
        'kube-linter': ['unset-cpu-requirements'],
        'checkov': ['CKV_K8S_11'],
        'kubescape': ['C-0270', 'C-0050'],
        'trivy': ['KSV-0011'],
      },
    });
  });
});
