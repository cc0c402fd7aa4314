import { Chart, Size } from 'cdk8s';
import {
  Cpu, HardenedDeployment, IsolatedNamespace, IsolatedNamespaceProps, PodSecurityLevel, SensitiveAccess, TeamMember,
} from '../../src';
import { appWithDefaults, expectRefused, IMAGE } from '../harness';


const chart = () => new Chart(appWithDefaults(), 'platform');
const namespace = (props: Partial<IsolatedNamespaceProps>) => () => new IsolatedNamespace(chart(), 'payments', { name: 'payments', ...props });
const JUSTIFIED = 'the vendor agent needs it until the 2026 upgrade';

describe('IsolatedNamespace refuses', () => {
  test.each<[string, Partial<IsolatedNamespaceProps>, string, RegExp]>([
    ['an invalid name', { name: 'Payments' }, 'name', /not a valid DNS-1123 label/],
    ['a name too long', { name: 'p'.repeat(64) }, 'name', /at most 63 characters/],
    ['kube-system', { name: 'kube-system' }, 'name', /namespace of the cluster itself/],
    ['default', { name: 'default' }, 'name', /namespace of the cluster itself/],
    ['an unpinned PSS version', { podSecurity: { version: 'latest' } }, 'podSecurity.version', /not a pinned Kubernetes version/],
    ['a malformed PSS version', { podSecurity: { version: '1.33' } }, 'podSecurity.version', /not a pinned/],
    ['baseline without justification', { podSecurity: { level: PodSecurityLevel.BASELINE } }, 'podSecurity.justification', /a justification must be text, not undefined/],
    ['privileged with a placeholder justification', { podSecurity: { level: PodSecurityLevel.PRIVILEGED, justification: 'needed' } }, 'podSecurity.justification', /at least 10 meaningful characters.*"needed" has 6/],
    ['a justification that relaxes nothing', { podSecurity: { justification: JUSTIFIED } }, 'podSecurity.justification', /nothing is relaxed/],
    ['a PSA label set by hand', { labels: { 'pod-security.kubernetes.io/enforce': 'privileged' } }, 'labels["pod-security.kubernetes.io/enforce"]', /set by the library/],
    ['the name label set by hand', { labels: { 'kubernetes.io/metadata.name': 'other' } }, 'labels["kubernetes.io/metadata.name"]', /set by the library \(or the API server\)/],
    ['an invalid label value', { labels: { team: 'pay ments' } }, 'labels["team"]', /not a valid label value/],
    ['a forged waiver annotation', { annotations: { 'waiver.cdk8s-hardening.dev/pod-security': 'trust me' } }, 'annotations["waiver.cdk8s-hardening.dev/pod-security"]', /written by the library/],
    ['CPU requests above limits', { quota: { cpuRequests: Cpu.units(20) } }, 'quota.cpuRequests', /20 is above quota.cpuLimits \(16\)/],
    ['memory requests above limits', { quota: { memoryRequests: Size.gibibytes(64) } }, 'quota.memoryRequests', /64Gi is above quota.memoryLimits/],
    ['zero pods', { quota: { pods: 0 } }, 'quota.pods', /not allowed/],
    ['a default CPU limit above the maximum', { limits: { maxCpu: Cpu.millis(250) } }, 'limits.defaultCpuLimit', /500m is above limits.maxCpu \(250m\)/],
    ['a default memory request above the default limit', { limits: { defaultMemoryRequest: Size.gibibytes(1) } }, 'limits.defaultMemoryRequest', /1Gi is above limits.defaultMemoryLimit/],
    ['a load-balancer allowance of 0', { loadBalancers: { count: 0, justification: JUSTIFIED } }, 'loadBalancers.count', /not a positive number/],
    ['a node-port allowance without a real justification', { nodePorts: { count: 1, justification: 'because' } }, 'nodePorts.justification', /at least 10 meaningful characters.*"because" has 7/],
    ['an invalid zone name', { complianceZone: { name: 'PCI DSS' } }, 'complianceZone.name', /not a valid DNS-1123 label/],
    ['an invalid zone node key', { complianceZone: { name: 'pci', nodeKey: 'zone key' } }, 'complianceZone.nodeKey', /not a valid label key/],
    ['an invalid DNS namespace', { clusterDns: { namespaceName: 'Kube_System' } }, 'clusterDns.namespaceName', /DNS-1123/],
    ['an empty team level', { team: { editors: [] } }, 'team.editors', /no members given/],
    ['a member listed twice', { team: { viewers: [TeamMember.group('devs'), TeamMember.group('devs')] } }, 'team.viewers[1]', /listed twice/],
    ['a blank member name', { team: { admins: [TeamMember.user(' ')] } }, 'team.admins[0]', /not a user name/],
    ['a sensitive grant without justification', { team: { sensitiveGrants: [{ access: SensitiveAccess.SECRETS_READ, members: [TeamMember.group('leads')], justification: '' }] } },
      'team.sensitiveGrants[0].justification', /at least 10 meaningful characters.*"" has 0/],
    ['a sensitive access granted twice', {
      team: {
        sensitiveGrants: [
          { access: SensitiveAccess.POD_EXEC, members: [TeamMember.group('oncall')], justification: JUSTIFIED },
          { access: SensitiveAccess.POD_EXEC, members: [TeamMember.group('leads')], justification: JUSTIFIED },
        ],
      },
    }, 'team.sensitiveGrants[1]', /POD_EXEC is granted twice/],
    ['system:masters as an admin', { team: { admins: [TeamMember.group('system:masters')] } }, 'team.admins[0]', /Group "system:masters" is the group that bypasses RBAC altogether/],
    ['system:authenticated as viewers', { team: { viewers: [TeamMember.group('devs'), TeamMember.group('system:authenticated')] } }, 'team.viewers[1]', /every identity the cluster knows/],
    ['system:unauthenticated as viewers', { team: { viewers: [TeamMember.group('system:unauthenticated')] } }, 'team.viewers[0]', /anyone who can reach the API server, without credentials/],
    ['system:anonymous as an editor', { team: { editors: [TeamMember.user('system:anonymous')] } }, 'team.editors[0]', /User "system:anonymous" is anyone who can reach the API server/],
    ['every ServiceAccount of the cluster', { team: { viewers: [TeamMember.group('system:serviceaccounts')] } }, 'team.viewers[0]', /every ServiceAccount of the cluster.*Fix: give the workload its own LeastPrivilegeServiceAccount/],
    ['every ServiceAccount of a namespace', { team: { editors: [TeamMember.group('system:serviceaccounts:ci')] } }, 'team.editors[0]', /every ServiceAccount of a namespace/],
    ['one ServiceAccount as a user', { team: { admins: [TeamMember.user('system:serviceaccount:ci:deployer')] } }, 'team.admins[0]', /is a ServiceAccount, a workload/],
    ['the nodes group', { team: { viewers: [TeamMember.group('system:nodes')] } }, 'team.viewers[0]', /reserved by Kubernetes for its own components.*Fix: name the team's own group/],
    ['system:authenticated given a sensitive grant', {
      team: { sensitiveGrants: [{ access: SensitiveAccess.POD_EXEC, members: [TeamMember.group('oncall'), TeamMember.group('system:authenticated')], justification: JUSTIFIED }] },
    }, 'team.sensitiveGrants[0].members[1]', /every identity the cluster knows/],
  ])('%s', (_name, props, prop, problem) => {
    expectRefused(namespace(props), 'platform/payments', prop, problem);
  });

  // Refusing system: identities must not refuse the names identity providers give people.
  test.each<[string, TeamMember]>([
    ['an OIDC group', TeamMember.group('payments-developers')],
    ['a prefixed OIDC group', TeamMember.group('oidc:payments-developers')],
    ['a name that contains system: later', TeamMember.group('corp:system:admins')],
    ['a differently cased name (Kubernetes names are case-sensitive)', TeamMember.group('System:Masters-Team')],
    ['an email user', TeamMember.user('jane@example.com')],
    ['an EKS access entry user', TeamMember.user('arn:aws:sts::123456789012:assumed-role/Admin/jane')],
  ])('accepts %s as a member', (_name, member) => {
    const sensitiveGrants = [{ access: SensitiveAccess.SECRETS_READ, members: [member], justification: JUSTIFIED }];
    expect(() => namespace({ team: { viewers: [member], editors: [member], sensitiveGrants } })()).not.toThrow();
  });

  test('two namespaces of the same name in one app', () => {
    const c = chart();
    new IsolatedNamespace(c, 'a', { name: 'payments' });
    expectRefused(() => new IsolatedNamespace(c, 'b', { name: 'payments' }), 'platform/b', 'name', /already created by platform\/a/);
  });

  test('sharing the view with itself, without a team, or across apps', () => {
    const c = chart();
    const withTeam = new IsolatedNamespace(c, 'a', { name: 'a', team: { viewers: [TeamMember.group('devs')] } });
    const noTeam = new IsolatedNamespace(c, 'b', { name: 'b' });
    expectRefused(() => withTeam.shareViewWith(withTeam), 'platform/a', 'shareViewWith(siblings[0])', /with itself/);
    expectRefused(() => noTeam.shareViewWith(withTeam), 'platform/b', 'shareViewWith(siblings)', /no team members/);
    expectRefused(() => withTeam.shareViewWith(new IsolatedNamespace(chart(), 'c', { name: 'c' })), 'platform/a', 'shareViewWith(siblings[0])', /belongs to another App/);
  });
});

describe('workloads in an IsolatedNamespace refuse', () => {
  test('a name taken by a namespace-level policy', () => {
    const c = chart();
    const ns = new IsolatedNamespace(c, 'ns', { name: 'payments' });
    expectRefused(() => new HardenedDeployment(c, 'api', { namespace: ns, name: 'default-deny', image: IMAGE, port: 8080 }), 'platform/api', 'name', /NetworkPolicy of the IsolatedNamespace/);
  });

  test('container limits the namespace\'s LimitRange would reject at admission', () => {
    const c = chart();
    const ns = new IsolatedNamespace(c, 'ns', { name: 'payments', limits: { maxCpu: Cpu.units(1), maxMemory: Size.gibibytes(1) } });
    expectRefused(() => new HardenedDeployment(c, 'api', { namespace: ns, image: IMAGE, port: 8080, resources: { cpu: { request: Cpu.millis(500), limit: Cpu.units(2) } } }),
      'platform/api', 'resources.cpu.limit', /container "main" has a CPU limit of 2, above the 1 that namespace "payments" allows.*Fix: lower the limit, or raise limits.maxCpu/);
    expectRefused(() => new HardenedDeployment(c, 'web', { namespace: ns, image: IMAGE, port: 8080, resources: { memory: { request: Size.mebibytes(512), limit: Size.gibibytes(2) } } }),
      'platform/web', 'resources.memory.limit', /memory limit of 2Gi, above the 1Gi/);
  });
});
