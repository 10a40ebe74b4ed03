import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { resources } from './locales.ts';

const KEY = 'yb.lang';

export function storedLanguage(): 'zh-CN' | 'en' {
  return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh-CN';
}

export async function setLanguage(lang: 'zh-CN' | 'en') {
  localStorage.setItem(KEY, lang);
  await i18n.changeLanguage(lang);
}

i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

export const i18nReady = i18n.use(initReactI18next).init({
  resources,
  lng: storedLanguage(),
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
});

export default i18n;
