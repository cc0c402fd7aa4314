import { podRule } from '../define';
import { Severity } from '../rule';
import { hostPathVolumes, isUnder } from './containers';

/** Node directories whose content (or whose subtree) gives control of the node or its credentials. */
const SENSITIVE_DIRS = [
  '/bin', '/boot', '/dev', '/etc', '/lib', '/lib32', '/lib64', '/proc', '/root', '/sbin', '/sys', '/usr',
  '/var/lib/kubelet', '/var/lib/docker', '/var/lib/containerd', '/var/lib/etcd',
];
/** Directory names that hold cloud, cluster or SSH credentials wherever they are (e.g. /home/admin/.aws). */
const CREDENTIAL_DIRS = /\/\.(?:aws|azure|kube|ssh|docker|config\/gcloud)(?:\/|$)/;

/** No hostPath volume exposes the node's root, system directories or credential directories. */
export const podHostPathSensitive = podRule({
  id: 'pod-host-path-sensitive',
  title: 'Pod mounts a sensitive directory of the node',
  severity: Severity.HIGH,
  waivedBy: ['host-path'],
  rationale: 'The node\'s root, /etc, /proc, /sys, /dev, system binaries, the kubelet and runtime state, and credential directories (.aws, .kube, .ssh) '
    + 'let a container read node and cluster credentials or change what the node runs: a direct path to node takeover.',
  fix: 'Remove the hostPath volume; if node data is really needed, mount the narrowest file read-only (HardenedDeployment and siblings allow '
    + 'hostPath only through Waiver.hostPath, read-only).',
  references: {
    'kube-linter': ['sensitive-host-mounts'],
    'kubescape': ['C-0020'],
    'trivy': ['KSV-0121'],
  },
  checkPod(pod) {
    return hostPathVolumes(pod)
      .filter(v => v.hostPath === '/' || SENSITIVE_DIRS.some(d => isUnder(v.hostPath, d)) || CREDENTIAL_DIRS.test(v.hostPath))
      .map(v => ({ message: `volume "${v.name}" mounts sensitive node path "${v.hostPath}"`, path: v.path }));
  },
});
