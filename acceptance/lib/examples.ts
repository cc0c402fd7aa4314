/**
 * Synthesizes every example the way `npx cdk8s synth` does (its cdk8s.yaml runs `tsx main.ts`), into a temporary
 * folder, and reads the manifests back.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { Manifest } from './kube';
import { ROOT } from './tools';

export interface Synthesized {
  /** `reference-app`, or `migration/hardened` for an app of a multi-app example. */
  readonly name: string;
  /** Folder of the manifests (one YAML file per chart). */
  readonly dir: string;
  readonly files: string[];
  readonly objects: Manifest[];
  /**
   * False for the migration example's cdk8s-plus-28 app: it shows the defaults this library replaces, so it is scanned
   * for contrast and its findings are reported, but it is not expected to pass.
   */
  readonly judged: boolean;
  /** CloudFormation templates the example also emits (eks-cluster). */
  readonly cloudFormation: string[];
}

function yamlFiles(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter(f => /\.ya?ml$/.test(f)).sort().map(f => path.join(dir, f)) : [];
}

/**
 * Files cdk8s writes beside the manifests that configure the API server process rather than being API objects (the
 * audit Policy, the EncryptionConfiguration): the server checks load them as flags, the scanners do not read them.
 */
const PROCESS_CONFIG = new Set(['audit.k8s.io/v1 Policy', 'apiserver.config.k8s.io/v1 EncryptionConfiguration']);
const isApiObject = (o: Manifest) => !PROCESS_CONFIG.has(`${o.apiVersion} ${o.kind}`);

export function readManifests(files: readonly string[]): Manifest[] {
  return files.flatMap(f => parseAllDocuments(fs.readFileSync(f, 'utf8')).map(d => d.toJSON()).filter(o => o && typeof o === 'object'));
}

/** `reuse`: read an earlier run's output folder instead of synthesizing again (ACCEPTANCE_REUSE_SYNTH, for debugging the harness). */
export function synthExamples(out: string, reuse = false): Synthesized[] {
  const examplesDir = path.join(ROOT, 'examples');
  const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
  const result: Synthesized[] = [];
  for (const example of fs.readdirSync(examplesDir).sort()) {
    const src = path.join(examplesDir, example);
    if (!fs.existsSync(path.join(src, 'cdk8s.yaml'))) continue;
    // The app's cwd is the output folder, so relative outdirs (dist/, dist/plus, cdk.out) land there, not in the repo.
    const cwd = path.join(out, example);
    fs.mkdirSync(cwd, { recursive: true });
    if (!reuse) {
      execFileSync(tsx, ['--tsconfig', path.join(src, 'tsconfig.json'), path.join(src, 'main.ts')], {
        cwd,
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', CDK8S_OUTDIR: path.join(cwd, 'dist'), CDK_OUTDIR: path.join(cwd, 'cdk.out') },
      });
    }
    const dist = path.join(cwd, 'dist');
    const sub = fs.readdirSync(dist, { withFileTypes: true }).filter(d => d.isDirectory()).map(d => d.name).sort();
    const cloudFormation = fs.existsSync(path.join(cwd, 'cdk.out'))
      ? fs.readdirSync(path.join(cwd, 'cdk.out')).filter(f => f.endsWith('.template.json')).map(f => path.join(cwd, 'cdk.out', f)) : [];
    const apps = yamlFiles(dist).length > 0 ? [{ name: example, dir: dist }] : sub.map(s => ({ name: `${example}/${s}`, dir: path.join(dist, s) }));
    for (const app of apps) {
      const files = yamlFiles(app.dir).filter(f => readManifests([f]).some(isApiObject));
      result.push({ ...app, files, objects: readManifests(files), judged: app.name !== 'migration/plus', cloudFormation: app.name === example ? cloudFormation : [] });
    }
  }
  return result;
}
