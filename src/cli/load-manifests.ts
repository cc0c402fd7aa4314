/**
 * Reads Kubernetes objects from YAML or JSON files, directories and stdin, with the line each document (and each
 * List item) starts on, so findings point into the file and bad input names file and line.
 *
 * Every document is read as Kubernetes reads it (./k8s-yaml.ts) and shape-checked where the API server would refuse
 * it (./manifest-shape.ts), so the audit never sees an object the cluster would read differently or not accept.
 */
import { readdirSync, readFileSync, realpathSync, statSync, Stats } from 'fs';
import { join } from 'path';
import { InputError } from './input-error';
import { decodeManifests } from './k8s-yaml';
import { checkManifestShape, describeManifest } from './manifest-shape';
import { EngineInput } from '../rules/engine';
import { Manifest } from '../rules/rule';

export { InputError } from './input-error';

const MANIFEST_FILE = /\.(ya?ml|json)$/i;

export interface LoadOptions {
  /** Accept input with no Kubernetes object at all (otherwise an input error). */
  readonly allowEmpty?: boolean;
  /** Where notes about skipped entries go (a FIFO in a directory, a symlink loop). */
  readonly warn?: (message: string) => void;
}

/** Expands arguments (files, directories, `-` for stdin) into the objects they hold, in argument and file-name order. */
export function loadManifests(args: readonly string[], readStdin: () => string | Buffer, options: LoadOptions = {}): EngineInput[] {
  const inputs: EngineInput[] = [];
  const warn = options.warn ?? (() => undefined);
  const seen = new Set<string>();
  for (const arg of args) {
    if (arg === '-') {
      let data: string | Buffer;
      try {
        data = readStdin();
      } catch (e) {
        throw new InputError(`<stdin>: ${errnoMessage(e as NodeJS.ErrnoException)}`);
      }
      inputs.push(...parseManifests(data, '<stdin>'));
      continue;
    }
    const stat = statOrThrow(arg);
    if (stat.isDirectory()) {
      for (const file of listManifestFiles(arg, seen, new Set([realpathSync(arg)]), warn)) inputs.push(...parseManifests(readOrThrow(file), file));
    } else if (stat.isFile() || stat.isFIFO() || stat.isCharacterDevice()) {
      // A named pipe given on the command line is read: that is how `check <(helm template .)` works.
      inputs.push(...parseManifests(readOrThrow(arg), arg));
    } else {
      throw new InputError(`${arg}: not a regular file, directory or pipe`);
    }
  }
  if (inputs.length === 0 && !options.allowEmpty) {
    throw new InputError(`no Kubernetes object in ${args.map(a => (a === '-' ? '<stdin>' : a)).join(', ')}: nothing was checked`
      + ' (empty input, only empty documents, or a directory without *.yaml/*.yml/*.json files); give --allow-empty if that is expected');
  }
  return inputs;
}

function errnoMessage(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES': case 'EPERM': return 'permission denied';
    case 'EISDIR': return 'is a directory';
    case 'ELOOP': return 'too many levels of symbolic links';
    case 'ENOTDIR': return 'not a directory';
    default: return e.code ? `cannot be read (${e.code})` : e.message;
  }
}

function statOrThrow(path: string): Stats {
  try {
    return statSync(path);
  } catch (e) {
    throw new InputError(`${path}: ${errnoMessage(e as NodeJS.ErrnoException)}`);
  }
}

function readOrThrow(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new InputError(`${path}: ${errnoMessage(e as NodeJS.ErrnoException)}`);
  }
}

/**
 * Manifest files under `dir`, sorted by name. Symbolic links are followed (a chart's `templates` is often one); a
 * link back into a directory being walked, or to a file already read, is skipped with a note. Anything that is not a
 * regular file (a FIFO, a socket) is skipped with a note instead of being opened, which could wait forever.
 */
function listManifestFiles(dir: string, seen: Set<string>, walking: Set<string>, warn: (m: string) => void): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    throw new InputError(`${dir}: ${errnoMessage(e as NodeJS.ErrnoException)}`);
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).flatMap(e => {
    const path = join(dir, e.name);
    if (e.name === 'node_modules' || e.name.startsWith('.')) return [];
    let stat: Stats = e as unknown as Stats;
    if (e.isSymbolicLink()) {
      try {
        stat = statSync(path);
      } catch (err) {
        if (!MANIFEST_FILE.test(e.name)) return [];
        throw new InputError(`${path}: symbolic link to nothing readable (${errnoMessage(err as NodeJS.ErrnoException)})`);
      }
    }
    if (stat.isDirectory()) {
      const real = realpathSync(path);
      if (walking.has(real)) {
        warn(`${path}: skipped, a symbolic link back into ${real}, which is already being read`);
        return [];
      }
      return listManifestFiles(path, seen, new Set([...walking, real]), warn);
    }
    if (!MANIFEST_FILE.test(e.name)) return [];
    if (!stat.isFile()) {
      warn(`${path}: skipped, not a regular file (a FIFO, socket or device is never opened)`);
      return [];
    }
    const real = realpathSync(path);
    if (seen.has(real)) {
      warn(`${path}: skipped, the same file as one already read (${real})`);
      return [];
    }
    seen.add(real);
    return [path];
  });
}

/**
 * Parses a multi-document stream; `kind: List` (and `*List` with `items`) is flattened, empty documents are skipped.
 * Every object is checked to be one the API server would accept the shape of.
 */
export function parseManifests(data: string | Buffer, file: string): EngineInput[] {
  const inputs: EngineInput[] = [];
  let index = 0;
  for (const doc of decodeManifests(data, file)) {
    index++;
    if (doc.value === null || doc.value === undefined) continue;
    const where = `${file}:${doc.line}`;
    const object = asObject(doc.value, `${where}: document ${index}`);
    if (isList(object)) {
      const items = object.items ?? [];
      if (!Array.isArray(items)) throw new InputError(`${where}: ${object.kind} "items" must be a list, not ${typeName(items)}`);
      items.forEach((item: unknown, i: number) => {
        const line = doc.itemLines?.[i] ?? doc.line;
        const entry = asObject(item, `${file}:${line}: ${object.kind} item ${i + 1}`);
        if (isList(entry)) throw new InputError(`${file}:${line}: ${object.kind} item ${i + 1} is itself a ${entry.kind}: kubectl does not flatten nested lists`);
        checkManifestShape(entry, `${file}:${line}`);
        inputs.push({ object: entry, file, line });
      });
    } else {
      checkManifestShape(object, where);
      inputs.push({ object, file, line: doc.line });
    }
  }
  return inputs;
}

function isList(o: Manifest): boolean {
  return o.kind === 'List' || (typeof o.kind === 'string' && o.kind.endsWith('List') && 'items' in o);
}

function typeName(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : `the ${typeof v} ${JSON.stringify(v)}`;
}

/** A document or List item must be a mapping with a kind and an apiVersion: what kubectl refuses otherwise. */
function asObject(value: unknown, what: string): Manifest {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InputError(`${what} is not a Kubernetes object (a mapping with apiVersion and kind) but ${typeName(value)}`);
  }
  const o = value as Manifest;
  const missing = ['apiVersion', 'kind'].filter(k => typeof o[k] !== 'string' || o[k] === '');
  if (missing.length) {
    const helm = !('apiVersion' in o) && !('kind' in o)
      ? ' (is this a Helm values file or chart source? render the chart with `helm template` and check the output)' : '';
    throw new InputError(`${what} is not a Kubernetes object: ${missing.map(k => (k in o ? `${k} is not a string` : `no ${k}`)).join(', ')}`
      + ` (kubectl refuses it)${helm}${'kind' in o || 'metadata' in o ? `: ${describeManifest(o)}` : ''}`);
  }
  return o;
}
