import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import {
  addressAllowed,
  checkOutboundUrl,
  internalHostAllowed,
  isPublicAddress,
  OutboundError,
  type OutboundPolicy,
} from './outbound.ts';

const NONE: OutboundPolicy = { allowPrivate: false, allowHosts: [] };

const code = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (err) {
    return err instanceof OutboundError ? err.code : String(err);
  }
};

describe('which addresses the server may reach on its own', () => {
  it('refuses loopback, private, link-local, metadata, unique-local, multicast, reserved and embedded forms', () => {
    for (const ip of [
      '127.0.0.1',
      '127.255.0.9',
      '0.0.0.0',
      '0.1.2.3',
      '10.0.0.1',
      '10.255.255.255',
      '100.64.0.1',
      '169.254.169.254',
      '172.16.0.1',
      '172.31.255.254',
      '192.168.1.1',
      '192.0.0.8',
      '198.18.0.1',
      '224.0.0.1',
      '239.255.255.250',
      '240.0.0.1',
      '255.255.255.255',
      '::',
      '::1',
      '[::1]',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:10.0.0.1',
      '::ffff:169.254.169.254',
      '0:0:0:0:0:ffff:a9fe:a9fe',
      '::127.0.0.1',
      '64:ff9b::7f00:1',
      '64:ff9b::169.254.169.254',
      '2002:7f00:1::',
      '2001:0:4136:e378::1',
      'fc00::1',
      'fd12:3456:789a::1',
      'fe80::1',
      'fe80::1%eth0',
      'fec0::1',
      'ff02::1',
      'not an address',
    ])
      expect(isPublicAddress(ip), ip).toBe(false);
  });

  it('lets public addresses through', () => {
    for (const ip of [
      '93.184.215.14',
      '8.8.8.8',
      '172.32.0.1',
      '192.169.0.1',
      '2606:4700::1111',
      '64:ff9b::808:808',
    ])
      expect(isPublicAddress(ip), ip).toBe(true);
  });

  it('an operator allows internal hosts by name, address or range, or all of them', () => {
    const list: OutboundPolicy = {
      allowPrivate: false,
      allowHosts: ['kalender.intern', '10.20.0.0/16', '::1'],
    };
    expect(addressAllowed(list, 'kalender.intern', '10.1.2.3')).toBe(true);
    expect(addressAllowed(list, 'KALENDER.INTERN.', '127.0.0.1')).toBe(true);
    expect(addressAllowed(list, 'other.intern', '10.20.3.4')).toBe(true);
    expect(addressAllowed(list, 'other.intern', '10.21.3.4')).toBe(false);
    expect(addressAllowed(list, '::1', '::1')).toBe(true);
    expect(addressAllowed(list, 'other.intern', '169.254.169.254')).toBe(false);
    expect(addressAllowed({ allowPrivate: true, allowHosts: [] }, 'x', '169.254.169.254')).toBe(true);
    expect(internalHostAllowed(list, '10.20.0.1')).toBe(true);
    expect(internalHostAllowed(list, 'kalender.intern')).toBe(true);
    expect(internalHostAllowed(list, '127.0.0.1')).toBe(false);
    expect(internalHostAllowed(list, 'idp.example.org')).toBe(false);
    expect(internalHostAllowed({ allowPrivate: true, allowHosts: [] }, 'idp.example.org')).toBe(false);
  });
});

describe('which addresses a form may save (no DNS yet)', () => {
  it('refuses other schemes, credentials, internal literals in any notation and local names', () => {
    expect(code(() => checkOutboundUrl('ftp://calendar.example.org/x.ics', NONE))).toBe('invalid_url');
    expect(code(() => checkOutboundUrl('file:///etc/passwd', NONE))).toBe('invalid_url');
    expect(code(() => checkOutboundUrl('gopher://127.0.0.1:6379/_INFO', NONE))).toBe('invalid_url');
    expect(code(() => checkOutboundUrl('https://user:pw@calendar.example.org/', NONE))).toBe('invalid_url');
    expect(code(() => checkOutboundUrl('not a url', NONE))).toBe('invalid_url');
    for (const url of [
      'http://127.0.0.1:5432/',
      'http://2130706433/',
      'http://0x7f.1/',
      'http://017700000001/',
      'http://127.1/',
      'http://0.0.0.0:3000/',
      'http://10.0.0.1/feed.ics',
      'http://169.254.169.254/latest/meta-data/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[fd00::1]/',
      'http://localhost:3000/',
      'http://LOCALHOST./',
      'http://api.localhost/',
      'http://drucker.local/',
      'http://metadata.google.internal/',
    ])
      expect(
        code(() => checkOutboundUrl(url, NONE)),
        url,
      ).toBe('address_refused');
    expect(code(() => checkOutboundUrl('https://calendar.example.org/feed.ics', NONE))).toBe('ok');
    expect(code(() => checkOutboundUrl('http://93.184.215.14/feed.ics', NONE))).toBe('ok');
  });

  it('allows what the operator allowed', () => {
    const list: OutboundPolicy = { allowPrivate: false, allowHosts: ['localhost', '127.0.0.1'] };
    expect(code(() => checkOutboundUrl('http://localhost:3000/', list))).toBe('ok');
    expect(code(() => checkOutboundUrl('http://127.0.0.1:3000/', list))).toBe('ok');
    expect(code(() => checkOutboundUrl('http://10.0.0.1/', list))).toBe('address_refused');
    expect(code(() => checkOutboundUrl('http://10.0.0.1/', { allowPrivate: true, allowHosts: [] }))).toBe(
      'ok',
    );
  });
});

describe('the operator setting', () => {
  const env = (extra: Record<string, string>) => ({ LOG_LEVEL: 'silent', ...extra }) as NodeJS.ProcessEnv;

  it('is off by default and reads names, addresses and ranges', () => {
    expect(loadConfig(env({})).outbound).toEqual({ allowPrivate: false, allowHosts: [] });
    expect(
      loadConfig(
        env({ OUTBOUND_ALLOW_HOSTS: 'kalender.intern, 10.20.0.0/16 ::1', OUTBOUND_ALLOW_PRIVATE: '0' }),
      ).outbound,
    ).toEqual({ allowPrivate: false, allowHosts: ['kalender.intern', '10.20.0.0/16', '::1'] });
    expect(loadConfig(env({ OUTBOUND_ALLOW_PRIVATE: 'true' })).outbound.allowPrivate).toBe(true);
  });

  it('stops the start on an entry that is no host, address or range', () => {
    expect(() => loadConfig(env({ OUTBOUND_ALLOW_HOSTS: 'http://kalender.intern/' }))).toThrow(
      /OUTBOUND_ALLOW_HOSTS/,
    );
    expect(() => loadConfig(env({ OUTBOUND_ALLOW_HOSTS: '10.0.0.0/40' }))).toThrow(/OUTBOUND_ALLOW_HOSTS/);
  });
});
