import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { DEFAULT_LANGUAGE, Language, LANGUAGES } from '../../../shared/i18n.ts';
import en from '../locales/en.ts';
import kk from '../locales/kk.ts';
import ru from '../locales/ru.ts';

const STORAGE_KEY = 'baqylau.language';

function storedLanguage(): Language {
  try {
    const parsed = Language.safeParse(localStorage.getItem(STORAGE_KEY));
    return parsed.success ? parsed.data : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE;
  }
}

export async function initI18n(): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources: { kk: { translation: kk }, ru: { translation: ru }, en: { translation: en } },
    lng: storedLanguage(),
    fallbackLng: DEFAULT_LANGUAGE,
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = i18next.language;
  i18next.on('languageChanged', (language) => {
    document.documentElement.lang = language;
    try {
      localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  });
  return i18next;
}

export function currentLanguage(language: string): Language {
  const parsed = Language.safeParse(language);
  return parsed.success ? parsed.data : DEFAULT_LANGUAGE;
}
