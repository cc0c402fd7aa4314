import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { checkCidr } from '../../src/network/cidr';

const scope = () => new Construct(Testing.app(), 'peer');

describe('checkCidr', () => {
  test.each([
    ['0.0.0.0/0', []],
    ['10.20.0.0/16', ['10.20.99.0/24', '10.20.100.7/32']],
    ['192.168.1.1/32', []],
    ['::/0', ['2001:db8::/32']],
    ['2001:db8::/32', ['2001:db8:ff00::/40']],
    ['fe80::/10', []],
    ['2001:DB8:0:0:0:0:0:0/32', []],
    ['::ffff:10.0.0.0/104', ['::ffff:10.1.0.0/112']],
    ['2001:db8::8a2e:370:7334/128', []],
  ] as Array<[string, string[]]>)('accepts %s except %j', (cidr, except) => {
    expect(() => checkCidr(scope(), 'peer', cidr, except)).not.toThrow();
  });

  test.each([
    ['10.0.0.0/8/8', /not a valid IPv4 CIDR/],
    ['10.0.0/8', /not a valid IPv4 CIDR/],
    ['10.0.0.0/08', /not a valid IPv4 CIDR/],
    [' 10.0.0.0/8', /not a valid IPv4 CIDR/],
    ['1:2:3:4:5:6:7:8:9/64', /not a valid IPv6 CIDR/],
    ['1::2::/64', /not a valid IPv6 CIDR/],
    ['12345::/16', /not a valid IPv6 CIDR/],
    ['::ffff:10.0.0.256/104', /not a valid IPv6 CIDR/],
    ['fe80::1/10', /host bits set.*"fe80::\/10"/],
    ['10.1.2.3/8', /host bits set.*"10\.0\.0\.0\/8"/],
  ])('refuses %s', (cidr, problem) => {
    expect(() => checkCidr(scope(), 'peer', cidr, [])).toThrow(problem);
  });
});
