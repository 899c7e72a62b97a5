import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { isPublicAddress } from './network-address.rule.js';

describe(isPublicAddress.name, () => {
  it('knows public addresses', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])
      expect(isPublicAddress(address), address).toBe(true);
  });

  it('refuses loopback, private, link-local, CGNAT, multicast, unspecified and mapped forms of them', () => {
    for (const address of [
      '127.0.0.1',
      '10.0.0.1',
      '172.31.255.255',
      '192.168.0.1',
      '169.254.169.254',
      '100.64.1.1',
      '224.0.0.1',
      '0.0.0.0',
      '::1',
      '::',
      'fc00::1',
      'fe80::1',
      '::ffff:10.0.0.1',
      'not-an-ip',
    ]) {
      expect(isPublicAddress(address), address).toBe(false);
    }
  });

  test.prop([fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 })])(
    'refuses every address of 127/8 and 10/8',
    (b, c, d) => {
      expect(isPublicAddress(`127.${b}.${c}.${d}`)).toBe(false);
      expect(isPublicAddress(`10.${b}.${c}.${d}`)).toBe(false);
    },
  );
});
