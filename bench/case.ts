/**
 * One measurement in a fresh process (so peak memory is this case's alone):
 * `tsx bench/case.ts <case> <n>` prints {ms, objects, maxRssMb} as JSON.
 */
import { readFileSync } from 'fs';
import { performance } from 'perf_hooks';
import { floorApp, hardenedApp, namespacedApp, plusApp } from './apps';

const [kind, nArg, manifestsFile] = process.argv.slice(2);
const n = Number(nArg);

function measure(build: () => { synthYaml(): string }): void {
  const t0 = performance.now();
  const yaml = build().synthYaml();
  const ms = performance.now() - t0;
  const objects = yaml.split('\n---\n').length;
  process.stdout.write(JSON.stringify({ ms, objects, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
}

switch (kind) {
  case 'hardened': measure(() => hardenedApp(n)); break;
  case 'plus': measure(() => plusApp(n)); break;
  case 'namespaces-charts': measure(() => namespacedApp(n, true)); break;
  case 'namespaces-one-chart': measure(() => namespacedApp(n, false)); break;
  case 'floor': {
    // Parsed before the clock starts: the floor is building and synthesizing the objects, not reading them.
    const manifests = JSON.parse(readFileSync(manifestsFile, 'utf-8'));
    measure(() => floorApp(manifests));
    break;
  }
  default: throw new Error(`unknown case ${kind}`);
}
