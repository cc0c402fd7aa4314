/**
 * The checks of the admission guardrails: for each, the ValidatingAdmissionPolicy body (what it matches, its CEL
 * variables and validations) and the rule-engine rules it enforces, so admission and audit say the same thing.
 */
import {
  celList, celString, containersWhere, fieldIs, hasPath, IS_WINDOWS, NamedExpression, namingMessage,
  POD_RESOURCE_RULES, POD_SPEC_CHANGED, POD_VARIABLES,
} from './pod-spec-cel';
import { BASELINE_ALLOWED_CAPABILITIES } from '../detectors/pss-capabilities';
import { DIGEST_HEX_LENGTH } from '../manifest/image-reference';

/** One check of the admission guardrails, each emitted as its own ValidatingAdmissionPolicy and binding. */
export enum AdmissionCheck {
  /** No privileged container (PSS baseline `privileged`). */
  PRIVILEGED = 'PRIVILEGED',
  /** No hostNetwork, hostPID or hostIPC (PSS baseline `hostNamespaces`). */
  HOST_NAMESPACES = 'HOST_NAMESPACES',
  /** No hostPort on any container (PSS baseline `hostPorts`). */
  HOST_PORTS = 'HOST_PORTS',
  /** No hostPath volume (PSS baseline `hostPathVolumes`). */
  HOST_PATH_VOLUMES = 'HOST_PATH_VOLUMES',
  /** Every container runs with runAsNonRoot=true (PSS restricted `runAsNonRoot`). */
  RUN_AS_NON_ROOT = 'RUN_AS_NON_ROOT',
  /** Every container sets allowPrivilegeEscalation=false (PSS restricted `allowPrivilegeEscalation`). */
  ALLOW_PRIVILEGE_ESCALATION = 'ALLOW_PRIVILEGE_ESCALATION',
  /** Capabilities: drop ALL, add back only NET_BIND_SERVICE (PSS `capabilities_baseline` and `capabilities_restricted`). */
  CAPABILITIES = 'CAPABILITIES',
  /** Seccomp RuntimeDefault or Localhost on the pod or every container (PSS `seccompProfile_baseline` and `_restricted`). */
  SECCOMP = 'SECCOMP',
  /** Every image is pinned by digest (needs `requireDigests`). */
  IMAGE_DIGEST = 'IMAGE_DIGEST',
  /** Every image comes from an allowed registry (needs `allowedRegistries`). */
  IMAGE_REGISTRIES = 'IMAGE_REGISTRIES',
  /** No NodePort or LoadBalancer Service outside the namespaces allowed to expose them. */
  SERVICE_EXPOSURE = 'SERVICE_EXPOSURE',
  /** No Secret with `data` or `stringData` written by anyone but the exempt controllers. */
  SECRET_PLAINTEXT = 'SECRET_PLAINTEXT',
}

/** Settings the check bodies depend on, already validated. */
export interface CheckSettings {
  /** Kubernetes minor (1.x) of the target cluster. */
  readonly minor: number;
  /** Anchored RE2 pattern of the allowed registries, matched against the image with its registry made explicit. */
  readonly registryPattern?: string;
  readonly secretWriterUsers: readonly string[];
  readonly secretWriterGroups: readonly string[];
  readonly secretTypes: readonly string[];
}

/** What a check's ValidatingAdmissionPolicy holds besides names and the failure policy. */
export interface CheckBody {
  /** Kebab-case suffix of the policy name. */
  readonly suffix: string;
  /** Rule-engine rules the check enforces at admission. */
  readonly ruleIds: readonly string[];
  readonly resourceRules: ReadonlyArray<{ apiGroups: string[]; apiVersions: string[]; resources: string[] }>;
  readonly matchConditions: readonly NamedExpression[];
  readonly variables: readonly NamedExpression[];
  readonly validations: ReadonlyArray<{ expression: string; messageExpression: string }>;
}

const SECCOMP_TYPES = celList(['RuntimeDefault', 'Localhost']);
/**
 * A content digest as the `container-image-digest` rule accepts it: an algorithm runtimes verify with exactly its number
 * of lowercase hex digits (`@sha256:` and 64), built from the one table the parser uses, so the admission check and
 * the rule cannot drift apart.
 */
const DIGEST = `@(${Object.entries(DIGEST_HEX_LENGTH).map(([algorithm, length]) => `${algorithm}:[0-9a-f]{${length}}`).join('|')})$`;
/**
 * An image whose first component is a registry host: it has a '.', ':' or uppercase letter, is `localhost`, or is an
 * IPv6 literal (as `parseImageReference` and the kubelet read it).
 */
const HAS_REGISTRY = '^([^/]*[.:A-Z][^/]*|localhost|\\[[^/]*)/';

const SC = 'securityContext';
const POD_SC = 'variables.podSpec';

/** The rule-engine rules each check enforces at admission (IMAGE_REGISTRIES mirrors HardenedDeployment's `imagePolicy` instead). */
export const CHECK_RULES: Record<AdmissionCheck, readonly string[]> = {
  [AdmissionCheck.PRIVILEGED]: ['pss-privileged'],
  [AdmissionCheck.HOST_NAMESPACES]: ['pss-host-namespaces'],
  [AdmissionCheck.HOST_PORTS]: ['pss-host-ports'],
  [AdmissionCheck.HOST_PATH_VOLUMES]: ['pss-host-path-volumes'],
  [AdmissionCheck.RUN_AS_NON_ROOT]: ['pss-run-as-non-root'],
  [AdmissionCheck.ALLOW_PRIVILEGE_ESCALATION]: ['pss-allow-privilege-escalation'],
  [AdmissionCheck.CAPABILITIES]: ['pss-capabilities-baseline', 'pss-capabilities-restricted'],
  [AdmissionCheck.SECCOMP]: ['pss-seccomp-profile-baseline', 'pss-seccomp-profile-restricted'],
  [AdmissionCheck.IMAGE_DIGEST]: ['container-image-digest'],
  [AdmissionCheck.IMAGE_REGISTRIES]: [],
  [AdmissionCheck.SERVICE_EXPOSURE]: ['service-type-exposed'],
  [AdmissionCheck.SECRET_PLAINTEXT]: ['secret-plaintext'],
};

function podCheck(check: AdmissionCheck, suffix: string, variables: NamedExpression[], validations: CheckBody['validations']): CheckBody {
  return {
    suffix,
    ruleIds: CHECK_RULES[check],
    resourceRules: POD_RESOURCE_RULES,
    matchConditions: [POD_SPEC_CHANGED],
    variables: [...POD_VARIABLES, ...variables],
    validations,
  };
}

/** The policy body of `check` under `settings`. */
export function checkBody(check: AdmissionCheck, settings: CheckSettings): CheckBody {
  switch (check) {
    case AdmissionCheck.PRIVILEGED:
      return podCheck(check, 'privileged', [
        { name: 'privileged', expression: containersWhere(fieldIs('c', [SC, 'privileged'], 'true')) },
      ], [{
        expression: 'size(variables.privileged) == 0',
        messageExpression: namingMessage('privileged', 'privileged containers are not allowed: ', ' set securityContext.privileged=true; remove it'),
      }]);

    case AdmissionCheck.HOST_NAMESPACES:
      return podCheck(check, 'host-namespaces', [{
        name: 'hostNamespaces',
        expression: ['hostNetwork', 'hostPID', 'hostIPC'].map(f => `(${fieldIs(POD_SC, [f], 'true')} ? [${celString(f)}] : [])`).join(' + '),
      }], [{
        expression: 'size(variables.hostNamespaces) == 0',
        messageExpression: namingMessage('hostNamespaces', 'the pod may not share the node namespaces: it sets ', ' to true; remove them'),
      }]);

    case AdmissionCheck.HOST_PORTS:
      return podCheck(check, 'host-ports', [
        { name: 'hostPorts', expression: containersWhere('has(c.ports) && c.ports.exists(p, has(p.hostPort) && p.hostPort != 0)') },
      ], [{
        expression: 'size(variables.hostPorts) == 0',
        messageExpression: namingMessage('hostPorts', 'containers may not bind ports on the node: ', ' set ports[].hostPort; expose them through a Service'),
      }]);

    case AdmissionCheck.HOST_PATH_VOLUMES:
      return podCheck(check, 'host-path-volumes', [
        { name: 'hostPathVolumes', expression: `has(${POD_SC}.volumes) ? ${POD_SC}.volumes.filter(v, has(v.hostPath)).map(v, v.name) : []` },
      ], [{
        expression: 'size(variables.hostPathVolumes) == 0',
        messageExpression: namingMessage('hostPathVolumes', 'hostPath volumes are not allowed: ', '; use emptyDir, configMap, secret or a PersistentVolumeClaim'),
      }]);

    case AdmissionCheck.RUN_AS_NON_ROOT: {
      // From 1.35 Pod Security exempts pods in their own user namespace (hostUsers: false): root inside is unprivileged on the node.
      const userNamespaces = settings.minor >= 35;
      const exempt = userNamespaces ? 'variables.userNamespace || ' : '';
      return podCheck(check, 'run-as-non-root', [
        ...(userNamespaces ? [{ name: 'userNamespace', expression: fieldIs(POD_SC, ['hostUsers'], 'false') }] : []),
        { name: 'podSetsRunAsNonRoot', expression: hasPath(POD_SC, [SC, 'runAsNonRoot']) },
        // A container that does not decide inherits the pod's setting; a bad pod setting is reported by the first validation.
        {
          name: 'mayRunAsRoot',
          expression: containersWhere(`${hasPath('c', [SC, 'runAsNonRoot'])} ? c.${SC}.runAsNonRoot != true : !variables.podSetsRunAsNonRoot`),
        },
      ], [{
        expression: `${exempt}!variables.podSetsRunAsNonRoot || ${POD_SC}.${SC}.runAsNonRoot == true`,
        messageExpression: celString('the pod sets securityContext.runAsNonRoot to a value other than true; set it to true'),
      }, {
        expression: `${exempt}size(variables.mayRunAsRoot) == 0`,
        messageExpression: namingMessage('mayRunAsRoot', 'containers may run as root: ', ' do not set securityContext.runAsNonRoot=true (nor does the pod)'),
      }]);
    }

    case AdmissionCheck.ALLOW_PRIVILEGE_ESCALATION:
      return podCheck(check, 'allow-privilege-escalation', [
        IS_WINDOWS,
        { name: 'mayEscalate', expression: containersWhere(`!(${fieldIs('c', [SC, 'allowPrivilegeEscalation'], 'false')})`) },
      ], [{
        expression: 'variables.isWindows || size(variables.mayEscalate) == 0',
        messageExpression: namingMessage('mayEscalate', 'containers may gain privileges through setuid binaries: ', ' do not set securityContext.allowPrivilegeEscalation=false'),
      }]);

    case AdmissionCheck.CAPABILITIES: {
      const added = hasPath('c', [SC, 'capabilities', 'add']);
      const adds = `c.${SC}.capabilities.add`;
      return podCheck(check, 'capabilities', [
        IS_WINDOWS,
        { name: 'dangerousCapabilities', expression: containersWhere(`${added} && ${adds}.exists(a, !(a in ${celList(BASELINE_ALLOWED_CAPABILITIES)}))`) },
        { name: 'notDroppingAll', expression: containersWhere(`!(${hasPath('c', [SC, 'capabilities', 'drop'])} && 'ALL' in c.${SC}.capabilities.drop)`) },
        { name: 'extraCapabilities', expression: containersWhere(`${added} && ${adds}.exists(a, a != 'NET_BIND_SERVICE')`) },
      ], [{
        expression: 'size(variables.dangerousCapabilities) == 0',
        messageExpression: namingMessage('dangerousCapabilities', 'containers add capabilities beyond the runtime default set: ', '; remove them from securityContext.capabilities.add'),
      }, {
        expression: 'variables.isWindows || size(variables.notDroppingAll) == 0',
        messageExpression: namingMessage('notDroppingAll', 'containers keep the runtime default capabilities: ', ' do not set securityContext.capabilities.drop=["ALL"]'),
      }, {
        expression: 'variables.isWindows || size(variables.extraCapabilities) == 0',
        messageExpression: namingMessage('extraCapabilities', 'containers add capabilities other than NET_BIND_SERVICE: ', '; remove them from securityContext.capabilities.add'),
      }]);
    }

    case AdmissionCheck.SECCOMP: {
      const allowed = (profile: string) => `has(${profile}.type) && ${profile}.type in ${SECCOMP_TYPES}`;
      const podProfile = `${POD_SC}.${SC}.seccompProfile`;
      return podCheck(check, 'seccomp', [
        IS_WINDOWS,
        { name: 'podSetsProfile', expression: hasPath(POD_SC, [SC, 'seccompProfile']) },
        { name: 'disallowedProfiles', expression: containersWhere(`${hasPath('c', [SC, 'seccompProfile'])} && !(${allowed(`c.${SC}.seccompProfile`)})`) },
        // A container without its own profile inherits the pod's.
        { name: 'unconfined', expression: `variables.podSetsProfile ? [] : ${containersWhere(`!(${hasPath('c', [SC, 'seccompProfile'])})`)}` },
      ], [{
        expression: `!variables.podSetsProfile || ${allowed(podProfile)}`,
        messageExpression: celString('the pod sets a seccomp profile other than RuntimeDefault or Localhost; use RuntimeDefault'),
      }, {
        expression: 'size(variables.disallowedProfiles) == 0',
        messageExpression: namingMessage('disallowedProfiles', 'containers set a seccomp profile other than RuntimeDefault or Localhost: ', '; use RuntimeDefault'),
      }, {
        expression: 'variables.isWindows || size(variables.unconfined) == 0',
        messageExpression: namingMessage('unconfined', 'containers run without a seccomp profile: ', ' (set securityContext.seccompProfile.type=RuntimeDefault on the pod)'),
      }]);
    }

    case AdmissionCheck.IMAGE_DIGEST:
      return podCheck(check, 'image-digest', [
        { name: 'unpinned', expression: `variables.containers.filter(c, has(c.image) && !c.image.matches(${celString(DIGEST)})).map(c, c.name + ' (' + c.image + ')')` },
      ], [{
        expression: 'size(variables.unpinned) == 0',
        messageExpression: namingMessage('unpinned', 'images must be pinned by digest: ', ' use a tag; reference them as repo@sha256:<digest>'),
      }]);

    case AdmissionCheck.IMAGE_REGISTRIES: {
      const qualified = `(c.image.matches(${celString(HAS_REGISTRY)}) ? c.image : 'docker.io/' + c.image)`;
      return podCheck(check, 'image-registries', [{
        name: 'foreignImages',
        expression: `variables.containers.filter(c, has(c.image) && !${qualified}.matches(${celString(settings.registryPattern!)})).map(c, c.name + ' (' + c.image + ')')`,
      }], [{
        expression: 'size(variables.foreignImages) == 0',
        messageExpression: namingMessage('foreignImages', 'images must come from an allowed registry: ', ' do not; mirror them into an allowed registry'),
      }]);
    }

    case AdmissionCheck.SERVICE_EXPOSURE: {
      const typeOf = (o: string) => `(has(${o}.spec.type) ? ${o}.spec.type : 'ClusterIP')`;
      return {
        suffix: 'service-exposure',
        ruleIds: CHECK_RULES[check],
        resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], resources: ['services'] }],
        // Like the pod checks, an update that keeps the type is left alone, so existing Services stay manageable.
        matchConditions: [{ name: 'type-changed', expression: `request.operation != 'UPDATE' || ${typeOf('oldObject')} != ${typeOf('object')}` }],
        variables: [],
        validations: [{
          expression: `!(${typeOf('object')} in ${celList(['NodePort', 'LoadBalancer'])})`,
          messageExpression: '\'Service type \' + object.spec.type + \' makes it reachable from outside the cluster, which namespace \' + request.namespace + \' may not do; use ClusterIP behind an Ingress with TLS\'',
        }],
      };
    }

    case AdmissionCheck.SECRET_PLAINTEXT: {
      const writers = [
        ...(settings.secretWriterUsers.length ? [`request.userInfo.username in ${celList(settings.secretWriterUsers)}`] : []),
        ...(settings.secretWriterGroups.length ? [`(has(request.userInfo.groups) && request.userInfo.groups.exists(g, g in ${celList(settings.secretWriterGroups)}))`] : []),
      ];
      const dataOf = (o: string) => `(has(${o}.data) ? ${o}.data : {})`;
      const carries = (field: string) => `has(object.${field}) && size(object.${field}) > 0`;
      return {
        suffix: 'secret-plaintext',
        ruleIds: CHECK_RULES[check],
        resourceRules: [{ apiGroups: [''], apiVersions: ['v1'], resources: ['secrets'] }],
        matchConditions: [
          ...(writers.length ? [{ name: 'not-a-secret-controller', expression: `!(${writers.join(' || ')})` }] : []),
          ...(settings.secretTypes.length ? [{ name: 'not-an-exempt-type', expression: `!has(object.type) || !(object.type in ${celList(settings.secretTypes)})` }] : []),
          // Labelling or annotating a Secret a controller filled is not writing a value.
          { name: 'values-written', expression: `request.operation != 'UPDATE' || has(object.stringData) || ${dataOf('oldObject')} != ${dataOf('object')}` },
        ],
        variables: [],
        validations: (['data', 'stringData'] as const).map(field => ({
          expression: `!(${carries(field)})`,
          messageExpression: `'Secret values may not be written in the manifest: ${field} carries ' + object.${field}.map(k, k).join(', ') + '; reference an external secret store or a SealedSecret, or have a controller write it'`,
        })),
      };
    }
  }
}
