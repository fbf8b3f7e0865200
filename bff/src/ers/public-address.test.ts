import { describe, expect, it } from 'vitest';
import { isLoopback, nonPublicAddress } from './public-address';

describe('nonPublicAddress', () => {
  it.each([
    '52.95.148.10',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '2a05:d018:1234::1',
    '2600:1f18::1',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
  ])('lets %s through: public unicast', (address) => {
    expect(nonPublicAddress(address)).toBeUndefined();
  });

  it.each([
    ['0.0.0.0', 'this network'],
    ['10.0.0.1', 'private'],
    ['100.100.100.200', 'shared address space'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['169.254.169.254', 'link-local'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['192.0.0.170', 'IETF protocol assignments'],
    ['198.18.0.1', 'benchmarking'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['fc00::1', 'unique-local'],
    ['fdff:ffff::1', 'unique-local'],
    ['fe80::1%eth0', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'site-local'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback (IPv4 in IPv6)'],
    ['::ffff:7f00:1', 'loopback (IPv4 in IPv6)'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', 'link-local (IPv4 in IPv6)'],
    ['::127.0.0.1', 'loopback (IPv4 in IPv6)'],
    ['64:ff9b::c0a8:101', 'private (IPv4 in IPv6)'],
    ['2002:7f00:1::', 'loopback (IPv4 in IPv6)'],
    ['2001:0:4136:e378::1', 'Teredo'],
    ['example.org', 'not an IP address'],
  ])('refuses %s: %s', (address, why) => {
    expect(nonPublicAddress(address)).toBe(why);
  });

  it('knows loopback in every form the stand-ins may be reached by', () => {
    expect(['127.0.0.1', '::1', '::ffff:127.0.0.1'].map(isLoopback)).toEqual([true, true, true]);
    expect(['10.0.0.1', 'fe80::1', '8.8.8.8'].map(isLoopback)).toEqual([false, false, false]);
  });
});
