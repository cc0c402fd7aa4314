import { POD_BEARING_KINDS } from '../../src/manifest/pod-spec';
import { ObjectIndex } from '../../src/rules/object-index';
import { PSS_LATEST_MINOR, PSS_RULES, PSS_SUPPORTED_MINORS, pssRules } from '../../src/rules/pss';
import { Manifest, RuleContext, Severity } from '../../src/rules/rule';
import { evaluate } from '../harness';

const ctx = (pssMinor: number): RuleContext => ({ pssMinor, index: new ObjectIndex([]), complete: false });

const hardenedContext = () => ({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });

/** A pod that passes Restricted at every version, with `tweak` applied to its spec. */
function pod(tweak: (spec: any) => void = () => {}, metadata: Record<string, unknown> = {}): Manifest {
  const spec = {
    securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    initContainers: [{ name: 'setup', image: 'setup:1', securityContext: hardenedContext() }],
    containers: [{ name: 'app', image: 'app:1', securityContext: hardenedContext() }],
  };
  tweak(spec);
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', ...metadata }, spec };
}

function findings(object: Manifest, level: 'baseline' | 'restricted' = 'restricted', minor = PSS_LATEST_MINOR) {
  return evaluate([object], pssRules(level, minor), { pssMinor: minor }).map(f => ({ ruleId: f.ruleId, message: f.message, path: f.path }));
}

describe('the PSS rule set', () => {
  test('one rule per official PSA check, with a kebab-case pss- id', () => {
    expect(PSS_RULES.map(r => r.checkId).sort()).toEqual([
      'allowPrivilegeEscalation', 'appArmorProfile', 'capabilities_baseline', 'capabilities_restricted', 'hostNamespaces',
      'hostPathVolumes', 'hostPorts', 'hostProbesAndHostLifecycle', 'privileged', 'procMount', 'procMount_restricted',
      'restrictedVolumes', 'runAsNonRoot', 'runAsUser', 'seLinuxOptions', 'seccompProfile_baseline', 'seccompProfile_restricted',
      'sysctls', 'windowsHostProcess',
    ]);
    for (const rule of PSS_RULES) expect(rule.id).toMatch(/^pss-[a-z]+(-[a-z]+)*$/);
    expect(new Set(PSS_RULES.map(r => r.id)).size).toBe(PSS_RULES.length);
  });

  test('every rule looks at pod-bearing kinds and names its PSS check first', () => {
    for (const rule of PSS_RULES) {
      expect(rule.kinds).toEqual(POD_BEARING_KINDS);
      expect(rule.references[0]).toEqual({ framework: 'pss', id: rule.checkId, relation: 'equivalent' });
      expect(rule.title && rule.rationale && rule.fix).toBeTruthy();
    }
  });

  test('cross-references use the catalog ids', () => {
    const privileged = PSS_RULES.find(r => r.id === 'pss-privileged')!;
    expect(privileged.severity).toBe(Severity.CRITICAL);
    expect(privileged.references).toEqual([
      { framework: 'pss', id: 'privileged', relation: 'equivalent' },
      { framework: 'cis', id: '5.2.2', relation: 'equivalent' },
      { framework: 'nsa', id: 'C-0057', relation: 'equivalent' },
      { framework: 'polaris', id: 'runAsPrivileged', relation: 'equivalent' },
      { framework: 'kube-score', id: 'container-security-context-privileged', relation: 'equivalent' },
      { framework: 'kube-linter', id: 'privileged-container', relation: 'equivalent' },
      { framework: 'checkov', id: 'CKV_K8S_16', relation: 'equivalent' },
      { framework: 'kubescape', id: 'C-0057', relation: 'equivalent' },
      { framework: 'trivy', id: 'KSV-0017', relation: 'equivalent' },
    ]);
  });

  test('restricted includes baseline; checks join at the version PSA adds them', () => {
    const ids = (level: 'baseline' | 'restricted', minor: number) => pssRules(level, minor).map(r => r.id);
    expect(ids('baseline', 33)).not.toContain('pss-host-probes-and-host-lifecycle');
    expect(ids('baseline', 34)).toContain('pss-host-probes-and-host-lifecycle');
    expect(ids('baseline', 37)).toHaveLength(12);
    expect(ids('restricted', 34)).not.toContain('pss-proc-mount-restricted');
    expect(ids('restricted', 35)).toEqual(expect.arrayContaining([...ids('baseline', 35), 'pss-proc-mount-restricted']));
    expect(ids('restricted', 37)).toHaveLength(19);
  });

  test.each([24, 38, 30.5, NaN])('rejects unsupported version %p', minor => {
    expect(() => pssRules('baseline', minor)).toThrow(RangeError);
  });

  test.each(PSS_SUPPORTED_MINORS)('a hardened pod passes Restricted at v1.%i', minor => {
    expect(findings(pod(), 'restricted', minor)).toEqual([]);
  });

  test('objects that carry no pod are ignored', () => {
    const rule = PSS_RULES.find(r => r.id === 'pss-host-namespaces')!;
    expect(rule.check({ kind: 'Service', spec: { hostNetwork: true } }, ctx(37))).toEqual([]);
  });
});

describe('messages and paths', () => {
  test.each<[string, (spec: any) => void, { ruleId: string; message: string; path: string }]>([
    ['privileged', s => { s.containers[0].securityContext.privileged = true; }, {
      ruleId: 'pss-privileged', message: 'container "app" sets securityContext.privileged=true', path: 'spec.containers[0].securityContext.privileged',
    }],
    ['host PID', s => { s.hostPID = true; }, { ruleId: 'pss-host-namespaces', message: 'pod sets hostPID=true', path: 'spec.hostPID' }],
    ['added capability', s => { s.initContainers[0].securityContext.capabilities.add = ['CHOWN', 'NET_RAW']; }, {
      ruleId: 'pss-capabilities-baseline',
      message: 'init container "setup" adds capability "NET_RAW" in securityContext.capabilities.add',
      path: 'spec.initContainers[0].securityContext.capabilities.add[1]',
    }],
    ['host port', s => { s.containers[0].ports = [{ containerPort: 80 }, { containerPort: 443, hostPort: 443 }]; }, {
      ruleId: 'pss-host-ports', message: 'container "app" sets ports[1].hostPort=443', path: 'spec.containers[0].ports[1].hostPort',
    }],
    ['unsafe sysctl', s => { s.securityContext.sysctls = [{ name: 'kernel.msgmax', value: '65536' }]; }, {
      ruleId: 'pss-sysctls',
      message: 'pod sets sysctl "kernel.msgmax" in securityContext.sysctls, which is not in the safe set of PSS v1.37',
      path: 'spec.securityContext.sysctls[0].name',
    }],
    ['root user', s => { s.containers[0].securityContext.runAsUser = 0; }, {
      ruleId: 'pss-run-as-user', message: 'container "app" sets securityContext.runAsUser=0', path: 'spec.containers[0].securityContext.runAsUser',
    }],
    ['probe host', s => { s.containers[0].lifecycle = { preStop: { httpGet: { host: '10.0.0.1', port: 80 } } }; }, {
      ruleId: 'pss-host-probes-and-host-lifecycle',
      message: 'container "app" sets lifecycle.preStop.httpGet.host="10.0.0.1"',
      path: 'spec.containers[0].lifecycle.preStop.httpGet.host',
    }],
    ['ephemeral container escalation', s => { s.ephemeralContainers = [{ name: 'debug', securityContext: { allowPrivilegeEscalation: true, capabilities: { drop: ['ALL'] } } }]; }, {
      ruleId: 'pss-allow-privilege-escalation',
      message: 'ephemeral container "debug" sets securityContext.allowPrivilegeEscalation=true',
      path: 'spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation',
    }],
    ['restricted volume', s => { s.volumes = [{ name: 'implicit' }, { name: 'share', nfs: { server: 'nas', path: '/' } }]; }, {
      ruleId: 'pss-restricted-volumes', message: 'volume "share" uses restricted volume type nfs', path: 'spec.volumes[1].nfs',
    }],
  ])('%s', (_, tweak, expected) => {
    // At the rule's own level, so a restricted rule that re-checks the same field does not add a second finding.
    const level = PSS_RULES.find(r => r.id === expected.ruleId)!.level;
    expect(findings(pod(tweak), level)).toEqual([expected]);
  });

  test('a pod-level bad value is reported once, not again for every container that inherits it', () => {
    expect(findings(pod(s => { s.securityContext.runAsNonRoot = false; }))).toEqual([{
      ruleId: 'pss-run-as-non-root', message: 'pod sets securityContext.runAsNonRoot=false', path: 'spec.securityContext.runAsNonRoot',
    }]);
  });

  test('without a pod-level setting, each container that leaves it unset is reported', () => {
    expect(findings(pod(s => { delete s.securityContext.seccompProfile; s.containers[0].securityContext.seccompProfile = { type: 'Localhost' }; })))
      .toEqual([{
        ruleId: 'pss-seccomp-profile-restricted',
        message: 'init container "setup" does not set securityContext.seccompProfile.type, and neither does the pod',
        path: 'spec.initContainers[0].securityContext.seccompProfile.type',
      }]);
  });

  test('legacy AppArmor annotations are read from the pod metadata', () => {
    const annotated = pod(undefined, { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } });
    expect(findings(annotated, 'baseline')).toEqual([{
      ruleId: 'pss-apparmor-profile',
      message: 'container "app" has AppArmor annotation container.apparmor.security.beta.kubernetes.io/app="unconfined"',
      path: 'metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]',
    }]);
  });
});

describe('pods inside workloads', () => {
  test('a Deployment wrapping a privileged pod is caught under spec.template', () => {
    const bad = pod(s => { s.containers[0].securityContext.privileged = true; }, { annotations: { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' } });
    const deployment: Manifest = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: bad.metadata, spec: bad.spec } },
    };
    expect(findings(deployment).map(f => f.path)).toEqual([
      'spec.template.spec.containers[0].securityContext.privileged',
      'spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]',
    ]);
  });

  test('a CronJob wrapping a bad pod is caught under spec.jobTemplate.spec.template', () => {
    const bad = pod(s => { s.hostIPC = true; s.initContainers[0].securityContext.runAsNonRoot = false; });
    const cronJob: Manifest = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly' },
      spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: bad.spec } } } },
    };
    const found = evaluate([cronJob], pssRules('restricted', 37), { pssMinor: 37 });
    expect(found.map(f => [f.ruleId, f.path])).toEqual([
      ['pss-host-namespaces', 'spec.jobTemplate.spec.template.spec.hostIPC'],
      ['pss-run-as-non-root', 'spec.jobTemplate.spec.template.spec.initContainers[0].securityContext.runAsNonRoot'],
    ]);
    expect(found[1].message).toBe('init container "setup" sets securityContext.runAsNonRoot=false');
    expect(found[0].object).toEqual({ apiVersion: 'batch/v1', kind: 'CronJob', namespace: undefined, name: 'nightly' });
  });
});

describe('versioned behaviour', () => {
  const ruleIds = (object: Manifest, level: 'baseline' | 'restricted', minor: number) => findings(object, level, minor).map(f => f.ruleId);

  test.each([
    ['net.ipv4.ip_local_reserved_ports', 27],
    ['net.ipv4.tcp_keepalive_time', 29],
    ['net.ipv4.tcp_wmem', 32],
    ['net.ipv4.tcp_notsent_lowat', 37],
  ])('sysctl %s is safe from v1.%i', (name, since) => {
    const withSysctl = pod(s => { s.securityContext.sysctls = [{ name, value: '1' }]; });
    expect(ruleIds(withSysctl, 'baseline', since - 1)).toEqual(['pss-sysctls']);
    expect(ruleIds(withSysctl, 'baseline', since)).toEqual([]);
  });

  test('SELinux type container_engine_t is allowed from v1.31', () => {
    const engine = pod(s => { s.containers[0].securityContext.seLinuxOptions = { type: 'container_engine_t' }; });
    expect(ruleIds(engine, 'baseline', 30)).toEqual(['pss-selinux-options']);
    expect(ruleIds(engine, 'baseline', 31)).toEqual([]);
  });

  test('probe and lifecycle hosts are forbidden from v1.34', () => {
    const probing = pod(s => { s.containers[0].readinessProbe = { tcpSocket: { host: 'db', port: 5432 } }; });
    expect(ruleIds(probing, 'baseline', 33)).toEqual([]);
    expect(ruleIds(probing, 'baseline', 34)).toEqual(['pss-host-probes-and-host-lifecycle']);
  });

  test('hostUsers: false relaxes procMount for Baseline and root checks for Restricted from v1.35, but not procMount_restricted', () => {
    const userns = pod(s => {
      s.hostUsers = false;
      delete s.securityContext.runAsNonRoot;
      s.securityContext.runAsUser = 0;
      s.containers[0].securityContext.procMount = 'Unmasked';
    });
    expect(ruleIds(userns, 'baseline', 34)).toEqual(['pss-proc-mount']);
    expect(ruleIds(userns, 'baseline', 35)).toEqual([]);
    expect(ruleIds(userns, 'restricted', 34)).toEqual(['pss-proc-mount', 'pss-run-as-non-root', 'pss-run-as-non-root', 'pss-run-as-user']);
    expect(ruleIds(userns, 'restricted', 35)).toEqual(['pss-proc-mount-restricted']);
  });

  test('Windows pods are exempt from the Linux-only restricted checks, not from runAsNonRoot or baseline', () => {
    const windows: Manifest = {
      kind: 'Pod',
      metadata: { name: 'win' },
      spec: { os: { name: 'windows' }, containers: [{ name: 'app', securityContext: { windowsOptions: { hostProcess: true } } }] },
    };
    expect(ruleIds(windows, 'restricted', 25)).toEqual(['pss-windows-host-process', 'pss-run-as-non-root']);
    expect(ruleIds({ ...windows, spec: { ...windows.spec, os: { name: 'linux' } } }, 'restricted', 25)).toEqual([
      'pss-windows-host-process', 'pss-allow-privilege-escalation', 'pss-run-as-non-root', 'pss-seccomp-profile-restricted', 'pss-capabilities-restricted',
    ]);
  });

  test('a rule called directly for a version before its check existed reports nothing', () => {
    const rule = PSS_RULES.find(r => r.id === 'pss-host-probes-and-host-lifecycle')!;
    const probing = pod(s => { s.containers[0].livenessProbe = { httpGet: { host: 'x', port: 1 } }; });
    expect(rule.check(probing, ctx(33))).toEqual([]);
    expect(rule.check(probing, ctx(34))).toHaveLength(1);
  });
});
