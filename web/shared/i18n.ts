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
