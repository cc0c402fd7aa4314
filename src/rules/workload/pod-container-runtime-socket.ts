import { podRule } from '../define';
import { Severity } from '../rule';
import { hostPathVolumes, isUnder } from './containers';

/** The run directories: mounted whole, they hold every runtime's socket (their other files, e.g. /run/xtables.lock, are fine). */
const RUN_DIRS = ['/run', '/var/run'];
/** Each runtime's directory under them, which holds its socket. */
const RUNTIME_DIRS = RUN_DIRS.flatMap(run => ['docker', 'containerd', 'crio', 'cri-dockerd', 'podman'].map(r => `${run}/${r}`));
const RUNTIME_SOCKET = /(?:^|\/)(?:docker|containerd|crio|cri-dockerd|podman|dockershim)\.sock$/;

/** No hostPath volume exposes a container runtime socket. */
export const podContainerRuntimeSocket = podRule({
  id: 'pod-container-runtime-socket',
  title: 'Pod mounts the container runtime socket',
  severity: Severity.CRITICAL,
  rationale: 'Whoever talks to docker.sock, containerd.sock or crio.sock can start a privileged container with the node\'s filesystem mounted: '
    + 'the socket is root on the node, and from there every pod and secret on it.',
  fix: 'Remove the volume. Build images with a daemonless builder (BuildKit rootless, kaniko) and read container metadata from the Kubernetes API.',
  references: {
    'kube-linter': ['docker-sock'],
    'checkov': ['CKV_K8S_27'],
    'kubescape': ['C-0074'],
    'trivy': ['KSV-0006'],
  },
  checkPod(pod) {
    return hostPathVolumes(pod)
      .filter(v => RUNTIME_SOCKET.test(v.hostPath) || RUN_DIRS.includes(v.hostPath) || RUNTIME_DIRS.some(d => isUnder(v.hostPath, d)))
      .map(v => ({
        message: `volume "${v.name}" mounts "${v.hostPath}", which ${RUNTIME_SOCKET.test(v.hostPath) ? 'is' : 'holds'} a container runtime socket`,
        path: v.path,
      }));
  },
});
