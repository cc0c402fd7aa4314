import { generateKeyPairSync } from 'crypto';
import * as fs from 'fs';
import { Chart } from 'cdk8s';
import { evaluatePolicy } from './cel-admission';
import { crdValidator } from './crd-schema';
import { AdmissionCheck, GuardrailsChart, HardenedDeployment, ImageVerification, IsolatedNamespace, ValidationAction } from '../../src';
import { appWithDefaults, IMAGE, schemaErrors, synthObjects } from '../harness';

const PEM = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

describe('GuardrailsChart for an app', () => {
  const app = appWithDefaults();
  const shop = new Chart(app, 'shop');
  const ns = new IsolatedNamespace(shop, 'payments', { name: 'payments' });
  const api = new HardenedDeployment(shop, 'api', { name: 'api', image: IMAGE, port: 8080, namespace: ns });
  const guardrails = new GuardrailsChart(app, 'guardrails', {
    admission: { kubernetesVersion: '1.31', namespaces: [ns], requireDigests: true, allowedRegistries: ['registry.example.com'], validationActions: [ValidationAction.DENY, ValidationAction.AUDIT] },
    kyverno: { verifications: [ImageVerification.cosignKey(PEM)], imageReferences: ['registry.example.com/*'], namespaces: [ns] },
    audit: {},
    falco: { workloads: [api] },
  });
  const objects = synthObjects(app);
  const mine = guardrails.toJson();

  test('emits the enabled guardrails only', () => {
    expect(guardrails.sigstore).toBeUndefined();
    expect([...new Set(mine.map((o: any) => o.kind))].sort()).toEqual(['ClusterPolicy', 'ConfigMap', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);
  });

  test('Kubernetes objects are schema-valid, the ClusterPolicy CRD-valid', () => {
    expect(schemaErrors(mine.filter((o: any) => o.kind !== 'ClusterPolicy'))).toEqual([]);
    expect(crdValidator('kyverno.io_clusterpolicies.yaml', 'v1')(mine.find((o: any) => o.kind === 'ClusterPolicy'))).toEqual([]);
  });

  test('the policies are bound to the app\'s namespace and admit the app', () => {
    const binding = mine.find((o: any) => o.kind === 'ValidatingAdmissionPolicyBinding');
    expect(binding.spec.matchResources.namespaceSelector.matchExpressions[1]).toEqual({ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['payments'] });
    const policies = mine.filter((o: any) => o.kind === 'ValidatingAdmissionPolicy');
    expect(policies.map((p: any) => p.metadata.name)).toContain(`hardened-${AdmissionCheck.IMAGE_REGISTRIES.toLowerCase().replace('_', '-')}`);
    for (const policy of policies) {
      for (const object of objects) expect(evaluatePolicy(policy, { object }).messages).toEqual([]);
    }
  });

  test('app.synth() writes the audit policy beside the manifests', () => {
    app.synth();
    expect(fs.readdirSync(app.outdir).sort()).toEqual(['audit-policy.yaml', 'guardrails.k8s.yaml', 'shop.k8s.yaml']);
  });

  test('an empty GuardrailsChart is refused', () => {
    expect(() => new GuardrailsChart(appWithDefaults(), 'g')).toThrow(/\[g\] props: no guardrail is enabled/);
  });
});
