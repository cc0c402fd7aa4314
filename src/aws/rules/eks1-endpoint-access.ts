import { eksClusterRule, isIntrinsic } from './eks-cluster-rule';
import { coveredAddresses } from '../../network/cidr';
import { Severity } from '../../rules/rule';
import { allowListBreadth } from '../public-access';

const OPEN_IPV4 = '0.0.0.0/0';
const ALL_IPV4 = BigInt(2) ** BigInt(32);

/** The API server endpoint is private, or public only to an allow-list of administrators' networks. */
export const eks1EndpointAccess = eksClusterRule({
  id: 'Cdk8sHardening-EKS1',
  title: 'The Kubernetes API server endpoint is reachable from the internet without a CIDR allow-list, or not from inside the VPC.',
  severity: Severity.HIGH,
  rationale: 'An API server open to the internet is one leaked credential or one unpatched flaw away from the cluster; '
    + 'with private access off, nodes and pods reach it over the internet too.',
  fix: 'Make the endpoint private (EndpointPublicAccess: false, EndpointPrivateAccess: true), or restrict PublicAccessCidrs to the networks that administer the cluster '
    + '(together less than a /8\'s worth of addresses).',
  references: { cis: ['5.4.2'], checkov: ['CKV_AWS_38', 'CKV_AWS_39'] },
  location: 'Properties.ResourcesVpcConfig',
  findings(properties) {
    const vpc = properties.ResourcesVpcConfig ?? {};
    const findings: string[] = [];
    // CloudFormation's defaults: public on, private off.
    const isPublic = vpc.EndpointPublicAccess ?? true;
    const isPrivate = vpc.EndpointPrivateAccess ?? false;
    if (isPrivate !== true) findings.push('PrivateAccess::disabled');
    if (isPublic !== false) {
      const cidrs: unknown = vpc.PublicAccessCidrs ?? [];
      if (isIntrinsic(isPublic) || !Array.isArray(cidrs) || cidrs.some(isIntrinsic)) findings.push('PublicAccess::unresolved');
      // The address space the list covers, not its spelling: 0.0.0.0/1 and 128.0.0.0/1 are 0.0.0.0/0 too.
      else if (cidrs.length === 0 || coveredAddresses(cidrs.map(String)).ipv4 >= ALL_IPV4) findings.push(`PublicAccessCidrs::${OPEN_IPV4}`);
      else if (allowListBreadth(cidrs.map(String))) findings.push('PublicAccessCidrs::broad');
    }
    return findings;
  },
});
