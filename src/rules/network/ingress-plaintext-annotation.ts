import { plaintextAnnotations } from '../../detectors/ingress-plaintext';
import { objectRule } from '../define';
import { Severity } from '../rule';

/** No annotation makes the controller serve an Ingress with TLS over plain HTTP as well. */
export const ingressPlaintextAnnotation = objectRule({
  id: 'ingress-plaintext-annotation',
  title: 'Ingress annotation lets the controller serve plain HTTP',
  severity: Severity.MEDIUM,
  waivedBy: ['ingress-plaintext'],
  rationale: 'spec.tls only says which certificate to use: an annotation that switches off the redirect to HTTPS (ssl-redirect: "false", '
    + 'allow-http: "true", an HTTP-only listener or entry point) makes the controller answer the same hosts in clear text, where '
    + 'credentials and session cookies can be read or altered.',
  fix: 'Remove the annotation so HTTP is redirected to HTTPS (or set the controller\'s redirect annotation, e.g. '
    + 'alb.ingress.kubernetes.io/ssl-redirect: "443", konghq.com/https-redirect-status-code: "308"); HardenedIngress takes '
    + 'plaintextJustification when plain HTTP is truly needed.',
  kinds: ['Ingress'],
  references: {
    polaris: ['tlsSettingsMissing'],
    kubescape: ['C-0263'],
  },
  check(object) {
    return plaintextAnnotations(object.metadata?.annotations).map(p => ({ message: p.message, path: `metadata.annotations[${JSON.stringify(p.key)}]` }));
  },
});
