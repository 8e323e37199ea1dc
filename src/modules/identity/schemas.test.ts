/** The identity inputs' schemas give the messages the forms show, with their limits. */
import { describe, expect, it } from 'vitest';
import { identityFieldErrors, newPassword, newPasswordError, personName, tokenName } from './schemas.ts';
import { textsFor } from './texts.ts';

const de = textsFor('de');
const en = textsFor('en');

describe('identity inputs', () => {
  it('a new password: required, at least 10 characters counted as characters, at most 200, never trimmed', () => {
    expect(newPasswordError(de, '')).toBe('Bitte füllen Sie dieses Feld aus.');
    expect(newPasswordError(de, 'kurz')).toBe('Das Passwort muss mindestens 10 Zeichen lang sein.');
    expect(newPasswordError(en, 'kurz')).toBe('The password must be at least 10 characters long.');
    // Ten umlauts are ten characters (and ten UTF-16 units); ten emoji are ten characters too.
    expect(newPasswordError(de, 'ääääääääää')).toBeUndefined();
    expect(newPasswordError(de, '🌳'.repeat(10))).toBeUndefined();
    expect(newPasswordError(de, 'x'.repeat(201))).toMatch(/200/);
    expect(newPassword.parse('  zehn Zeichen  ')).toBe('  zehn Zeichen  ');
  });

  it('names and token names: required, at most 100 characters, keyed by field', () => {
    expect(
      identityFieldErrors(de, { name: personName, tokenName }, { name: ' ', tokenName: 'x'.repeat(101) }),
    ).toEqual({
      name: 'Bitte füllen Sie dieses Feld aus.',
      tokenName: expect.stringMatching(/100/),
    });
    expect(identityFieldErrors(de, { name: personName }, { name: 'Ada Admin' })).toEqual({});
  });
});
