/** The cloud identity system a ServiceAccount is federated with. */
export enum WorkloadIdentityProvider {
  /** EKS IAM Roles for Service Accounts (IRSA). */
  AWS_IRSA = 'AWS_IRSA',
  /** EKS Pod Identity. */
  AWS_POD_IDENTITY = 'AWS_POD_IDENTITY',
  /** GKE Workload Identity Federation. */
  GKE = 'GKE',
  /** Microsoft Entra Workload ID on AKS (Azure Workload Identity). */
  AZURE = 'AZURE',
}

const IAM_ROLE_ARN = /^arn:aws(-cn|-us-gov|-iso|-iso-[a-z])?:iam::\d{12}:role\/([\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;
// Account id and project id: 6–30 lowercase letters, digits and '-', starting with a letter; domain-scoped projects add `.domain`.
const GSA_EMAIL = /^[a-z][-a-z0-9]{4,28}[a-z0-9]@[a-z][-a-z0-9]{4,28}[a-z0-9](\.[a-z0-9][-a-z0-9]*)*\.iam\.gserviceaccount\.com$/;
const GUID = /^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$/;

/**
 * A cloud identity for the pods of a ServiceAccount, so they get short-lived cloud credentials without stored keys.
 *
 * Each provider's webhook or agent injects its own projected token into the pods; none needs the legacy
 * `automountServiceAccountToken`, which stays false.
 */
export class WorkloadIdentity {
  /**
   * EKS IRSA: annotates the ServiceAccount with `eks.amazonaws.com/role-arn`. The IAM role's trust policy must
   * allow `system:serviceaccount:<namespace>:<name>` through the cluster's OIDC provider.
   *
   * @param roleArn e.g. `arn:aws:iam::123456789012:role/payments-api`
   */
  public static awsIrsa(roleArn: string): WorkloadIdentity {
    if (!IAM_ROLE_ARN.test(roleArn)) {
      throw new Error(`WorkloadIdentity.awsIrsa("${roleArn}"): not an IAM role ARN. Fix: give one like "arn:aws:iam::123456789012:role/my-role"`);
    }
    return new WorkloadIdentity(WorkloadIdentityProvider.AWS_IRSA, { 'eks.amazonaws.com/role-arn': roleArn }, {}, roleArn);
  }

  /**
   * EKS Pod Identity: nothing is written on the ServiceAccount. The association of this namespace and
   * ServiceAccount with an IAM role is an AWS resource (`AWS::EKS::PodIdentityAssociation`), created on the
   * AWS side, e.g. by this library's optional AWS stack; the cluster needs the EKS Pod Identity Agent add-on.
   */
  public static awsPodIdentity(): WorkloadIdentity {
    return new WorkloadIdentity(WorkloadIdentityProvider.AWS_POD_IDENTITY, {}, {});
  }

  /**
   * GKE Workload Identity: annotates the ServiceAccount with `iam.gke.io/gcp-service-account`. The Google service
   * account must grant `roles/iam.workloadIdentityUser` to `<project>.svc.id.goog[<namespace>/<name>]`.
   *
   * @param gsaEmail e.g. `payments-api@my-project.iam.gserviceaccount.com`
   */
  public static gke(gsaEmail: string): WorkloadIdentity {
    if (!GSA_EMAIL.test(gsaEmail)) {
      throw new Error(`WorkloadIdentity.gke("${gsaEmail}"): not a Google service account email. `
        + 'Fix: give one like "my-app@my-project.iam.gserviceaccount.com" (a dedicated account, not the Compute Engine default one)');
    }
    return new WorkloadIdentity(WorkloadIdentityProvider.GKE, { 'iam.gke.io/gcp-service-account': gsaEmail }, {});
  }

  /**
   * Azure Workload Identity: annotates the ServiceAccount with `azure.workload.identity/client-id` (and
   * `tenant-id`), and labels the pods that run as it `azure.workload.identity/use: "true"`, which is what
   * the mutating webhook selects. Hardened workloads add that pod label themselves.
   *
   * @param clientId the client id (a GUID) of the user-assigned managed identity or app registration
   * @param tenantId its tenant, when it differs from the cluster's
   */
  public static azure(clientId: string, tenantId?: string): WorkloadIdentity {
    for (const [what, id] of [['clientId', clientId], ['tenantId', tenantId]] as const) {
      if (id !== undefined && !GUID.test(id)) {
        throw new Error(`WorkloadIdentity.azure(…): ${what} "${id}" is not a GUID. Fix: give it like "00000000-0000-0000-0000-000000000000"`);
      }
    }
    return new WorkloadIdentity(WorkloadIdentityProvider.AZURE, {
      'azure.workload.identity/client-id': clientId.toLowerCase(),
      ...(tenantId ? { 'azure.workload.identity/tenant-id': tenantId.toLowerCase() } : {}),
    }, { 'azure.workload.identity/use': 'true' });
  }

  private constructor(
    /** The identity system. */
    public readonly provider: WorkloadIdentityProvider,
    /** Annotations the ServiceAccount carries. */
    public readonly annotations: { [key: string]: string },
    /** Labels the pods running as the ServiceAccount carry. */
    public readonly podLabels: { [key: string]: string },
    /** The IAM role, for IRSA. */
    public readonly roleArn?: string,
  ) {}
}
