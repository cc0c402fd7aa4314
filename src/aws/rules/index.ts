/** The EKS cluster rules, one file per rule id, in the order reports list them. */
import { eks1EndpointAccess } from './eks1-endpoint-access';
import { eks2ControlPlaneLogs } from './eks2-control-plane-logs';
import { eks3SecretsEncryption } from './eks3-secrets-encryption';
import { eks4CreatorAdmin } from './eks4-creator-admin';
import { Rule } from '../../rules/rule';

export const EKS_CLUSTER_RULES: readonly Rule[] = [eks1EndpointAccess, eks2ControlPlaneLogs, eks3SecretsEncryption, eks4CreatorAdmin];
