import type { Translations } from './index.ts';
import ar from './locales/ar.json' with { type: 'json' };
import de from './locales/de.json' with { type: 'json' };
import deLs from './locales/de-x-ls.json' with { type: 'json' };
import en from './locales/en.json' with { type: 'json' };
import tr from './locales/tr.json' with { type: 'json' };

export const commonTranslations: Translations = { de, en, tr, ar, 'de-x-ls': deLs };
