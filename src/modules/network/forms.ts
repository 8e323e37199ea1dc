import { z } from 'zod';
import { BaseFormReader, type RawForm, rangeMessage } from '../../platform/http/form-reader.ts';
import { withParams } from '../../platform/i18n/index.ts';

export { isDate, isTime, type RawForm, translateErrors } from '../../platform/http/form-reader.ts';

const emailSchema = z.string().email().max(254);

/** The network module's form rules on top of the shared readers: empty optional text is null. */
export class FormReader extends BaseFormReader {
  constructor(body: RawForm) {
    super(body, 'network');
  }

  text(name: string, o: { required?: boolean; max?: number } = {}): string | null {
    const s = this.raw(name);
    this.values[name] = s;
    if (!s) {
      if (o.required) this.fail(name, 'validation.required');
      return null;
    }
    if (s.length > (o.max ?? 500)) this.fail(name, withParams('validation.tooLong', { max: o.max ?? 500 }));
    return s;
  }

  email(name: string, o: { required?: boolean } = {}): string | null {
    const s = this.text(name, { required: o.required, max: 254 });
    if (s && !emailSchema.safeParse(s).success) this.fail(name, 'validation.email');
    return s ? s.toLowerCase() : null;
  }

  phone(name: string): string | null {
    const s = this.text(name, { max: 40 });
    if (s && !/^[+\d][\d ()/-]{3,}$/.test(s)) this.fail(name, 'network:errors.phone');
    return s;
  }

  url(name: string): string | null {
    const s = this.text(name, { max: 300 });
    if (s && !/^https?:\/\/[^\s]+\.[^\s]+$/i.test(s)) this.fail(name, 'network:errors.url');
    return s;
  }

  /** A number (comma or point); outside [min, max] the message states the range. */
  number(
    name: string,
    o: { min?: number; max?: number; integer?: boolean; label?: string } = {},
  ): number | null {
    const s = this.raw(name).replace(',', '.');
    this.values[name] = this.raw(name);
    if (!s) return null;
    const n = Number(s);
    if (
      !Number.isFinite(n) ||
      (o.integer && !Number.isInteger(n)) ||
      (o.min !== undefined && n < o.min) ||
      (o.max !== undefined && n > o.max)
    ) {
      this.fail(
        name,
        o.min !== undefined && o.max !== undefined
          ? rangeMessage(
              o.integer ? 'validation.numberRange' : 'validation.decimalRange',
              o.min,
              o.max,
              o.label,
            )
          : 'network:errors.number',
      );
      return null;
    }
    return n;
  }
}

/** A point needs both coordinates: the missing one is named. */
export function checkCoordinates(
  p: { lat?: number | null; lon?: number | null },
  f: { fail(name: string, key: string): void },
): void {
  if ((p.lat == null) !== (p.lon == null))
    f.fail(p.lat == null ? 'lat' : 'lon', 'network:errors.coordinatePair');
}
