import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en';
import zhCN from './zh-CN';

export type Language = 'en' | 'zh-CN';
export const LANGUAGES: { code: Language; label: string }[] = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
];
const STORAGE_KEY = 'switchboard.language';

/** The stored choice, else the first browser language we speak (any zh → zh-CN), else English. */
export function detectLanguage(stored: string | null, browser: readonly string[]): Language {
  if (stored === 'en' || stored === 'zh-CN') return stored;
  for (const tag of browser) {
    const lower = tag.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

export function initI18n(): typeof i18n {
  const stored = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  const browser = typeof navigator === 'undefined' ? [] : navigator.languages ?? [navigator.language];
  void i18n.use(initReactI18next).init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    lng: detectLanguage(stored, browser),
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
    // i18next otherwise advertises its vendor's service on the browser console.
    showSupportNotice: false,
  } as Parameters<typeof i18n.init>[0]);
  if (typeof document !== 'undefined') document.documentElement.lang = i18n.language;
  return i18n;
}

export function setLanguage(language: Language): void {
  localStorage.setItem(STORAGE_KEY, language);
  void i18n.changeLanguage(language);
  document.documentElement.lang = language;
}

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: typeof en };
    returnNull: false;
  }
}
