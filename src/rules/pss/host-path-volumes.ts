import { Severity } from '../rule';
import { pssRule, show } from './pss-rule';

/** PSA `hostPathVolumes`: no volume may mount a path of the node. */
export const hostPathVolumes = pssRule({
  id: 'pss-host-path-volumes',
  checkId: 'hostPathVolumes',
  level: 'baseline',
  minMinor: 0,
  title: 'Pod mounts a hostPath volume',
  severity: Severity.HIGH,
  waivedBy: ['host-path'],
  rationale: 'A hostPath volume exposes the node\'s filesystem to the container: the kubelet\'s credentials, the container runtime socket, '
    + 'other pods\' data, or paths that let it escape to the node.',
  fix: 'Replace the hostPath volume with an emptyDir, a configMap or secret, or a PersistentVolumeClaim.',
  references: {
    cis: ['5.2.12'],
    polaris: ['hostPathSet'],
    kubescape: ['C-0048'],
    trivy: ['KSV-0023'],
  },
  checkPod(pod) {
    const volumes = Array.isArray(pod.spec.volumes) ? pod.spec.volumes : [];
    return volumes.flatMap((volume, i) => volume?.hostPath == null ? [] : [{
      message: `volume ${show(volume.name)} uses hostPath ${show((volume.hostPath as { path?: unknown }).path)}`,
      path: `${pod.path}.volumes[${i}].hostPath`,
    }]);
  },
});
