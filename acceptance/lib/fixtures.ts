/**
 * Objects the server checks need beyond the examples, made with the library's own constructs (never by hand):
 * IsolatedNamespaces at each level, three AdmissionGuardrails sets (Deny, Warn, Audit) bound to their own namespaces,
 * the audit Policy file and the EncryptionConfiguration file.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { readManifests } from './examples';
import { Manifest } from './kube';
import { AdmissionGuardrails, AuditPolicy, EncryptionConfiguration, IsolatedNamespace, PodSecurityLevel, ValidationAction } from '../../src';

export const GUARDRAIL_NAMESPACES = { deny: 'gr-deny', warn: 'gr-warn', audit: 'gr-audit', exempt: 'gr-exempt' } as const;
export const PSA_NAMESPACES = { restricted: 'psa-restricted', baseline: 'psa-baseline' } as const;

export interface Fixtures {
  readonly psaNamespaces: Manifest[];
  /** Plain namespaces (no Pod Security labels) where only the guardrails judge. */
  readonly guardrailNamespaces: Manifest[];
  readonly guardrails: { readonly deny: Manifest[]; readonly warn: Manifest[]; readonly audit: Manifest[] };
  readonly auditPolicyFile: string;
  readonly encryptionConfigFile: string;
  readonly kmsSocket: string;
}

export function makeFixtures(out: string): Fixtures {
  const app = new App({ outdir: out });
  const psa = new Chart(app, 'psa', { disableResourceNameHashes: true });
  new IsolatedNamespace(psa, 'restricted', { name: PSA_NAMESPACES.restricted });
  new IsolatedNamespace(psa, 'baseline', {
    name: PSA_NAMESPACES.baseline,
    podSecurity: { level: PodSecurityLevel.BASELINE, justification: 'acceptance run: proves the baseline level is enforced as labelled' },
  });
  // The default checks; the Deny set covers every namespace but the exempt one and the Warn/Audit ones, so the
  // exemption is tested as users write it (exemptNamespaces), and Warn and Audit are each bound by namespaceNames.
  const deny = new Chart(app, 'guardrails-deny', { disableResourceNameHashes: true });
  new AdmissionGuardrails(deny, 'g', {
    kubernetesVersion: '1.37',
    namePrefix: 'deny',
    exemptNamespaces: ['kube-system', GUARDRAIL_NAMESPACES.exempt, GUARDRAIL_NAMESPACES.warn, GUARDRAIL_NAMESPACES.audit, PSA_NAMESPACES.restricted, PSA_NAMESPACES.baseline],
  });
  const warn = new Chart(app, 'guardrails-warn', { disableResourceNameHashes: true });
  new AdmissionGuardrails(warn, 'g', { kubernetesVersion: '1.37', namePrefix: 'warn', validationActions: [ValidationAction.WARN], namespaceNames: [GUARDRAIL_NAMESPACES.warn] });
  const audit = new Chart(app, 'guardrails-audit', { disableResourceNameHashes: true });
  new AdmissionGuardrails(audit, 'g', { kubernetesVersion: '1.37', namePrefix: 'audit', validationActions: [ValidationAction.AUDIT], namespaceNames: [GUARDRAIL_NAMESPACES.audit] });
  const files = new Chart(app, 'files');
  const kmsSocket = path.join(out, 'kms.sock');
  new AuditPolicy(files, 'audit-policy');
  new EncryptionConfiguration(files, 'encryption', { kmsPluginName: 'acceptance-kms', kmsEndpoint: `unix://${kmsSocket}` });
  app.synth();

  const chart = (name: string) => readManifests([path.join(out, `${name}.k8s.yaml`)]);
  const plain = (name: string): Manifest => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
  const auditPolicyFile = path.join(out, 'audit-policy.yaml');
  const encryptionConfigFile = path.join(out, 'encryption-configuration.yaml');
  for (const f of [auditPolicyFile, encryptionConfigFile]) if (!fs.existsSync(f)) throw new Error(`the library did not write ${f}`);
  return {
    psaNamespaces: chart('psa').filter(o => o.kind === 'Namespace'),
    guardrailNamespaces: Object.values(GUARDRAIL_NAMESPACES).map(plain),
    guardrails: { deny: chart('guardrails-deny'), warn: chart('guardrails-warn'), audit: chart('guardrails-audit') },
    auditPolicyFile,
    encryptionConfigFile,
    kmsSocket,
  };
}
