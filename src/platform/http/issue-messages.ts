import type { z } from 'zod';
import { withParams } from '../i18n/index.ts';

/**
 * A schema problem of an API request as a message key (with its limit) in the common `validation.*`
 * namespace, so the JSON answer says in the caller's language what the form would say: "at most
 * 200 characters", "a whole number of at most 62" — not Zod's English. A message a schema sets
 * itself (a module's key) is kept.
 */
export function issueMessage(issue: z.core.$ZodIssue): string {
  if (/^[a-z]+:errors\.|^validation\./.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined/.test(issue.message) ? 'validation.required' : 'validation.invalid';
    case 'invalid_union': {
      // `emptyOr(x)` and the like: the last branch is the one a value was meant for ('' or an address).
      const last = issue.errors.at(-1)?.[0];
      return last ? issueMessage(last) : 'validation.invalid';
    }
    case 'invalid_value':
      return 'validation.choice';
    case 'invalid_format':
      return issue.format === 'email'
        ? 'validation.email'
        : issue.format === 'uuid'
          ? 'validation.choice'
          : 'validation.invalid';
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return withParams('validation.tooLong', { max });
      if (issue.origin === 'array' || issue.origin === 'set')
        return withParams('validation.tooMany', { max });
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return withParams('validation.numberAtMost', { max });
      return 'validation.invalid';
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string')
        return min <= 1 ? 'validation.required' : withParams('validation.tooShort', { min });
      if (issue.origin === 'array' || issue.origin === 'set') return 'validation.required';
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return withParams('validation.numberAtLeast', { min });
      return 'validation.invalid';
    }
    default:
      return 'validation.invalid';
  }
}
