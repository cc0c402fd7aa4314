/**
 * Imports the control catalog (../shared/research/control-catalog.md, the platform team's map of what each checker
 * checks) into scripts/data/checker-controls.json, which the rule-docs generator reads to list, per checker, which of
 * its manifest checks a rule covers and which none does, and why. Run it when the catalog changes:
 *   npx tsx scripts/import-control-catalog.ts [path/to/control-catalog.md]
 * The JSON is committed so the docs build does not depend on a file outside the repository.
 */
import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';

const TOOL_COLUMNS: Record<string, string> = {
  'Polaris': 'polaris', 'kube-score': 'kube-score', 'kube-linter': 'kube-linter',
  'Checkov': 'checkov', 'Kubescape/NSA': 'kubescape', 'Trivy KSV': 'trivy',
};

// How each checker spells a check id inside a catalog cell (the cells also hold notes in prose and parentheses).
const ID_PATTERNS: Record<string, RegExp> = {
  'polaris': /\b([a-z][A-Za-z]+) \((?:D|W)\)/g,
  'kube-score': /(?<![\w./-])([a-z]+(?:-[a-z0-9]+)+)(?![\w/-])/g,
  'kube-linter': /(?<![\w./-])([a-z]+(?:-[a-z0-9]+)+)(?![\w/-])/g,
  'checkov': /\b(CKV2?_K8S_\d+)\b/g,
  'kubescape': /\b(C-\d{4})\b/g,
  'trivy': /\b(KSV-\d{4,5})\b/g,
};

export interface CatalogControl {
  /** Row of the merged table, e.g. `A1`. */
  readonly row: string;
  readonly control: string;
  /** Check ids by framework, in the catalog's order. */
  readonly checks: Record<string, string[]>;
}

function cells(line: string): string[] {
  return line.split('|').slice(1, -1).map(c => c.trim());
}

export function parseCatalog(markdown: string): CatalogControl[] {
  const controls: CatalogControl[] = [];
  let header: string[] = [];
  for (const line of markdown.split('\n')) {
    if (!line.startsWith('|')) { header = []; continue; }
    const row = cells(line);
    if (row[0] === '#') { header = row; continue; }
    if (!header.length || !/^[A-K]\d+$/.test(row[0])) continue;
    const checks: Record<string, string[]> = {};
    header.forEach((name, i) => {
      const framework = TOOL_COLUMNS[name];
      if (!framework || !row[i] || row[i] === '-') return;
      // Drop the parenthesised notes and the PSP aliases ([PSP _2]) before reading kebab-case ids out of prose-free text.
      const text = framework === 'polaris' ? row[i] : row[i].replace(/\[[^\]]*\]/g, '').replace(/\([^)]*\)/g, '');
      const ids = [...text.matchAll(ID_PATTERNS[framework])].map(m => m[1]);
      if (ids.length) checks[framework] = [...new Set(ids)];
    });
    controls.push({ row: row[0], control: row[1].replace(/\*\*/g, ''), checks });
  }
  return controls;
}

if (require.main === module) {
  const source = process.argv[2] ?? join(__dirname, '..', '..', 'shared', 'research', 'control-catalog.md');
  const controls = parseCatalog(readFileSync(source, 'utf8'));
  const out = join(__dirname, 'data', 'checker-controls.json');
  writeFileSync(out, `${JSON.stringify(controls, undefined, 1)}\n`);
  const counts = Object.values(TOOL_COLUMNS).map(f => `${f} ${new Set(controls.flatMap(c => c.checks[f] ?? [])).size}`);
  console.log(`${out}: ${controls.length} controls; checks: ${counts.join(', ')}`);
}
