import { describe, expect, it } from 'vitest';
import { HostLocalIpam, parseCidr } from './ipam';

describe('HostLocalIpam', () => {
  it('hands out addresses in order from .2, skips the gateway, and reuses only after wrapping', () => {
    const ipam = new HostLocalIpam('10.244.1.0/24');
    expect(ipam.gateway).toBe('10.244.1.1');
    expect(ipam.allocate('a')).toBe('10.244.1.2');
    expect(ipam.allocate('b')).toBe('10.244.1.3');
    expect(ipam.allocate('a')).toBe('10.244.1.2');
    ipam.release('a');
    expect(ipam.allocate('c')).toBe('10.244.1.4');
    expect(ipam.inUse).toBe(2);
  });

  it('fails when the range is exhausted', () => {
    const ipam = new HostLocalIpam('10.0.0.0/30');
    expect(ipam.allocate('a')).toBe('10.0.0.2');
    expect(() => ipam.allocate('b')).toThrow(/no IP addresses available in range set: 10\.0\.0\.2-10\.0\.0\.2/);
  });

  it('takes back addresses pods hold and goes on after the highest (a resumed node)', () => {
    const ipam = new HostLocalIpam('10.244.1.0/24');
    expect(ipam.reserve('b', '10.244.1.5')).toBe(true);
    expect(ipam.reserve('a', '10.244.1.2')).toBe(true);
    expect(ipam.allocate('a')).toBe('10.244.1.2');
    expect(ipam.allocate('c')).toBe('10.244.1.6');
    expect(ipam.inUse).toBe(3);
    // Outside the range, the network, gateway or broadcast address: not a pod address here.
    for (const ip of ['10.244.2.7', '10.244.1.0', '10.244.1.1', '10.244.1.255', 'nope']) expect(ipam.reserve('x', ip)).toBe(false);
    expect(ipam.inUse).toBe(3);
  });

  it('parses CIDRs to their network base', () => {
    expect(parseCidr('10.244.1.7/24')).toEqual({ base: (10 << 24) + (244 << 16) + (1 << 8), bits: 24 });
    expect(() => parseCidr('10.244.1/24')).toThrow();
  });
});
