import { containersOf } from '../../manifest/pod-spec';
import { Severity } from '../rule';
import { pssRule, securityContextHolders } from './pss-rule';

/** PSA `windowsHostProcess`: no Windows HostProcess containers. */
export const windowsHostProcess = pssRule({
  id: 'pss-windows-host-process',
  checkId: 'windowsHostProcess',
  level: 'baseline',
  minMinor: 0,
  title: 'Pod or container runs as a Windows HostProcess container',
  severity: Severity.HIGH,
  rationale: 'A HostProcess container runs directly on the Windows node, in the host\'s network and with access to its filesystem and '
    + 'processes: the Windows equivalent of a privileged container.',
  fix: 'Remove securityContext.windowsOptions.hostProcess (or set it to false) on the pod and every container.',
  references: {
    cis: ['5.2.11'],
    polaris: ['hostProcess'],
    kubescape: ['C-0211'],
    trivy: ['KSV-0103'],
  },
  checkPod(pod) {
    return securityContextHolders(pod, containersOf(pod))
      .filter(holder => holder.securityContext?.windowsOptions?.hostProcess === true)
      .map(holder => ({
        message: `${holder.label} sets securityContext.windowsOptions.hostProcess=true`,
        path: `${holder.path}.windowsOptions.hostProcess`,
      }));
  },
});
