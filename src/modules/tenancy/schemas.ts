/**
 * The tenant's settings, one schema: name, legal texts, contact address and attribution — each
 * field's limit and message written once, for the settings screen and its use case alike.
 */
import { email, emptyOr, type FormField, requiredText, text } from '../../platform/forms/index.ts';

export const SETTINGS_LIMITS = { name: { min: 2, max: 120 }, legalText: 20_000, attribution: 500 } as const;

export const tenantSettingsFields = {
  name: requiredText(SETTINGS_LIMITS.name.max).min(SETTINGS_LIMITS.name.min),
  imprintDe: text(SETTINGS_LIMITS.legalText).optional(),
  imprintEn: text(SETTINGS_LIMITS.legalText).optional(),
  privacyDe: text(SETTINGS_LIMITS.legalText).optional(),
  privacyEn: text(SETTINGS_LIMITS.legalText).optional(),
  contactEmail: emptyOr(email()).optional(),
  attribution: text(SETTINGS_LIMITS.attribution).optional(),
};

export const TENANT_SETTINGS_FORM = Object.fromEntries(
  Object.keys(tenantSettingsFields).map((k) => [k, 'text']),
) as Record<keyof typeof tenantSettingsFields, FormField>;
