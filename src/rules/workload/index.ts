/** Rules over the containers and pod settings of workloads, beyond the Pod Security Standards. */
import { Rule } from '../rule';
import { containerEnvDuplicate } from './container-env-duplicate';
import { containerEnvSecretLiteral } from './container-env-secret-literal';
import { containerEphemeralStorage } from './container-ephemeral-storage';
import { containerHighIds } from './container-high-ids';
import { containerImageDigest } from './container-image-digest';
import { containerImagePullPolicy } from './container-image-pull-policy';
import { containerImageRegistryDeprecated } from './container-image-registry-deprecated';
import { containerImageTag } from './container-image-tag';
import { containerLivenessProbe } from './container-liveness-probe';
import { containerPrivilegedPort } from './container-privileged-port';
import { containerProbePort } from './container-probe-port';
import { containerProbesIdentical } from './container-probes-identical';
import { containerReadOnlyRootFilesystem } from './container-read-only-root-filesystem';
import { containerReadinessProbe } from './container-readiness-probe';
import { containerResourceLimits } from './container-resource-limits';
import { containerResourceRequests } from './container-resource-requests';
import { containerRootGroup } from './container-root-group';
import { containerSecretEnv } from './container-secret-env';
import { containerSecurityContext } from './container-security-context';
import { cronjobRestartPolicy } from './cronjob-restart-policy';
import { podAutomountServiceAccountToken } from './pod-automount-service-account-token';
import { podContainerRuntimeSocket } from './pod-container-runtime-socket';
import { podDefaultServiceAccount } from './pod-default-service-account';
import { podDeprecatedServiceAccountField } from './pod-deprecated-service-account-field';
import { podHostAliases } from './pod-host-aliases';
import { podHostPathSensitive } from './pod-host-path-sensitive';
import { podHostPathWritable } from './pod-host-path-writable';
import { podNaked } from './pod-naked';
import { podPriorityClass } from './pod-priority-class';
import { podServiceAccountExists } from './pod-service-account-exists';

/** Every workload rule: security context, resources, images, probes and ports, environment, host access, service accounts. */
export const WORKLOAD_RULES: readonly Rule[] = [
  containerSecurityContext,
  containerReadOnlyRootFilesystem,
  containerHighIds,
  containerRootGroup,
  containerResourceLimits,
  containerResourceRequests,
  containerEphemeralStorage,
  containerImageTag,
  containerImagePullPolicy,
  containerImageDigest,
  containerImageRegistryDeprecated,
  containerLivenessProbe,
  containerReadinessProbe,
  containerProbesIdentical,
  containerProbePort,
  containerPrivilegedPort,
  containerEnvDuplicate,
  containerEnvSecretLiteral,
  containerSecretEnv,
  podHostPathSensitive,
  podContainerRuntimeSocket,
  podHostPathWritable,
  podHostAliases,
  podAutomountServiceAccountToken,
  podDefaultServiceAccount,
  podDeprecatedServiceAccountField,
  podServiceAccountExists,
  podNaked,
  podPriorityClass,
  cronjobRestartPolicy,
];
