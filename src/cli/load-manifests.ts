/**
 * Reads Kubernetes objects from YAML or JSON files, directories and stdin, with the line each
 * document starts on, so findings point into the file and malformed input names file and line.
 */
import { readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import * as jsyaml from 'js-yaml';
import { AuditInput } from '../rules/engine';
import { Manifest } from '../rules/rule';

/** Input that cannot be read as Kubernetes objects: the CLI reports it and exits 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

/** Expands arguments (files, directories, `-` for stdin) into the objects they hold, in argument and file-name order. */
export function loadManifests(args: readonly string[], readStdin: () => string): AuditInput[] {
  const inputs: AuditInput[] = [];
  for (const arg of args) {
    if (arg === '-') {
      inputs.push(...parseManifests(readStdin(), '<stdin>'));
      continue;
    }
    let stat;
    try {
      stat = statSync(arg);
    } catch {
      throw new InputError(`${arg}: no such file or directory`);
    }
    const files = stat.isDirectory() ? listManifestFiles(arg) : [arg];
    for (const file of files) inputs.push(...parseManifests(readFileSync(file, 'utf-8'), file));
  }
  return inputs;
}

function listManifestFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap(e => {
      const path = join(dir, e.name);
      if (e.isDirectory()) return e.name === 'node_modules' || e.name.startsWith('.') ? [] : listManifestFiles(path);
      return MANIFEST_FILE.test(e.name) ? [path] : [];
    });
}

/** Parses a multi-document stream; `kind: List` is flattened, empty documents are skipped. */
export function parseManifests(text: string, file: string): AuditInput[] {
  let docs: unknown[];
  try {
    // The core schema reads timestamps as strings, as Kubernetes does (and is faster than the default schema).
    docs = jsyaml.loadAll(text, undefined, { filename: file, schema: jsyaml.CORE_SCHEMA });
  } catch (e) {
    const err = e as jsyaml.YAMLException;
    const where = err.mark ? `${file}:${err.mark.line + 1}:${err.mark.column + 1}` : file;
    throw new InputError(`${where}: malformed YAML: ${err.reason ?? err.message}`);
  }
  const starts = documentStartLines(text, docs.length);
  const inputs: AuditInput[] = [];
  docs.forEach((doc, i) => {
    const line = starts?.[i];
    if (doc === null || doc === undefined) return;
    if (typeof doc !== 'object' || Array.isArray(doc)) {
      throw new InputError(`${file}${line ? `:${line}` : ''}: document ${i + 1} is not a Kubernetes object (a mapping with apiVersion and kind)`);
    }
    const object = doc as Manifest;
    if (object.kind === 'List' || (typeof object.kind === 'string' && object.kind.endsWith('List') && Array.isArray(object.items))) {
      for (const item of object.items ?? []) inputs.push({ object: item, file, ...(line ? { line } : {}) });
    } else {
      inputs.push({ object, file, ...(line ? { line } : {}) });
    }
  });
  return inputs;
}

/**
 * 1-based start line of each document: `---` at column 0 always opens a document in YAML, so the
 * markers (plus line 1 when content precedes the first marker) give the starts without a second parse.
 * Undefined when the count disagrees with the parser (e.g. a stream using `...` terminators).
 */
function documentStartLines(text: string, count: number): number[] | undefined {
  const starts: number[] = [];
  let line = 1;
  let counted = 0;
  // Count newlines only up to each marker instead of splitting a large file into lines.
  for (const m of text.matchAll(/^---(?:[ \t].*)?$/gm)) {
    for (let i = text.indexOf('\n', counted); i !== -1 && i < m.index!; i = text.indexOf('\n', i + 1)) line++;
    counted = m.index!;
    starts.push(line);
  }
  const head = text.slice(0, starts.length ? text.search(/^---/m) : text.length);
  const contentBeforeMarker = head.split('\n').some(l => l.trim() !== '' && !l.startsWith('#') && !l.startsWith('%'));
  if (contentBeforeMarker || starts.length === 0) starts.unshift(1);
  return starts.length === count ? starts : undefined;
}
