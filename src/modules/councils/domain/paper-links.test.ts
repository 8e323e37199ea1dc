import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signPaperLink, verifyPaperLink } from './paper-links.ts';

const key = randomBytes(32);
const claims = {
  tenantId: '00000000-0000-4000-8000-000000000001',
  meetingId: '00000000-0000-4000-8000-000000000002',
  memberId: '00000000-0000-4000-8000-000000000003',
  expiresAt: Math.floor(Date.parse('2030-01-31T23:00:00Z') / 1000),
};
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const before = new Date('2030-01-01T00:00:00Z');

describe('private links to the papers', () => {
  it('open for the tenant, meeting, member and time they were signed for', () => {
    expect(verifyPaperLink(key, claims.tenantId, signPaperLink(key, claims), before)).toEqual(claims);
  });

  it('refuse another tenant, another key, a changed part and the end of their time', () => {
    const token = signPaperLink(key, claims);
    expect(verifyPaperLink(key, '00000000-0000-4000-8000-000000000009', token, before)).toBeNull();
    expect(verifyPaperLink(randomBytes(32), claims.tenantId, token, before)).toBeNull();
    const [member, meeting, expiry, signature] = token.split('.');
    const other = '00000000-0000-4000-8000-000000000004';
    for (const changed of [
      [other, meeting, expiry, signature],
      [member, other, expiry, signature],
      [member, meeting, (claims.expiresAt + 1).toString(36), signature],
      [member, meeting, expiry, `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`],
      // The last character's spare bits: another spelling of the same bytes is no link either.
      [member, meeting, expiry, `${signature.slice(0, -1)}${B64[B64.indexOf(signature[42]) ^ 1]}`],
    ])
      expect(verifyPaperLink(key, claims.tenantId, changed.join('.'), before)).toBeNull();
    expect(verifyPaperLink(key, claims.tenantId, token, new Date(claims.expiresAt * 1000))).toBeNull();
  });

  it('read malformed tokens as no link', () => {
    for (const junk of ['', 'x', '...', 'a.b.c.d', 'a.b.!!.cccc', `${'a'.repeat(5)}.b.zz.${'x'.repeat(42)}`])
      expect(verifyPaperLink(key, claims.tenantId, junk, before)).toBeNull();
  });
});
