import type { TFunction } from '../../platform/i18n/index.ts';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

/** The translated problem with a new password, or undefined when it is acceptable. */
export function newPasswordError(t: TFunction, password: string): string | undefined {
  if (!password) return t('validation.required');
  // Count characters, not UTF-16 units, so "ä" or an emoji counts once.
  if ([...password].length < MIN_PASSWORD_LENGTH)
    return t('identity:password.tooShort', { min: MIN_PASSWORD_LENGTH });
  if (password.length > MAX_PASSWORD_LENGTH) return t('validation.tooLong', { max: MAX_PASSWORD_LENGTH });
  return undefined;
}
