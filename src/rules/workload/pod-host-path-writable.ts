import { containersOf } from '../../manifest/pod-spec';
import { podRule } from '../define';
import { Severity } from '../rule';
import { asList, hostPathVolumes } from './containers';

/** Every mount of a hostPath volume is read-only. */
export const podHostPathWritable = podRule({
  id: 'pod-host-path-writable',
  title: 'Container mounts a hostPath volume writable',
  severity: Severity.MEDIUM,
  rationale: 'A writable hostPath lets the container change files on the node, which other pods and the node itself read: planted binaries, '
    + 'altered configuration, or symlinks that a later mount follows out of the volume.',
  fix: 'Set readOnly: true on the volumeMount (HardenedDeployment and siblings mount Waiver.hostPath volumes read-only).',
  references: {
    'kube-linter': ['writable-host-mount'],
    'kubescape': ['C-0045'],
  },
  checkPod(pod) {
    const hostPaths = new Map(hostPathVolumes(pod).map(v => [v.name, v.hostPath]));
    if (hostPaths.size === 0) return [];
    return containersOf(pod).flatMap(c => asList(c.container.volumeMounts)
      .flatMap((m: { name?: string; readOnly?: unknown }, i: number) => m && hostPaths.has(m.name ?? '') && m.readOnly !== true ? [{
        message: `${c.label} mounts hostPath "${hostPaths.get(m.name ?? '')}" (volume "${m.name}") writable`,
        path: `${c.path}.volumeMounts[${i}].readOnly`,
      }] : []));
  },
});
