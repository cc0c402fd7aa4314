import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const SRC = path.join(__dirname, '..', '..', 'src');
const AWS = path.join(SRC, 'aws');

/** The module specifiers a source file imports or re-exports (static and `require`d). */
function importsOf(file: string): string[] {
  return ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true).importedFiles.map(f => f.fileName);
}

function resolveRelative(from: string, specifier: string): string {
  const base = path.resolve(path.dirname(from), specifier);
  return [`${base}.ts`, path.join(base, 'index.ts')].find(f => fs.existsSync(f))!;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .flatMap(e => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

test('the main entry point reaches neither src/aws nor aws-cdk-lib, directly or transitively', () => {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of importsOf(file)) {
      if (specifier.startsWith('.')) visit(resolveRelative(file, specifier));
      else packages.add(specifier.split('/')[0]);
    }
  };
  visit(path.join(SRC, 'index.ts'));
  expect(seen.size).toBeGreaterThan(10);
  expect([...seen].filter(f => f.startsWith(AWS + path.sep))).toEqual([]);
  expect([...packages].filter(p => p.startsWith('aws-cdk') || p.startsWith('@aws-cdk'))).toEqual([]);
});

test('only src/aws imports aws-cdk-lib', () => {
  const outside = sourceFiles(SRC).filter(f => !f.startsWith(AWS + path.sep));
  expect(outside.filter(f => importsOf(f).some(s => s === 'aws-cdk-lib' || s.startsWith('aws-cdk-lib/')))).toEqual([]);
});
