// i18next setup shared by both apps: zh-CN by default, English on request, the choice kept in localStorage.
import i18next, { type Resource } from 'i18next';
import { initReactI18next } from 'react-i18next';

export type Lang = 'zh-CN' | 'en';
export const LANG_KEY = 'ntbt.lang';

export function storedLang(): Lang {
  try {
    return localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function initI18n(resources: Resource) {
  const lng = storedLang();
  void i18next.use(initReactI18next).init({
    resources,
    lng,
    fallbackLng: 'zh-CN',
    interpolation: { escapeValue: false }, // React escapes
    initImmediate: false,
  } as any);
  document.documentElement.lang = lng;
  for (const apply of pending.splice(0)) apply();
  return i18next;
}

export function setLang(lang: Lang) {
  try {
    localStorage.setItem(LANG_KEY, lang);
  } catch {
    // private mode: the switch still applies to this page
  }
  document.documentElement.lang = lang;
  return i18next.changeLanguage(lang);
}

/**
 * Features keep their own strings next to their code and merge them into the one `translation` namespace under their
 * own top-level key (`identity.*`, `catalogue.*`), so no feature edits another's resource file.
 */
export function addStrings(key: string, zh: Record<string, unknown>, en: Record<string, unknown>) {
  const apply = () => {
    i18next.addResourceBundle('zh-CN', 'translation', { [key]: zh }, true, true);
    i18next.addResourceBundle('en', 'translation', { [key]: en }, true, true);
  };
  // Feature modules may be evaluated before initI18n() runs (import order); their strings wait for it.
  if (i18next.isInitialized) apply();
  else pending.push(apply);
}
const pending: (() => void)[] = [];
