import { readdirSync, readFileSync, statSync } from 'fs';
import { dirname, join, relative, resolve } from 'path';
import * as ts from 'typescript';

// import/no-cycle skips `import type`, and a type-only import is still a layering inversion: this test reads every
// import and re-export of src/ (type-only ones included) and refuses any cycle (docs/architecture.md).
const SRC = join(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  return [`${base}.ts`, join(base, 'index.ts')].find(p => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  });
}

/** Strongly connected components with more than one file (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.map(f => relative(SRC, f)).sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

describe('imports run one way', () => {
  const files = sourceFiles(SRC);
  const graph = new Map(files.map(file => [file, ts.preProcessFile(readFileSync(file, 'utf-8'), true, true).importedFiles
    .map(i => resolveImport(file, i.fileName)).filter((f): f is string => f !== undefined)] as const));

  test('the import graph of src/ is read', () => {
    expect(files.length).toBeGreaterThan(200);
    expect(graph.get(join(SRC, 'workloads/hardened-workload.ts'))).toContain(join(SRC, 'network/endpoint.ts'));
  });

  test('no import cycle in src/, type-only imports included', () => {
    expect(cycles(graph)).toEqual([]);
  });

  test('a cycle would be found', () => {
    expect(cycles(new Map([[join(SRC, 'a.ts'), [join(SRC, 'b.ts')]], [join(SRC, 'b.ts'), [join(SRC, 'a.ts')]]]))).toEqual([['a.ts', 'b.ts']]);
  });
});
