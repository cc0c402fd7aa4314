/**
 * `npm run acceptance`: the real components judge the library's output.
 *   1. synthesize every example;
 *   2. start etcd + kube-apiserver (audit policy from the library) and run the server checks;
 *   3. restart it with the library's EncryptionConfiguration;
 *   4. run each installed checker over every example;
 *   5. differential: the rule engine and each checker judge the same generated manifests (checks/differential.ts);
 *   6. write docs/acceptance.md and print `N passed, N failed`.
 * Needs `scripts/acceptance/setup.sh` first (Go and Python). Parts whose tool is missing are skipped with a message,
 * except with CI=true, where they fail.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { crdKindsServed, examplesAdmitted, guardrailsEnforced, installCrds, podSecurityEnforced, PSA_FIXTURES, ServerReport } from './checks/api-server';
import { differential, DifferentialReport } from './checks/differential';
import { checkov, eachExample, kubeconform, kubeScore, recordScan, safeScan, ScanReport, trivy, writeSchemas } from './checks/scanners';
import { Cluster } from './lib/cluster';
import { synthExamples, Synthesized } from './lib/examples';
import { makeFixtures } from './lib/fixtures';
import { Kube } from './lib/kube';
import { Ledger } from './lib/results';
import { CACHE, ROOT, tools } from './lib/tools';
import { writeReport } from './report';

/** Runs one part of the run and logs how long it took (the CI log shows where the time goes). */
async function timed<T>(name: string, part: () => T | Promise<T>): Promise<T> {
  const t0 = Date.now();
  try {
    return await part();
  } finally {
    console.log(`acceptance: ${name}: ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
}

const mkdir = (...parts: string[]) => { const dir = path.join(...parts); fs.mkdirSync(dir, { recursive: true }); return dir; };

async function main(): Promise<number> {
  const started = Date.now();
  const ledger = new Ledger();
  const t = tools();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk8s-hardening-acceptance-run-'));
  console.log(`acceptance: cache ${CACHE}, work folder ${work}`);

  let examples: Synthesized[] = [];
  try {
    examples = await timed('synth', () => process.env.ACCEPTANCE_REUSE_SYNTH ? synthExamples(process.env.ACCEPTANCE_REUSE_SYNTH, true) : synthExamples(path.join(work, 'examples')));
    ledger.check('synth', 'every example synthesizes', [], examples.map(e => `${e.name}: ${e.objects.length} objects`).join(', '));
  } catch (e) {
    ledger.check('synth', 'every example synthesizes', [String(e)]);
  }
  const fx = makeFixtures(path.join(work, 'fixtures'));
  const server: ServerReport = { crdSources: [], examples: [], psa: [], invalidFixtures: {}, guardrails: [], rbac: [], projectedTokenPods: 0 };
  const scans: ScanReport[] = [];
  let schemaDir: string | undefined;
  const notes: string[] = [];

  // ACCEPTANCE_ONLY=api-server|scanner|differential runs one part (for working on the harness; the report then lacks the others).
  const only = process.env.ACCEPTANCE_ONLY;
  if (only === 'scanner' || only === 'differential') {
    ledger.unavailable('api-server', 'the API server checks', `ACCEPTANCE_ONLY=${only}`);
  } else if (!t.kubeApiserver.bin || !t.etcd.bin) {
    ledger.unavailable('api-server', 'the API server checks', `kube-apiserver/etcd not in ${CACHE}; run scripts/acceptance/setup.sh (needs Go)`);
  } else if (!fs.existsSync(PSA_FIXTURES)) {
    ledger.unavailable('api-server', 'the API server checks', `the Pod Security fixtures are not at ${PSA_FIXTURES}`);
  } else {
    let cluster: Cluster | undefined;
    try {
      cluster = await timed('server start', () => Cluster.start({ dir: mkdir(work, 'server-audit'), kubeApiserver: t.kubeApiserver.bin!, etcd: t.etcd.bin!, auditPolicyFile: fx.auditPolicyFile }));
      ledger.check('api-server', `kube-apiserver ${t.kubeApiserver.version} ready with the library's audit policy (--audit-policy-file)`, []);
      const kube = new Kube(cluster);
      await kube.discover();
      if (t.crds) await timed('CRDs', () => installCrds(ledger, kube, t.crds!, server));
      else ledger.unavailable('api-server', 'install the CRDs', `no CRD folder in ${CACHE}; run scripts/acceptance/setup.sh`);
      await crdKindsServed(ledger, kube, examples);
      await timed('Pod Security fixtures', () => podSecurityEnforced(ledger, kube, fx, server));
      await timed('examples admitted', () => examplesAdmitted(ledger, kube, examples, server));
      await timed('guardrails', () => guardrailsEnforced(ledger, kube, fx, cluster!.auditLog, server));
      const events = fs.existsSync(cluster.auditLog) ? fs.readFileSync(cluster.auditLog, 'utf8').split('\n').filter(l => l).length : 0;
      ledger.check('api-server', 'the audit policy records events', events > 0 ? [] : ['the audit log is empty'], `${events} events`);
      if (t.kubeconform.bin) {
        schemaDir = path.join(work, 'schemas');
        const n = await timed('schemas', () => writeSchemas(kube, schemaDir!));
        ledger.check('scanner', 'JSON schemas for kubeconform from the server\'s OpenAPI v3 (built-in kinds and installed CRDs)', n > 0 ? [] : ['no schema written'], `${n} kinds`);
      }
      await cluster.stopAndWait();
      cluster = undefined;
      // Second start: the library's EncryptionConfiguration (KMS v2). No KMS plugin runs here (it needs a plugin
      // process on a unix socket), so the server must load and validate the file, come up ready in every other check, and report exactly
      // its KMS provider as the one readiness check failing.
      cluster = await Cluster.start({ dir: mkdir(work, 'server-encryption'), kubeApiserver: t.kubeApiserver.bin, etcd: t.etcd.bin, encryptionConfigFile: fx.encryptionConfigFile, waitFor: 'readyz?exclude=kms-providers' });
      const ready = await cluster.request('GET', '/readyz?verbose');
      const failing = String(ready.body).split('\n').filter(l => l.startsWith('[-]'));
      ledger.check('api-server', 'kube-apiserver loads the library\'s EncryptionConfiguration (KMS v2): live, and only its KMS provider not ready (no plugin here)',
        failing.length > 0 && failing.every(l => /kms/i.test(l)) ? [] : [`readyz ${ready.status}: ${failing.join('; ') || 'no failing check'}`], failing.join('; '));
    } catch (e) {
      ledger.check('api-server', 'the API server checks ran to the end', [String(e instanceof Error ? e.stack : e)]);
    } finally {
      cluster?.stop();
    }
  }

  const scanners: [typeof t.kubeScore, (examples: readonly Synthesized[]) => ScanReport[]][] = [
    [t.kubeScore, eachExample(t.kubeScore, e => kubeScore(t.kubeScore, e))],
    // One process for every example (each still scanned on its own): most of a checkov run is importing its checks.
    [t.checkov, examples => checkov(t.checkov, examples)],
    [t.trivy, eachExample(t.trivy, e => trivy(t.trivy, e))],
  ];
  for (const [tool, scan] of only === 'api-server' || only === 'differential' || examples.length === 0 ? [] : scanners) {
    if (!tool.bin) { ledger.unavailable('scanner', tool.name, `${tool.name} ${tool.version} not in ${CACHE}; run scripts/acceptance/setup.sh`); continue; }
    for (const rep of await timed(tool.name, () => safeScan(tool, examples, scan))) { scans.push(rep); recordScan(ledger, rep); }
  }
  if (only === 'differential') ledger.unavailable('scanner', 'the checkers over the examples', 'ACCEPTANCE_ONLY=differential');
  else if (!t.kubeconform.bin) ledger.unavailable('scanner', 'kubeconform', `kubeconform not in ${CACHE}; run scripts/acceptance/setup.sh`);
  else if (!schemaDir) ledger.unavailable('scanner', 'kubeconform', 'the schemas come from the API server, which did not run');
  else for (const rep of await timed('kubeconform', () => eachExample(t.kubeconform, e => kubeconform(t.kubeconform, e, schemaDir!))(examples))) { scans.push(rep); recordScan(ledger, rep); }

  let diff: DifferentialReport | undefined;
  if (only !== 'api-server' && only !== 'scanner') diff = await timed('differential', () => differential(ledger, mkdir(work, 'differential'), examples, t));

  const minutes = ((Date.now() - started) / 60_000).toFixed(1);
  // ACCEPTANCE_REPORT moves the report (CI writes it outside the work tree: it holds this run's timings, so writing it
  // in place would show up as a changed tracked file).
  const reportFile = process.env.ACCEPTANCE_REPORT ?? path.join(ROOT, 'docs', 'acceptance.md');
  writeReport(reportFile, { ledger, server, scans, examples, tools: t, minutes, notes, differential: diff });
  console.log(`acceptance: ${minutes} min; report written to ${reportFile}`);
  const failed = ledger.count('failed') > 0;
  // The work folder (synthesized examples, server data and logs) is kept for a failed run, and with ACCEPTANCE_KEEP=1.
  if (failed || process.env.ACCEPTANCE_KEEP === '1') console.log(`acceptance: work folder kept: ${work}`);
  else fs.rmSync(work, { recursive: true, force: true });
  console.log(ledger.summary());
  return failed ? 1 : 0;
}

// A hard ceiling so a hung server or tool cannot hold CI: the exit hook in lib/cluster.ts kills the servers.
const ceiling = setTimeout(() => { console.log('acceptance: timed out after 40 min'); console.log('0 passed, 1 failed'); process.exit(1); }, 40 * 60_000);
ceiling.unref();
main().then(code => process.exit(code), e => { console.error(e); console.log('0 passed, 1 failed'); process.exit(1); });
