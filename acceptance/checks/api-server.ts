/**
 * What the real kube-apiserver says about the library's output: CRDs from the projects' own modules, every example
 * object through a server-side dry-run apply, Pod Security enforcement of IsolatedNamespace on the official fixtures,
 * the guardrails' Deny/Warn/Audit behaviour and exemptions, LeastPrivilegeServiceAccount RBAC against the real
 * authorizer, and the projected token volume.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { RULES_ANNOTATION } from '../../src/guardrails/admission-policies';
import { runAudit } from '../../src/rules/engine';
import { Manifest as RuleManifest } from '../../src/rules/rule';
import { KubeResponse } from '../lib/cluster';
import { Synthesized } from '../lib/examples';
import { Fixtures, GUARDRAIL_NAMESPACES, PSA_NAMESPACES } from '../lib/fixtures';
import { Kube, Manifest, ok, refusal } from '../lib/kube';
import { Ledger } from '../lib/results';
import { ROOT } from '../lib/tools';

const G = 'api-server';
export const PSA_FIXTURES = path.join(ROOT, '..', 'shared', 'conformance', 'pod-security-admission', 'testdata');

/**
 * API groups whose CRDs no registry serves here. Objects of these groups are listed in the report as not checked by
 * the server (their schema is still checked by the unit tests), never silently counted as admitted.
 */
export const UNAVAILABLE_CRDS: Readonly<Record<string, string>> = {
  'secrets-store.csi.x-k8s.io': 'the Secrets Store CSI driver\'s module (sigs.k8s.io/secrets-store-csi-driver) and its providers\' modules are refused by the Go module proxy reachable here, and no npm or PyPI package ships its CRD',
};

/**
 * Namespaces an example's objects go to that another install creates, not the app: they are created as plain
 * namespaces before the example is applied, and listed in the report.
 */
export const EXTERNAL_NAMESPACES: Readonly<Record<string, string>> = {
  falco: 'Falco\'s own namespace, made by its install (Helm chart or manifests); FalcoRules puts its rules ConfigMap there for Falco to load',
};

/**
 * Admission warnings that are a deliberate, documented difference, each with its reason and the objects it covers.
 * Any other warning fails the example.
 */
export const DELIBERATE_WARNINGS: readonly { readonly pattern: RegExp; readonly covers: string; readonly reason: string }[] = [
  {
    pattern: /^kyverno\.io\/v1 ClusterPolicy is deprecated/,
    covers: 'ClusterPolicy objects of KyvernoImageVerification',
    reason: 'Kyverno 1.19 serves kyverno.io/v1 ClusterPolicy with a deprecation warning in favour of policies.kyverno.io ImageValidatingPolicy; '
      + 'the library still emits ClusterPolicy (every Kyverno release in support serves it, and its verifyImages rule is what the image-signature rule pack reads); '
      + 'emitting ImageValidatingPolicy is left to the policy-source work (issue 19)',
  },
];

/** What the server said about each example, for docs/acceptance.md. */
export interface ServerReport {
  crdSources: string[];
  examples: {
    name: string;
    admitted: number;
    refused: string[];
    notChecked: string[];
    warnings: string[];
    deliberateWarnings: string[];
    externalNamespaces: string[];
    podTemplates: number;
    kinds: Record<string, number>;
  }[];
  psa: { namespace: string; level: string; version: string; rejected: number; admitted: number }[];
  /**
   * Fixtures this server version refuses in its own object validation (422), before any admission plugin runs, e.g.
   * `procMount: Unmasked` without `hostUsers: false`. They are listed, and neither count as refused by Pod Security nor
   * as judged by the guardrails.
   */
  invalidFixtures: Record<string, string>;
  guardrails: { mode: string; requests: number; flagged: number }[];
  rbac: { serviceAccount: string; allowed: number; denied: number }[];
  projectedTokenPods: number;
}

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob']);

export function podTemplateOf(o: Manifest): { metadata?: any; spec: any } | undefined {
  if (!WORKLOAD_KINDS.has(o.kind)) return undefined;
  return o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template : o.spec?.template;
}

const group = (apiVersion: string) => apiVersion.includes('/') ? apiVersion.split('/')[0] : '';

export async function installCrds(ledger: Ledger, kube: Kube, crdDir: string, report: ServerReport): Promise<void> {
  const failures: string[] = [];
  let count = 0;
  report.crdSources = fs.readFileSync(path.join(crdDir, 'SOURCES'), 'utf8').trim().split('\n');
  for (const file of fs.readdirSync(crdDir).filter(f => f.endsWith('.yaml')).sort()) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(crdDir, file), 'utf8'))) {
      const crd = doc.toJSON();
      if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
      // policy-controller converts v1alpha1 <-> v1beta1 (the same schema) with its own webhook Service, which this
      // control plane does not run; `None` converts by renaming the apiVersion, which is what that webhook does.
      if (crd.spec?.conversion?.strategy === 'Webhook') crd.spec.conversion = { strategy: 'None' };
      delete crd.status;
      const r = await kube.apply(crd, false);
      count++;
      if (!ok(r)) failures.push(`${file} ${crd.metadata.name}: ${refusal(r)}`);
    }
  }
  ledger.check(G, `install ${count} CRDs from ${report.crdSources.join(', ')}`, failures, `${count} CRDs created`);
}

/** The example's kinds that are not built in, and must be served once the CRDs are installed. */
export async function crdKindsServed(ledger: Ledger, kube: Kube, examples: readonly Synthesized[]): Promise<void> {
  // Built-in groups are the unqualified ones (apps, batch, policy, …) and those under k8s.io; every other group is a CRD's.
  const custom = (g: string) => g.includes('.') && !g.endsWith('.k8s.io');
  const needed = new Map<string, { apiVersion: string; kind: string }>();
  for (const e of examples) for (const o of e.objects) if (custom(group(o.apiVersion)) && !UNAVAILABLE_CRDS[group(o.apiVersion)]) needed.set(`${o.apiVersion}/${o.kind}`, o);
  const missing = await kube.waitServed([...needed.values()]);
  ledger.check(G, `every custom kind the examples emit is served (${[...needed.keys()].join(', ') || 'none'})`, missing.map(m => `not served: ${m}`));
}

const ORDER = ['Namespace', 'CustomResourceDefinition', 'ServiceAccount', 'ClusterRole', 'Role'];
const rank = (o: Manifest) => { const i = ORDER.indexOf(o.kind); return i < 0 ? ORDER.length : i; };

/**
 * Each judged example on its own: every object through a dry-run apply, created for real, its pod templates as Pods,
 * its ServiceAccounts' RBAC; then its objects are removed, so two examples with the same names (the migration example
 * and hardened-workloads both have shop/api) never merge into one object.
 */
export async function examplesAdmitted(ledger: Ledger, kube: Kube, examples: readonly Synthesized[], report: ServerReport): Promise<void> {
  for (const e of examples.filter(x => x.judged)) {
    await exampleAdmitted(ledger, kube, e, report);
    await rbacAuthorized(ledger, kube, e, report);
    const leftovers = await removeExample(kube, e);
    ledger.check(G, `${e.name}: its objects removed again before the next example`, leftovers);
  }
  ledger.check(G, 'a projected service-account token volume is among the admitted pods', report.projectedTokenPods > 0 ? [] : ['no example pod mounts a projected serviceAccountToken'], `${report.projectedTokenPods} pods`);
}

async function exampleAdmitted(ledger: Ledger, kube: Kube, e: Synthesized, report: ServerReport): Promise<void> {
  const objects = [...e.objects].sort((a, b) => rank(a) - rank(b));
  const entry = {
    name: e.name,
    admitted: 0,
    refused: [] as string[],
    notChecked: [] as string[],
    warnings: [] as string[],
    deliberateWarnings: [] as string[],
    externalNamespaces: [] as string[],
    podTemplates: 0,
    kinds: {} as Record<string, number>,
  };
  report.examples.push(entry);
  const own = new Set(objects.filter(o => o.kind === 'Namespace').map(o => o.metadata.name));
  for (const ns of new Set(objects.map(o => o.metadata.namespace).filter((n): n is string => !!n && !own.has(n)))) {
    if (!EXTERNAL_NAMESPACES[ns]) continue; // not created: the dry run then says the namespace is missing
    entry.externalNamespaces.push(ns);
    const r = await kube.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }, false, 'acceptance-external');
    if (!ok(r)) entry.refused.push(`Namespace/${ns} (external): ${refusal(r)}`);
  }
  // Namespaces are created for real first: a dry run of a namespaced object needs its namespace to exist.
  for (const ns of objects.filter(o => o.kind === 'Namespace')) {
    const r = await kube.apply(ns, false, `example-${e.name.replace(/\W/g, '-')}`);
    if (!ok(r)) entry.refused.push(`Namespace/${ns.metadata.name}: ${refusal(r)}`);
  }
  for (const o of objects) {
    const id = `${o.kind}/${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
    if (UNAVAILABLE_CRDS[group(o.apiVersion)]) { entry.notChecked.push(`${id} (${o.apiVersion})`); continue; }
    const r = await kube.apply(o, true);
    if (!ok(r)) { entry.refused.push(`${id}: ${refusal(r)}`); continue; }
    entry.admitted++;
    entry.kinds[o.kind] = (entry.kinds[o.kind] ?? 0) + 1;
    for (const w of r.warnings) (DELIBERATE_WARNINGS.some(d => d.pattern.test(w)) ? entry.deliberateWarnings : entry.warnings).push(`${id}: ${w}`);
  }
  ledger.check(G, `${e.name}: server-side dry-run apply of every object`, entry.refused,
    `${entry.admitted} of ${objects.length} admitted${entry.notChecked.length ? `, ${entry.notChecked.length} not checked (no CRD: ${entry.notChecked.join(', ')})` : ''}`);
  // Pod Security warns (never refuses) on workload templates; a warning here is a restricted violation.
  ledger.check(G, `${e.name}: no admission warnings (Pod Security warn=restricted, deprecations, guardrails)`, entry.warnings,
    entry.deliberateWarnings.length ? `${entry.deliberateWarnings.length} deliberate (listed in the report)` : 'none');

  // Created for real so pods can name their ServiceAccounts and the RBAC checks have bindings to authorize against.
  const applyFailures: string[] = [];
  for (const o of objects) {
    if (UNAVAILABLE_CRDS[group(o.apiVersion)]) continue;
    const r = await kube.apply(o, false, `example-${e.name.replace(/\W/g, '-')}`);
    if (!ok(r)) applyFailures.push(`${o.kind}/${o.metadata.name}: ${refusal(r)}`);
  }
  ledger.check(G, `${e.name}: every object created (server-side apply)`, applyFailures);

  // Pod Security enforces on Pods only: each workload's pod template is created as a Pod in its namespace.
  const podFailures: string[] = [];
  for (const o of objects) {
    const template = podTemplateOf(o);
    if (!template) continue;
    entry.podTemplates++;
    const ns = o.metadata.namespace ?? 'default';
    const nsObject = objects.find(x => x.kind === 'Namespace' && x.metadata.name === ns);
    const enforce = nsObject?.metadata.labels?.['pod-security.kubernetes.io/enforce'];
    if (enforce !== 'restricted') podFailures.push(`${o.kind}/${o.metadata.name}: its namespace ${ns} does not enforce restricted (${enforce ?? 'no label'})`);
    // A StatefulSet's pods get a volume per claim template from the controller; add them as the controller does.
    const claims = (o.spec?.volumeClaimTemplates ?? []).map((c: any) => ({ name: c.metadata.name, persistentVolumeClaim: { claimName: `${c.metadata.name}-${o.metadata.name}-0` } }));
    const spec = claims.length ? { ...template.spec, volumes: [...(template.spec?.volumes ?? []), ...claims] } : template.spec;
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: `${o.metadata.name}-template`, namespace: ns, labels: template.metadata?.labels, annotations: template.metadata?.annotations }, spec };
    const r = await kube.create(pod, true);
    if (!ok(r)) podFailures.push(`${o.kind}/${ns}/${o.metadata.name} pod template: ${refusal(r)}`);
    else if (r.warnings.length) podFailures.push(`${o.kind}/${ns}/${o.metadata.name} pod template admitted with warnings: ${r.warnings.join('; ')}`);
    if ((template.spec?.volumes ?? []).some((v: any) => v.projected?.sources?.some((s: any) => s.serviceAccountToken))) report.projectedTokenPods++;
  }
  ledger.check(G, `${e.name}: every workload's pod template admitted as a Pod in its restricted namespace`, podFailures, `${entry.podTemplates} pod templates`);
}

/**
 * Deletes what an example created. No kube-controller-manager runs here, so nothing cascades and a deleted Namespace
 * would stay Terminating: its `kubernetes` finalizer is removed through the finalize subresource, as the namespace
 * controller does once the namespace is empty. Returns what could not be removed.
 */
async function removeExample(kube: Kube, e: Synthesized): Promise<string[]> {
  const failures: string[] = [];
  const objects = e.objects.filter(o => !UNAVAILABLE_CRDS[group(o.apiVersion)]);
  const namespaces = new Set([...objects.filter(o => o.kind === 'Namespace').map(o => o.metadata.name!), ...objects.map(o => o.metadata.namespace).filter((n): n is string => !!n && !!EXTERNAL_NAMESPACES[n])]);
  for (const o of [...objects].filter(x => x.kind !== 'Namespace').sort((a, b) => rank(b) - rank(a))) {
    const r = await kube.delete(o);
    if (!ok(r) && r.status !== 404) failures.push(`${o.kind}/${o.metadata.name}: ${refusal(r)}`);
  }
  for (const name of namespaces) {
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
    const r = await kube.delete(ns);
    if (!ok(r) && r.status !== 404) { failures.push(`Namespace/${name}: ${refusal(r)}`); continue; }
    const f = await kube.cluster.request('PUT', `/api/v1/namespaces/${name}/finalize`, { ...ns, spec: { finalizers: [] } });
    if (!ok(f) && f.status !== 404) failures.push(`Namespace/${name} finalize: ${refusal(f)}`);
  }
  return failures;
}

function fixtures(level: string, version: string, verdict: string): { file: string; pod: Manifest }[] {
  const dir = path.join(PSA_FIXTURES, level, version, verdict);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter(f => f.endsWith('.yaml')).sort().map(file => ({ file: `${level}/${version}/${verdict}/${file}`, pod: parse(fs.readFileSync(path.join(dir, file), 'utf8')) }));
}

/** Refused by the server's object validation (422 Invalid), not by an admission policy (which also answers 422). */
function refusedByValidation(r: KubeResponse): boolean {
  return r.status === 422 && r.body?.reason === 'Invalid' && !/ValidatingAdmissionPolicy|PodSecurity/.test(r.body?.message ?? '');
}

/** Records why the server's validation refused a fixture, the same way whichever kind wrapped it. */
function noteInvalid(report: ServerReport, file: string, r: KubeResponse): void {
  report.invalidFixtures[file] ??= String(r.body.message).replace(/^.*? is invalid: /, '')
    .replace(/\bspec\.(jobTemplate\.spec\.template\.spec|template\.spec)\./g, 'spec.');
}

const sa = (namespace: string): Manifest => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } });

/** Fixture pods at the namespace's pinned version: fail ones refused by PodSecurity, pass ones admitted. */
export async function podSecurityEnforced(ledger: Ledger, kube: Kube, fx: Fixtures, report: ServerReport): Promise<void> {
  for (const ns of fx.psaNamespaces) {
    const name = ns.metadata.name!;
    const level = ns.metadata.labels!['pod-security.kubernetes.io/enforce'];
    const version = ns.metadata.labels!['pod-security.kubernetes.io/enforce-version'];
    const setup = [await kube.apply(ns, false), await kube.apply(sa(name), false)].filter(r => !ok(r)).map(refusal);
    // Fail fixtures of this level and of every level below it are refused; pass fixtures of this level are admitted.
    const failing = [...fixtures('baseline', version, 'fail'), ...(level === 'restricted' ? fixtures('restricted', version, 'fail') : [])];
    const passing = fixtures(level, version, 'pass');
    const failures = [...setup];
    if (failing.length === 0 || passing.length === 0) failures.push(`no fixtures for ${level} ${version} under ${PSA_FIXTURES}`);
    let rejected = 0; let admitted = 0; let i = 0;
    for (const { file, pod } of failing) {
      const r = await kube.create({ ...pod, metadata: { ...pod.metadata, name: `fx-${i++}`, namespace: name } }, true);
      if (r.status === 403 && /violates PodSecurity/.test(r.body?.message ?? '')) rejected++;
      else if (refusedByValidation(r)) noteInvalid(report, file, r);
      else failures.push(`${file} should be refused by PodSecurity in ${name}: ${ok(r) ? 'admitted' : refusal(r)}`);
    }
    for (const { file, pod } of passing) {
      const r = await kube.create({ ...pod, metadata: { ...pod.metadata, name: `fx-${i++}`, namespace: name } }, true);
      if (ok(r)) admitted++;
      else failures.push(`${file} should be admitted in ${name}: ${refusal(r)}`);
    }
    report.psa.push({ namespace: name, level, version, rejected, admitted });
    ledger.check(G, `IsolatedNamespace ${name} (enforce ${level} ${version}): fail fixtures refused, pass fixtures admitted`, failures, `${rejected} refused, ${admitted} admitted`);
  }
}

/** Runs `work` over `items` with at most `limit` of them pending at once. */
async function inParallel<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

const KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'];

/** The fixture's pod spec inside each workload kind, as the CEL tests wrap it (test/guardrails/admission-policies.test.ts). */
function wrap(pod: Manifest, kind: string, name: string, namespace: string): Manifest {
  const template = { metadata: { labels: { app: 'x' }, annotations: pod.metadata?.annotations }, spec: pod.spec };
  const controller = (apiVersion: string, spec: object) => ({ apiVersion, kind, metadata: { name, namespace }, spec });
  switch (kind) {
    case 'Pod': return { ...pod, metadata: { ...pod.metadata, name, namespace } };
    case 'CronJob': return controller('batch/v1', { schedule: '0 * * * *', jobTemplate: { spec: { template: { ...template, spec: { ...pod.spec, restartPolicy: 'Never' } } } } });
    case 'Job': return controller('batch/v1', { template: { ...template, spec: { ...pod.spec, restartPolicy: 'Never' } } });
    case 'ReplicationController': return controller('v1', { selector: { app: 'x' }, template });
    default: return controller('apps/v1', { selector: { matchLabels: { app: 'x' } }, template });
  }
}

/**
 * The guardrails on the server, judged against what the CEL tests claim: a request is flagged exactly when the rule
 * engine reports a rule one of the policies implements. Deny refuses it, Warn admits it with a warning, Audit admits
 * it silently and annotates its audit event; the exempt namespace admits everything.
 */
export async function guardrailsEnforced(ledger: Ledger, kube: Kube, fx: Fixtures, auditLog: string, report: ServerReport): Promise<void> {
  // The examples' own guardrails were created for real above; remove them so only the three sets under test judge.
  for (const kind of ['ValidatingAdmissionPolicyBinding', 'ValidatingAdmissionPolicy']) {
    const list = await kube.list('admissionregistration.k8s.io/v1', kind);
    for (const item of list.body.items ?? []) await kube.delete({ apiVersion: 'admissionregistration.k8s.io/v1', kind, metadata: { name: item.metadata.name } });
  }
  const setup: string[] = [];
  for (const o of [...fx.guardrailNamespaces, ...Object.values(GUARDRAIL_NAMESPACES).map(sa), ...fx.guardrails.deny, ...fx.guardrails.warn, ...fx.guardrails.audit]) {
    const r = await kube.apply(o, false);
    if (!ok(r)) setup.push(`${o.kind}/${o.metadata.name}: ${refusal(r)}`);
  }
  ledger.check(G, 'AdmissionGuardrails (Deny, Warn and Audit sets) created', setup, `${fx.guardrails.deny.length * 3} objects`);
  // Policies are compiled by an informer a moment after they are created.
  await new Promise(res => setTimeout(res, 3000));

  const policies = fx.guardrails.deny.filter(o => o.kind === 'ValidatingAdmissionPolicy');
  const implemented = new Set(policies.flatMap(p => (p.metadata.annotations?.[RULES_ANNOTATION] ?? '').split(',').filter(r => r)));
  const minor = 37;
  const pack = `pss-restricted@v1.${minor}`;
  const cases = ['baseline', 'restricted'].flatMap(level => ['fail', 'pass'].flatMap(verdict => fixtures(level, `v1.${minor}`, verdict)));
  const results: Record<string, { failures: string[]; requests: number; flagged: number }> = {};
  const auditExpect = new Map<string, boolean>();
  let n = 0;
  const requests: { mode: keyof typeof GUARDRAIL_NAMESPACES; file: string; pod: Manifest; kind: string; name: string }[] = [];
  for (const mode of ['deny', 'warn', 'audit', 'exempt'] as const) {
    results[mode] = { failures: [] as string[], requests: 0, flagged: 0 };
    for (const { file, pod } of cases) for (const kind of KINDS) requests.push({ mode, file, pod, kind, name: `g${n++}` });
  }
  // A few requests in flight at once: each waits mostly on the server's admission chain, not on this process.
  await inParallel(requests, 4, async ({ mode, file, pod, kind, name }) => {
    const namespace = GUARDRAIL_NAMESPACES[mode];
    const res = results[mode];
    const object = wrap(pod, kind, name, namespace);
    const expected = mode !== 'exempt' && runAudit([{ object: object as RuleManifest }], { packs: [pack] }).findings.some(f => implemented.has(f.ruleId));
    const r = await kube.create(object, true, `acceptance/${name}`);
    if (refusedByValidation(r)) { noteInvalid(report, file, r); return; }
    res.requests++;
    if (expected) res.flagged++;
    const policyWarnings = r.warnings.filter(w => /ValidatingAdmissionPolicy/.test(w));
    const say = (what: string) => res.failures.push(`${file} as ${kind} in ${namespace}: ${what}`);
    if (mode === 'deny') {
      const denied = !ok(r) && /ValidatingAdmissionPolicy 'deny-/.test(r.body?.message ?? '');
      if (denied !== expected) say(expected ? `admitted, but the engine reports a violation (${ok(r) ? 'admitted' : refusal(r)})` : `refused: ${refusal(r)}`);
    } else if (!ok(r)) {
      say(`refused: ${refusal(r)}`);
    } else if (mode === 'warn') {
      if ((policyWarnings.length > 0) !== expected) say(expected ? 'admitted without the expected warning' : `unexpected warning: ${policyWarnings.join('; ')}`);
    } else if (policyWarnings.length > 0) {
      say(`unexpected warning: ${policyWarnings.join('; ')}`);
    }
    if (mode === 'audit') auditExpect.set(name, expected);
  });
  for (const r of Object.values(results)) r.failures.sort();
  // Audit: the audit log annotates each flagged request with the policy's failure (validation_failure annotation).
  await new Promise(res => setTimeout(res, 2000));
  const annotated = new Set<string>();
  const seen = new Set<string>();
  if (fs.existsSync(auditLog)) {
    for (const line of fs.readFileSync(auditLog, 'utf8').split('\n')) {
      if (!line.includes(GUARDRAIL_NAMESPACES.audit)) continue;
      const ev = JSON.parse(line);
      if (ev.objectRef?.namespace !== GUARDRAIL_NAMESPACES.audit || ev.verb !== 'create') continue;
      // A create's objectRef has no name, and the library's policy records Pods at Metadata level: the user agent names it.
      const id = /^acceptance\/(g\d+)$/.exec(ev.userAgent ?? '')?.[1];
      if (!id) continue;
      seen.add(id);
      if (Object.keys(ev.annotations ?? {}).some(k => k.startsWith('validation.policy.admission.k8s.io/validation_failure'))) annotated.add(id);
    }
  }
  const auditFailures = results.audit.failures;
  for (const [name, expected] of auditExpect) {
    if (!seen.has(name)) { auditFailures.push(`${name}: no audit event names this request (is it audited by the library's policy?)`); continue; }
    if (annotated.has(name) !== expected) auditFailures.push(`${name}: audit annotation ${annotated.has(name) ? 'present' : 'missing'}, engine says ${expected ? 'violation' : 'compliant'}`);
  }
  for (const mode of ['deny', 'warn', 'audit', 'exempt'] as const) {
    const r = results[mode];
    report.guardrails.push({ mode, requests: r.requests, flagged: r.flagged });
    const what = { deny: 'Deny refuses exactly the violations the engine reports', warn: 'Warn admits with a warning exactly those', audit: 'Audit admits and annotates the audit event of exactly those', exempt: 'an exempt namespace admits every fixture' }[mode];
    ledger.check(G, `guardrails ${mode} (${GUARDRAIL_NAMESPACES[mode]}): ${what}, ${cases.length} fixtures × ${KINDS.length} kinds`, r.failures, `${r.requests} requests, ${r.flagged} violations`);
  }

  // The non-pod checks: Service exposure and plaintext Secrets.
  const svc = (type: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: `svc-${type.toLowerCase()}`, namespace: GUARDRAIL_NAMESPACES.deny }, spec: { type, ports: [{ port: 80 }], ...(type === 'ExternalName' ? { externalName: 'example.com' } : {}) } });
  const secret = (name: string, fields: object) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: GUARDRAIL_NAMESPACES.deny }, ...fields });
  const other: [Manifest, boolean][] = [
    [svc('ClusterIP'), false], [svc('NodePort'), true], [svc('LoadBalancer'), true],
    [secret('empty', {}), false], [secret('plain', { data: { password: 'cw==' } }), true], [secret('string', { stringData: { token: 'x' } }), true],
  ];
  const otherFailures: string[] = [];
  for (const [o, denied] of other) {
    const r = await kube.create(o, true);
    const wasDenied = !ok(r) && /ValidatingAdmissionPolicy/.test(r.body?.message ?? '');
    if (wasDenied !== denied) otherFailures.push(`${o.kind}/${o.metadata.name}: ${ok(r) ? 'admitted' : refusal(r)}; expected ${denied ? 'denied' : 'admitted'}`);
  }
  ledger.check(G, 'guardrails deny: NodePort/LoadBalancer Services and plaintext Secrets refused, ClusterIP and empty Secrets admitted', otherFailures, `${other.length} requests`);
}

/**
 * Each ServiceAccount bound by the examples' Roles: every granted (verb, resource, name) is allowed by the real
 * authorizer, and near misses (another verb, another name, secrets, another namespace) are not.
 */
async function rbacAuthorized(ledger: Ledger, kube: Kube, e: Synthesized, report: ServerReport): Promise<void> {
  const sar = async (user: { ns: string; name: string }, attrs: object) => {
    const r = await kube.create({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      metadata: {},
      spec: { user: `system:serviceaccount:${user.ns}:${user.name}`, groups: ['system:serviceaccounts', `system:serviceaccounts:${user.ns}`, 'system:authenticated'], resourceAttributes: attrs },
    }, false);
    if (!ok(r)) throw new Error(`SubjectAccessReview failed: ${refusal(r)}`);
    return r.body.status?.allowed === true;
  };
  const roles = new Map(e.objects.filter(o => o.kind === 'Role' || o.kind === 'ClusterRole').map(o => [`${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`, o]));
  for (const binding of e.objects.filter(o => o.kind === 'RoleBinding' || o.kind === 'ClusterRoleBinding')) {
    const subjects = (binding.subjects ?? []).filter((s: any) => s.kind === 'ServiceAccount');
    const roleKey = `${binding.roleRef.kind}/${binding.roleRef.kind === 'Role' ? binding.metadata.namespace : ''}/${binding.roleRef.name}`;
    const role = roles.get(roleKey);
    if (subjects.length === 0 || !role) continue;
    const bindingNs = binding.kind === 'RoleBinding' ? binding.metadata.namespace : undefined;
    for (const s of subjects) {
      const user = { ns: s.namespace ?? binding.metadata.namespace, name: s.name };
      const failures: string[] = [];
      let allowed = 0; let denied = 0;
      const granted = (attrs: any) => (role.rules ?? []).some((r: any) => (r.apiGroups ?? []).some((g: string) => g === '*' || g === attrs.group)
        && (r.resources ?? []).some((x: string) => x === '*' || x === attrs.resource) && (r.verbs ?? []).some((v: string) => v === '*' || v === attrs.verb)
        && (!r.resourceNames?.length || r.resourceNames.includes(attrs.name)));
      const expectOne = async (attrs: any, expected: boolean) => {
        const got = await sar(user, attrs);
        if (got !== expected) failures.push(`${JSON.stringify(attrs)}: ${got ? 'allowed' : 'denied'}, expected ${expected ? 'allowed' : 'denied'}`);
        else if (got) allowed++; else denied++;
      };
      for (const rule of role.rules ?? []) {
        for (const g of rule.apiGroups ?? ['']) {
          for (const resource of rule.resources ?? []) {
            for (const verb of rule.verbs ?? []) {
              const names = rule.resourceNames?.length ? rule.resourceNames : [undefined];
              for (const name of names) {
                await expectOne({ namespace: bindingNs, group: g, resource, verb, name }, true);
                // Near misses: another name of the same resource, another namespace, a verb the rule does not grant.
                if (name) await expectOne({ namespace: bindingNs, group: g, resource, verb, name: `${name}-other` }, granted({ group: g, resource, verb, name: `${name}-other` }));
                if (bindingNs) await expectOne({ namespace: 'kube-system', group: g, resource, verb, name }, false);
              }
              for (const otherVerb of ['delete', 'update', 'create', 'list', 'watch']) {
                if (!(rule.verbs ?? []).includes(otherVerb)) await expectOne({ namespace: bindingNs, group: g, resource, verb: otherVerb, name: rule.resourceNames?.[0] }, granted({ group: g, resource, verb: otherVerb, name: rule.resourceNames?.[0] }));
              }
            }
          }
        }
      }
      await expectOne({ namespace: bindingNs ?? user.ns, group: '', resource: 'secrets', verb: 'list' }, granted({ group: '', resource: 'secrets', verb: 'list' }));
      report.rbac.push({ serviceAccount: `${e.name}: ${user.ns}/${user.name}`, allowed, denied });
      ledger.check(G, `${e.name}: ServiceAccount ${user.ns}/${user.name} may do what ${binding.roleRef.kind} ${binding.roleRef.name} grants and nothing near it`, failures, `${allowed} allowed, ${denied} denied as expected`);
    }
  }
}
