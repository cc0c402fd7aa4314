// The gates the constructs require (core/app-gates), provided by the audit layer when the package loads.
import './audit/plaintext-guard';

// Layer 2 (docs/architecture.md): value types of the pod-hardening core.
export { Cpu } from './core/cpu';
export type { ContainerResources, CpuResources, MemoryResources, EphemeralStorageResources } from './core/resources';
export { Probe, ProbeScheme } from './core/probe';
export type { ProbeOptions, HttpGetProbeOptions, PortProbeOptions } from './core/probe';
export { EnvValue } from './core/env-value';
export type { ConfigMapKeyOptions } from './core/env-value';
export type { ImagePolicy } from './core/image';
export { Waiver, WaiverKind, WaiverScope } from './core/waiver';
export { ImagePullPolicy, Protocol } from './core/container';
export type { ContainerOptions, ContainerPort, HardenedContainerProps, WritablePath } from './core/container';
export { HardeningDefaults } from './core/defaults';
export type { HardeningDefaultsProps } from './core/defaults';
export type { HardenedPodProps } from './core/pod-template';

// Layer 3: constructs.
export type { IServiceAccount } from './rbac/service-account';
export type { IHardenedWorkload, HardenedWorkloadProps } from './workloads/hardened-workload';
export type { LongRunningWorkloadProps } from './workloads/long-running';
export { HardenedDeployment } from './workloads/hardened-deployment';
export type { HardenedDeploymentProps } from './workloads/hardened-deployment';
export { HardenedStatefulSet, VolumeAccessMode } from './workloads/hardened-stateful-set';
export type { HardenedStatefulSetProps, VolumeClaim } from './workloads/hardened-stateful-set';
export { HardenedJob, JobRestartPolicy } from './workloads/hardened-job';
export type { HardenedJobProps, JobOptions } from './workloads/hardened-job';
export { HardenedCronJob, ConcurrencyPolicy } from './workloads/hardened-cron-job';
export type { HardenedCronJobProps } from './workloads/hardened-cron-job';
export { LeastPrivilegeServiceAccount } from './rbac/least-privilege-service-account';
export type { LeastPrivilegeServiceAccountProps, GrantOptions, ClusterGrantOptions } from './rbac/least-privilege-service-account';
export { ApiResource } from './rbac/api-resource';
export type { IApiResource, ApiResourceOptions } from './rbac/api-resource';
export { Verb } from './rbac/verbs';
export { RbacRisk } from './rbac/rbac-risk';
export { Acknowledgement } from './rbac/acknowledgement';
export { WorkloadIdentity, WorkloadIdentityProvider } from './rbac/workload-identity';
export type { ApiAccess } from './core/api-access';

// Layers 2 and 4: the rule engine, in-process and as a cdk8s validation plugin (the CLI is `cdk8s-hardening`).
export { ReferenceRelation, Severity } from './rules/rule';
export type { RuleReference } from './rules/rule';
export { HardeningAudit } from './audit/hardening-audit';
export type { AuditOptions, Suppression } from './audit/hardening-audit';
export type { AuditExemption, AuditFinding, AuditReport, AuditSummary, NotJudgedRule, ObjectRef, UnmatchedSuppression } from './audit/audit-report';
export { HardeningValidation } from './audit/validation-plugin';
export type { HardeningValidationProps } from './audit/validation-plugin';

// Layer 3: the network model and isolated namespaces.
export { Port } from './network/port';
export { Peer } from './network/peer';
export type { IPeer } from './network/peer';
export type { ClusterDnsOptions } from './network/cluster-dns';
export type { IstioMeshOptions } from './network/istio';
export { HardenedIngress } from './network/hardened-ingress';
export type { HardenedIngressProps, IngressTls, IngressExposureOptions } from './network/hardened-ingress';
export { ExternalServiceType } from './network/external-service';
export type { ExternalServiceOptions } from './network/external-service';
export { TrafficMap } from './network/traffic-map';
export type { TrafficFlow } from './network/traffic-map';
export type { ITrafficEndpoint } from './network/endpoint';
export { IsolatedNamespace } from './namespaces/isolated-namespace';
export type { IsolatedNamespaceProps, ExposureAllowance } from './namespaces/isolated-namespace';
export { PodSecurityLevel } from './namespaces/pod-security';
export type { PodSecurityOptions } from './namespaces/pod-security';
export type { NamespaceQuota, ContainerLimits } from './namespaces/resource-limits';
export { TeamMember, SensitiveAccess } from './namespaces/team-access';
export type { TeamAccess, SensitiveGrant } from './namespaces/team-access';
export { TaintEffect } from './namespaces/compliance-zone';
export type { ComplianceZone } from './namespaces/compliance-zone';

// Cluster guardrails: admission policies, image signatures, audit policy, runtime detection.
export { AdmissionCheck } from './guardrails/admission-checks';
export { AdmissionGuardrails, ValidationAction } from './guardrails/admission-policies';
export type { AdmissionGuardrailsProps, CheckActions } from './guardrails/admission-policies';
export { ImageVerification } from './guardrails/image-verification';
export type { CosignKeyOptions, KeylessOptions } from './guardrails/image-verification';
export { KyvernoImageVerification, ImageVerificationAction } from './guardrails/kyverno-image-verification';
export type { KyvernoImageVerificationProps } from './guardrails/kyverno-image-verification';
export { SigstoreImagePolicy, SigstorePolicyMode } from './guardrails/sigstore-image-policy';
export type { SigstoreImagePolicyProps } from './guardrails/sigstore-image-policy';
export { AuditPolicy, AuditLevel, AuditStage, AuditRuleGroup } from './guardrails/audit-policy';
export type { AuditPolicyProps, AuditRule, AuditResources, AuditLevelOverride } from './guardrails/audit-policy';
export { FalcoRules } from './guardrails/falco-rules';
export type { FalcoRulesProps, FalcoWatchOptions, FalcoEgress } from './guardrails/falco-rules';
export { GuardrailsChart } from './guardrails/guardrails-chart';
export type { GuardrailsChartProps } from './guardrails/guardrails-chart';

// Encrypted secret references: External Secrets, Sealed Secrets, Secrets Store CSI, secret mounts, encryption at rest.
export { SecretReference } from './secrets/secret-source';
export type { SecretReferenceOptions } from './secrets/secret-source';
export type { ISecretSource } from './core/secret-source';
export { SecretStore, ClusterSecretStore, SecretStoreKind } from './secrets/secret-store';
export type { ISecretStore, SecretStoreProps, ClusterSecretStoreProps } from './secrets/secret-store';
export { SecretStoreProvider, VaultAuth, VaultKvVersion } from './secrets/secret-store-provider';
export type {
  AwsSecretStoreOptions, VaultSecretStoreOptions, GoogleSecretManagerOptions, AzureKeyVaultOptions, VaultKubernetesAuthOptions, VaultJwtAuthOptions,
} from './secrets/secret-store-provider';
export { ExternalSecret, TargetCreationPolicy, TargetDeletionPolicy } from './secrets/external-secret';
export type { ExternalSecretProps, ExternalSecretData, ExternalSecretExtract } from './secrets/external-secret';
export { SealedSecret, SealingScope, SealingScopeKind } from './secrets/sealed-secret';
export type { SealedSecretProps } from './secrets/sealed-secret';
export { SecretProviderClass, CsiSecretProvider } from './secrets/secret-provider-class';
export type { SecretProviderClassProps, CsiSecretObject, AwsCsiOptions, AzureCsiOptions, GoogleCsiOptions, VaultCsiOptions } from './secrets/secret-provider-class';
export { ContainerMount } from './core/container-mount';
export { SecretMount } from './secrets/secret-mount';
export type { SecretMountOptions, SecretFile, CsiMountOptions } from './secrets/secret-mount';
export { EncryptionConfiguration } from './secrets/encryption-configuration';
export type { EncryptionConfigurationProps } from './secrets/encryption-configuration';
