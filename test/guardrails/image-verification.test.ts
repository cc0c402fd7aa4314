import { generateKeyPairSync } from 'crypto';
import { Chart, Testing } from 'cdk8s';
import { crdValidator } from './crd-schema';
import {
  ImageVerification, ImageVerificationAction, IsolatedNamespace, KyvernoImageVerification, SigstoreImagePolicy, SigstorePolicyMode,
} from '../../src';

const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const PEM = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const PRIVATE_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const GITHUB = { issuer: 'https://token.actions.githubusercontent.com', subjectRegExp: '^https://github\\.com/acme/.+@refs/tags/v.*$' };
const kyvernoErrors = crdValidator('kyverno.io_clusterpolicies.yaml', 'v1');
const sigstoreErrors = crdValidator('policy.sigstore.dev_clusterimagepolicies.yaml', 'v1beta1');

describe('KyvernoImageVerification', () => {
  const chart = new Chart(Testing.app(), 'c', { namespace: 'shop' });
  const team = new IsolatedNamespace(chart, 'team', { name: 'team-a' });
  new KyvernoImageVerification(chart, 'verify', {
    verifications: [ImageVerification.cosignKey(PEM), ImageVerification.keyless({ ...GITHUB, rekorUrl: 'https://rekor.internal.example.com' })],
    imageReferences: ['ghcr.io/acme/*'],
    namespaces: [team],
  });
  const policy = Testing.synth(chart).find(o => o.kind === 'ClusterPolicy');

  test('matches the snapshot (key redacted)', () => {
    expect(JSON.parse(JSON.stringify(policy).split(JSON.stringify(PEM.trim()).slice(1, -1)).join('<cosign.pub>'))).toMatchSnapshot();
  });

  test('validates against the Kyverno ClusterPolicy CRD', () => {
    expect(kyvernoErrors(policy)).toEqual([]);
  });

  test('is cluster-scoped, enforces, pins digests, and accepts any one signer', () => {
    expect(policy.metadata.namespace).toBeUndefined();
    const rule = policy.spec.rules[0];
    expect(rule.match.any[0].resources).toEqual({ kinds: ['Pod'], namespaces: ['team-a'] });
    expect(rule.exclude.any[0].resources.namespaces).toEqual(['kube-system']);
    const verify = rule.verifyImages[0];
    expect(verify).toMatchObject({ failureAction: 'Enforce', mutateDigest: true, verifyDigest: true, required: true, imageReferences: ['ghcr.io/acme/*'] });
    expect(verify.attestors[0].count).toBe(1);
    expect(verify.attestors[0].entries).toEqual([
      { keys: { publicKeys: PEM.trim(), rekor: { url: 'https://rekor.sigstore.dev' } } },
      { keyless: { issuer: GITHUB.issuer, subjectRegExp: GITHUB.subjectRegExp, rekor: { url: 'https://rekor.internal.example.com' } } },
    ]);
  });

  test('audit mode, all signers, no transparency log, exact subject: still schema-valid', () => {
    const c = Testing.chart();
    const k = new KyvernoImageVerification(c, 'v', {
      verifications: [ImageVerification.cosignKey(PEM, { ignoreTlog: true }), ImageVerification.keyless({ issuer: 'https://accounts.google.com', subject: 'release@acme.com' })],
      imageReferences: ['registry.example.com/*'],
      failureAction: ImageVerificationAction.AUDIT,
      mutateDigest: false,
      requireAll: true,
      exemptNamespaces: [],
      timeoutSeconds: 15,
    });
    const obj = k.apiObject.toJson();
    expect(kyvernoErrors(obj)).toEqual([]);
    expect(obj.spec.rules[0].exclude).toBeUndefined();
    expect(obj.spec.rules[0].verifyImages[0].attestors[0].count).toBeUndefined();
    expect(obj.spec.rules[0].verifyImages[0].attestors[0].entries[0].keys.rekor).toEqual({ ignoreTlog: true });
  });

  test('a misspelled field would be caught by the schema check', () => {
    expect(kyvernoErrors({ ...policy, spec: { ...policy.spec, rules: [{ ...policy.spec.rules[0], verifyImage: [] }] } })).toEqual(['/spec/rules/0: must NOT have additional properties (verifyImage)']);
  });
});

describe('SigstoreImagePolicy', () => {
  const chart = Testing.chart();
  const team = new IsolatedNamespace(chart, 'team', { name: 'team-a' });
  new SigstoreImagePolicy(chart, 'cip', {
    verifications: [ImageVerification.cosignKey(PEM), ImageVerification.keyless(GITHUB)],
    imageGlobs: ['ghcr.io/acme/**'],
    namespaces: [team],
  });
  const objects = Testing.synth(chart);
  const policy = objects.find(o => o.kind === 'ClusterImagePolicy');

  test('validates against the policy-controller ClusterImagePolicy CRD', () => {
    expect(sigstoreErrors(policy)).toEqual([]);
    expect(policy.apiVersion).toBe('policy.sigstore.dev/v1beta1');
  });

  test('holds one authority per signer and labels the namespaces for enforcement', () => {
    expect(policy.spec).toEqual({
      images: [{ glob: 'ghcr.io/acme/**' }],
      mode: 'enforce',
      authorities: [
        { name: 'signer-1', key: { data: PEM.trim(), hashAlgorithm: 'sha256' }, ctlog: { url: 'https://rekor.sigstore.dev' } },
        { name: 'signer-2', keyless: { url: 'https://fulcio.sigstore.dev', identities: [{ issuer: GITHUB.issuer, subjectRegExp: GITHUB.subjectRegExp }] }, ctlog: { url: 'https://rekor.sigstore.dev' } },
      ],
    });
    expect(objects.find(o => o.kind === 'Namespace').metadata.labels['policy.sigstore.dev/include']).toBe('true');
  });

  test('warn mode is schema-valid', () => {
    const c = Testing.chart();
    const p = new SigstoreImagePolicy(c, 'cip', { verifications: [ImageVerification.cosignKey(PEM, { ignoreTlog: true })], imageGlobs: ['**'], mode: SigstorePolicyMode.WARN });
    expect(sigstoreErrors(p.apiObject.toJson())).toEqual([]);
    expect(p.apiObject.toJson().spec.authorities[0].ctlog).toBeUndefined();
  });
});

describe('bad input', () => {
  const kyverno = (props: object) => () => new KyvernoImageVerification(Testing.chart(), 'v', { verifications: [ImageVerification.cosignKey(PEM)], imageReferences: ['ghcr.io/*'], ...props });
  test.each([
    [{ verifications: [] }, /verifications: no signer is given/],
    [{ verifications: [ImageVerification.cosignKey('not a key')] }, /verifications\[0\]: the cosign key is not a PEM public key/],
    [{ verifications: [ImageVerification.cosignKey(PRIVATE_PEM)] }, /this is a private key; it must never appear in a manifest/],
    [{ verifications: [ImageVerification.cosignKey('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n')] }, /the cosign key does not parse/],
    [{ verifications: [ImageVerification.cosignKey(PEM, { rekorUrl: 'http://rekor.example.com' })] }, /verifications\[0\].rekorUrl: "http:\/\/rekor.example.com" is not an https URL/],
    [{ verifications: [ImageVerification.keyless({ subject: 'a@b.c' } as any)] }, /verifications\[0\].issuer: keyless verification has no issuer/],
    [{ verifications: [ImageVerification.keyless({ issuer: GITHUB.issuer })] }, /names no subject/],
    [{ verifications: [ImageVerification.keyless({ issuer: GITHUB.issuer, subject: 'a', subjectRegExp: '^a$' })] }, /both subject and subjectRegExp are given/],
    [{ verifications: [ImageVerification.keyless({ issuer: GITHUB.issuer, subjectRegExp: 'acme' })] }, /is not anchored/],
    [{ verifications: [ImageVerification.keyless({ issuer: GITHUB.issuer, subject: ' ' })] }, /subject: the subject is empty/],
    [{ verifications: [ImageVerification.keyless({ issuer: GITHUB.issuer, subjectRegExp: '^(acme$' })] }, /is not a regular expression/],
    [{ verifications: [ImageVerification.keyless({ issuer: 'token.actions.githubusercontent.com', subject: 'x' })] }, /issuer: "token.actions.githubusercontent.com" is not an https URL/],
    [{ imageReferences: [] }, /imageReferences: no image pattern is given/],
    [{ imageReferences: ['https://ghcr.io/*'] }, /imageReferences\[0\]: "https:\/\/ghcr.io\/\*" is not an image pattern/],
    [{ failureAction: 'Block' }, /failureAction: "Block" is not a failure action/],
    [{ failureAction: ImageVerificationAction.AUDIT }, /Kyverno refuses mutateDigest with the Audit failure action/],
    [{ timeoutSeconds: 60 }, /timeoutSeconds: 60 is not allowed/],
    [{ exemptNamespaces: [''] }, /exemptNamespaces\[0\]: the namespace name is empty/],
    [{ namespaces: [] }, /namespaces: the list is empty/],
  ])('Kyverno %#', (props, message) => {
    expect(kyverno(props)).toThrow(message);
  });

  test('Sigstore refuses an unknown mode and names the construct', () => {
    expect(() => new SigstoreImagePolicy(Testing.chart(), 'cip', { verifications: [ImageVerification.cosignKey(PEM)], imageGlobs: ['**'], mode: 'block' as SigstorePolicyMode }))
      .toThrow(/^\[test\/cip\] mode: "block" is not a policy mode/);
  });
});
