import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct, IConstruct } from 'constructs';
import { acknowledge } from './accepted-findings';
import { propError } from '../core/errors';

/**
 * A VPC for a private cluster: nodes in private subnets that reach out through NAT, public subnets that hold
 * only the NAT gateways and load balancers (they assign no public IPs on launch), and a default security group
 * that allows nothing. The cluster adds the flow log, as it does to a VPC it is given.
 */
export function hardenedVpc(scope: Construct, id: string, maxAzs: number): ec2.Vpc {
  const vpc = new ec2.Vpc(scope, id, {
    maxAzs,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 19 },
    ],
    restrictDefaultSecurityGroup: true,
  });
  vpc.publicSubnets.forEach(subnet => acknowledge(subnet, 'Public subnets route to the internet gateway for the NAT gateways and internet-facing '
    + 'load balancers they hold; nothing else runs in them and they assign no public IPs', 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW'));
  return vpc;
}

/**
 * The private subnets of `selection` in `vpc`: refuses a selection that matches none, or that includes a public
 * subnet (its instances would be one route away from the internet).
 */
export function privateSubnets(scope: IConstruct, prop: string, vpc: ec2.IVpc, selection: ec2.SubnetSelection): ec2.ISubnet[] {
  let selected: ec2.ISubnet[];
  try {
    selected = vpc.selectSubnets(selection).subnets;
  } catch (e) {
    throw propError(scope, prop, `no subnets match in the VPC (${(e as Error).message})`,
      'use a VPC with private subnets with egress (SubnetType.PRIVATE_WITH_EGRESS: nodes pull images and call AWS APIs through NAT), or select its private subnets explicitly');
  }
  const publicIds = new Set(vpc.publicSubnets.map(s => s.subnetId));
  const exposed = selected.filter(s => publicIds.has(s.subnetId));
  if (selected.length === 0 || exposed.length > 0) {
    throw propError(scope, prop, selected.length === 0 ? 'the selection matches no subnet' : `the selection includes public subnets (${exposed.map(s => s.node.path).join(', ')})`,
      'select private subnets only, e.g. { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }');
  }
  return selected;
}
