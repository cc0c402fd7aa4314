/** Small manifests for the engine and CLI tests. */
export const BAD_POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'bad', namespace: 'team' },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27.1', securityContext: { privileged: true } }] },
};

export const GOOD_POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'good', namespace: 'team' },
  spec: {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    containers: [{
      name: 'app',
      image: 'nginx:1.27.1',
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
    }],
  },
};

export const BAD_POD_YAML = `# a privileged pod
apiVersion: v1
kind: Pod
metadata:
  name: bad
  namespace: team
spec:
  containers:
    - name: app
      image: nginx:1.27.1
      securityContext:
        privileged: true
`;
