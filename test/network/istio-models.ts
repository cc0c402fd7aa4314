import { AuthorizationPolicy } from '@kubernetes-models/istio/security.istio.io/v1/AuthorizationPolicy';
import { PeerAuthentication } from '@kubernetes-models/istio/security.istio.io/v1beta1/PeerAuthentication';
import { expectHardened } from '../harness';

const MODELS: Record<string, new (data: any) => { validate(): void }> = {
  'security.istio.io/v1/AuthorizationPolicy': AuthorizationPolicy,
  'security.istio.io/v1beta1/PeerAuthentication': PeerAuthentication,
};

/** Schema errors of Istio objects, validated with @kubernetes-models/istio (generated from Istio's CRDs). */
export function istioErrors(objects: readonly any[]): string[] {
  return objects.flatMap(o => {
    const Model = MODELS[`${o.apiVersion}/${o.kind}`];
    if (!Model) return [`${o.kind}/${o.metadata?.name}: no Istio schema for ${o.apiVersion}`];
    try {
      new Model(o).validate();
      return [];
    } catch (e) {
      return [`${o.kind}/${o.metadata?.name}: ${(e as Error).message}`];
    }
  });
}

const isIstio = (o: any) => String(o.apiVersion).startsWith('security.istio.io/');

/** expectHardened for the Kubernetes objects, and Istio's CRD schemas for the mesh objects. */
export function expectHardenedWithMesh(objects: readonly any[]): void {
  expectHardened(objects.filter(o => !isIstio(o)));
  expect(istioErrors(objects.filter(isIstio))).toEqual([]);
}
