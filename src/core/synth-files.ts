import * as fs from 'fs';
import * as path from 'path';
import { App } from 'cdk8s';
import { IConstruct } from 'constructs';
import { propError } from './errors';

interface SynthFile {
  readonly owner: IConstruct;
  readonly produce: () => string;
}

const FILES = new WeakMap<App, Map<string, SynthFile>>();
const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Registers a file that `app.synth()` writes into the App's outdir, beside the manifests.
 *
 * cdk8s has no post-synth hook, so the App's `synth` is wrapped once per App: the files are written after the
 * manifests, only when synthesis (including validation) succeeded, and for every YamlOutputType. The other hooks
 * do not fit: validations also run for `synthYaml()` and in-memory test synthesis and run before synthesis can still
 * fail, and `Chart.toJson()` is not called for FOLDER_PER_CHART_FILE_PER_RESOURCE output and is called by in-memory
 * synthesis. `produce` runs at synth, so it sees everything declared after the owner was created.
 *
 * @returns the path the file will be written to
 */
export function addSynthFile(owner: IConstruct, prop: string, fileName: string, produce: () => string): string {
  if (!FILE_NAME.test(fileName) || fileName.includes('..')) {
    throw propError(owner, prop, `"${fileName}" is not a plain file name`, 'give a file name without directories, e.g. "audit-policy.yaml"; it is written into the App\'s outdir');
  }
  const app = App.of(owner);
  let files = FILES.get(app);
  if (!files) {
    const registered = new Map<string, SynthFile>();
    const synth = app.synth.bind(app);
    app.synth = () => {
      synth();
      for (const [name, file] of registered) fs.writeFileSync(path.join(app.outdir, name), file.produce());
    };
    FILES.set(app, registered);
    files = registered;
  }
  const existing = files.get(fileName);
  if (existing) {
    throw propError(owner, prop, `"${fileName}" is already written by ${existing.owner.node.path}`, 'give each file its own name');
  }
  files.set(fileName, { owner, produce });
  return path.join(app.outdir, fileName);
}
