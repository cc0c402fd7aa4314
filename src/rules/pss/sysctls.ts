import { Severity } from '../rule';
import { pssRule, show } from './pss-rule';

// Namespaced sysctls isolated from other pods; PSA grows the list with new policy versions.
const SAFE_SYSCTLS: ReadonlyArray<readonly [minMinor: number, names: readonly string[]]> = [
  [0, ['kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range', 'net.ipv4.ip_unprivileged_port_start']],
  [27, ['net.ipv4.ip_local_reserved_ports']],
  [29, ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes']],
  [32, ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']],
  [37, ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat']],
];

/** The sysctls PSA considers safe at a policy version. */
function safeSysctls(minor: number): Set<string> {
  return new Set(SAFE_SYSCTLS.filter(([since]) => minor >= since).flatMap(([, names]) => names));
}

/** PSA `sysctls`: only the safe, namespaced sysctls may be set. */
export const sysctls = pssRule({
  id: 'pss-sysctls',
  checkId: 'sysctls',
  level: 'baseline',
  minMinor: 0,
  title: 'Pod sets a sysctl outside the safe set',
  severity: Severity.MEDIUM,
  rationale: 'Sysctls outside the safe set are not isolated per pod: they can change kernel behaviour for every workload on the node '
    + 'or disable security mechanisms.',
  fix: 'Remove the sysctl from spec.securityContext.sysctls, or set it on the node if it is really needed.',
  references: {
    'kube-linter': ['unsafe-sysctls'],
    'kubescape': ['C-0211'],
    'trivy': ['KSV-0026'],
  },
  checkPod(pod, minor) {
    const set = pod.spec.securityContext?.sysctls;
    if (!Array.isArray(set)) return [];
    const safe = safeSysctls(minor);
    return set.flatMap((sysctl, i) => safe.has(sysctl?.name as string) ? [] : [{
      message: `pod sets sysctl ${show(sysctl?.name)} in securityContext.sysctls, which is not in the safe set of PSS v1.${minor}`,
      path: `${pod.path}.securityContext.sysctls[${i}].name`,
    }]);
  },
});
