import { parseEuroCents } from '../../../platform/forms/index.ts';

/**
 * Euros as typed ("15", "15,5", "1.234,50", "15.50", "-40,00" for a correction) into whole cents;
 * null when empty, NaN when it is no amount. The platform's reading, with the minus a ledger needs.
 */
export const parseEuros = (input: string): number | null => parseEuroCents(input, { negative: true });
