import { ReferenceRelation, Severity, Violation } from '../rule';
import { pssRule, show } from './pss-rule';

// Volume types that carry no node or network storage of their own. `image` was patched into PSA's only (v1.0) version.
const ALLOWED_SOURCES = new Set([
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret',
]);

/** PSA `restrictedVolumes`: only ephemeral, projected and claim-backed volume types. */
export const restrictedVolumes = pssRule({
  id: 'pss-restricted-volumes',
  checkId: 'restrictedVolumes',
  level: 'restricted',
  minMinor: 0,
  title: 'Pod uses a volume type outside the Restricted set',
  severity: Severity.LOW,
  waivedBy: ['host-path'],
  rationale: 'Inline volume types (hostPath, nfs, iscsi, rbd, cloud disks …) let the pod author reach storage directly, bypassing '
    + 'PersistentVolumes and the administrator\'s control over who may use what storage.',
  fix: 'Use configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected or secret volumes; '
    + 'reach other storage through a PersistentVolumeClaim.',
  references: {
    trivy: [
      {
        id: 'KSV-0028',
        relation: ReferenceRelation.STRICTER,
        why: 'The rule allows only the volume types of Pod Security restricted; the check lets more types through, hostPath among them (KSV-0023 judges that one).',
      },
    ],
  },
  checkPod(pod) {
    const volumes = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
    const violations: Violation[] = [];
    volumes.forEach((volume, i) => {
      const sources = Object.keys(volume ?? {}).filter(key => key !== 'name' && volume[key] != null);
      // A volume naming no source at all is defaulted to emptyDir by the API server.
      if (sources.length === 0 || sources.some(source => ALLOWED_SOURCES.has(source))) return;
      violations.push({
        message: `volume ${show(volume.name)} uses restricted volume type ${sources.join(', ')}`,
        path: `${pod.path}.volumes[${i}].${sources[0]}`,
      });
    });
    return violations;
  },
});
