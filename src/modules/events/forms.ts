import { z } from 'zod';
import { BaseFormReader, type RawForm, rangeMessage } from '../../platform/http/form-reader.ts';
import { withParams } from '../../platform/i18n/index.ts';

export type { RawForm } from '../../platform/http/form-reader.ts';

const emailSchema = z.string().email().max(254);

/** The events module's form rules on top of the shared readers: empty optional text is ''. */
export class FormReader extends BaseFormReader {
  constructor(body: RawForm) {
    super(body, 'events');
  }

  text(name: string, o: { required?: boolean; max?: number } = {}): string {
    const s = this.raw(name);
    this.values[name] = s;
    if (!s) {
      if (o.required) this.fail(name, 'validation.required');
      return '';
    }
    if (s.length > (o.max ?? 500)) this.fail(name, withParams('validation.tooLong', { max: o.max ?? 500 }));
    return s;
  }

  email(name: string, o: { required?: boolean } = {}): string {
    const s = this.text(name, { required: o.required, max: 254 });
    if (s && !emailSchema.safeParse(s).success) this.fail(name, 'validation.email');
    return s.toLowerCase();
  }

  phone(name: string): string {
    const s = this.text(name, { max: 40 });
    if (s && !/^[+\d][\d ()/-]{3,}$/.test(s)) this.fail(name, 'events:errors.phone');
    return s;
  }

  url(name: string): string | null {
    const s = this.text(name, { max: 500 });
    if (!s) return null;
    try {
      const u = new URL(s);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('scheme');
      return u.toString();
    } catch {
      this.fail(name, 'events:errors.url');
      return null;
    }
  }

  /** A whole number; outside [min, max] the message states the range (and the field, given its label key). */
  int(
    name: string,
    o: { required?: boolean; min?: number; max?: number; label?: string } = {},
  ): number | null {
    const s = this.raw(name);
    this.values[name] = s;
    if (!s) {
      if (o.required) this.fail(name, 'validation.required');
      return null;
    }
    const range = () =>
      rangeMessage('validation.numberRange', o.min ?? 0, o.max ?? Number.MAX_SAFE_INTEGER, o.label);
    if (!/^-?\d+$/.test(s)) {
      this.fail(name, o.min !== undefined && o.max !== undefined ? range() : 'events:errors.number');
      return null;
    }
    const n = Number(s);
    if (
      (o.min !== undefined && n < o.min) ||
      (o.max !== undefined && n > o.max) ||
      !Number.isSafeInteger(n)
    ) {
      this.fail(name, range());
      return null;
    }
    return n;
  }
}
