/**
 * The identity inputs, one schema each, shared by every form that takes them: a person's name (the
 * profile and the invitation), a new password (the profile, the invitation and the reset), an API
 * token's name. Messages are translation keys with their limits, as everywhere (platform/forms).
 */
import { z } from 'zod';
import { email, parseFields, requiredText } from '../../platform/forms/index.ts';
import type { TFunction } from '../../platform/i18n/index.ts';
import { withParams } from '../../platform/i18n/index.ts';
export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;
export const IDENTITY_LIMITS = { name: 100, tokenName: 100 } as const;

/** A person's name as shown to colleagues. */
export const personName = requiredText(IDENTITY_LIMITS.name);
/** The name of an API token, to tell tokens apart. */
export const tokenName = requiredText(IDENTITY_LIMITS.tokenName);
/** An address to sign in with or to send a link to. */
export const signInEmail = email();

/**
 * A new password: taken as typed (spaces count, nothing trimmed); at least MIN_PASSWORD_LENGTH
 * characters — counted as characters, so "ä" or an emoji counts once — and at most
 * MAX_PASSWORD_LENGTH code units.
 */
export const newPassword = z
  .string({ error: 'validation.required' })
  .min(1, { error: 'validation.required' })
  .refine((p) => [...p].length >= MIN_PASSWORD_LENGTH, {
    error: withParams('identity:errors.passwordTooShort', { min: MIN_PASSWORD_LENGTH }),
  })
  // Its own message: the schema's `error` would otherwise stand for every problem.
  .max(MAX_PASSWORD_LENGTH, { error: withParams('validation.tooLong', { max: MAX_PASSWORD_LENGTH }) });

/**
 * Checks some identity fields of a posted form and gives each problem in the reader's language,
 * keyed by field: the forms' one way to read these inputs.
 */
export function identityFieldErrors(
  t: TFunction,
  shape: Record<string, z.ZodType>,
  input: Record<string, unknown>,
): Record<string, string> {
  const { errors } = parseFields(shape, input);
  return Object.fromEntries(Object.entries(errors).map(([k, key]) => [k, t(key)]));
}

/** The translated problem with a new password, or undefined when it is acceptable. */
export const newPasswordError = (t: TFunction, password: string): string | undefined =>
  identityFieldErrors(t, { password: newPassword }, { password }).password;
