/**
 * Where the acceptance run finds the binaries scripts/acceptance/setup.sh installed, keyed by the pinned versions.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const CACHE = process.env.CDK8S_HARDENING_CACHE ?? path.join(os.homedir(), '.cache', 'cdk8s-hardening');

/** The KEY=value pins of scripts/acceptance/versions.env. */
export const VERSIONS: Readonly<Record<string, string>> = Object.fromEntries(
  fs.readFileSync(path.join(ROOT, 'scripts', 'acceptance', 'versions.env'), 'utf8').split('\n')
    .map(line => /^([A-Z_]+)=(\S+)$/.exec(line.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(m => [m[1], m[2]]),
);

function pin(key: string): string {
  const v = VERSIONS[key];
  if (!v) throw new Error(`scripts/acceptance/versions.env has no ${key}`);
  return v;
}

/** A cached piece: its folder exists with a `.complete` stamp, or it is missing. */
function piece(dir: string): string | undefined {
  const full = path.join(CACHE, dir);
  return fs.existsSync(path.join(full, '.complete')) ? full : undefined;
}

const kubernetesDir = () => piece(`kubernetes-${pin('KUBERNETES_VERSION')}-etcd-${pin('ETCD_VERSION')}`);

/** How long a cached piece took to build, from its `.complete` stamp (`<seconds> <date>`; empty for older caches). */
export function buildTime(bin: string | undefined): string {
  if (!bin) return 'not installed';
  for (let dir = path.dirname(bin); dir.startsWith(CACHE) && dir !== CACHE; dir = path.dirname(dir)) {
    const stamp = path.join(dir, '.complete');
    if (!fs.existsSync(stamp)) continue;
    const m = /^(\d+) (\S+)/.exec(fs.readFileSync(stamp, 'utf8'));
    return m ? `${m[1]} s (${m[2]})` : 'not recorded';
  }
  return 'not recorded';
}

export interface Tool {
  readonly name: string;
  readonly version: string;
  /** Absolute path of the executable, or undefined when setup did not install it. */
  readonly bin?: string;
}

function tool(name: string, version: string, dir: string | undefined, rel: string): Tool {
  const bin = dir ? path.join(dir, rel) : undefined;
  return { name, version, bin: bin && fs.existsSync(bin) ? bin : undefined };
}

export function tools() {
  const crdKey = ['EXTERNAL_SECRETS_VERSION', 'SEALED_SECRETS_VERSION', 'KYVERNO_VERSION', 'POLICY_CONTROLLER_VERSION', 'ISTIO_API_VERSION']
    .map(pin).join('-').replace(/v/g, '');
  const crdDir = piece(`crds-${crdKey}`);
  return {
    kubeApiserver: tool('kube-apiserver', pin('KUBERNETES_VERSION'), kubernetesDir(), 'bin/kube-apiserver'),
    etcd: tool('etcd', pin('ETCD_VERSION'), kubernetesDir(), 'bin/etcd'),
    kubeScore: tool('kube-score', pin('KUBE_SCORE_VERSION'), piece(`kube-score-${pin('KUBE_SCORE_VERSION')}`), 'bin/kube-score'),
    kubeconform: tool('kubeconform', pin('KUBECONFORM_VERSION'), piece(`kubeconform-${pin('KUBECONFORM_VERSION')}`), 'bin/kubeconform'),
    trivy: tool('trivy', pin('TRIVY_VERSION'), piece(`trivy-${pin('TRIVY_VERSION')}`), 'bin/trivy'),
    // The venv's interpreter, run as `python -m checkov.main`: the venv is built in a `.partial` folder and then
    // moved, which breaks the shebang of its console scripts but not the interpreter (pyvenv.cfg is found beside it).
    checkov: tool('checkov', pin('CHECKOV_VERSION'), piece(`checkov-${pin('CHECKOV_VERSION')}-uv-${pin('UV_VERSION')}`), 'venv/bin/python'),
    /** Folder of the projects' CRD YAML files, or undefined. */
    crds: crdDir ? path.join(crdDir, 'crds') : undefined,
  };
}
