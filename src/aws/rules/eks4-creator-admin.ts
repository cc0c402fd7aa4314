import { eksClusterRule } from './eks-cluster-rule';
import { Severity } from '../../rules/rule';

/** No principal is a cluster administrator that the access entries do not show. */
export const eks4CreatorAdmin = eksClusterRule({
  id: 'Cdk8sHardening-EKS4',
  title: 'The IAM principal that creates the cluster is made a cluster administrator that no access entry shows.',
  severity: Severity.MEDIUM,
  rationale: 'The creator\'s hidden system:masters access cannot be listed or revoked through the EKS API, so whoever holds the '
    + 'deployment role (a CI pipeline) keeps full control of the cluster unseen.',
  fix: 'Set AccessConfig.BootstrapClusterCreatorAdminPermissions to false and grant administrators through access entries.',
  references: {},
  location: 'Properties.AccessConfig',
  findings(properties) {
    return properties.AccessConfig?.BootstrapClusterCreatorAdminPermissions === false ? [] : ['ClusterCreator::admin'];
  },
});
