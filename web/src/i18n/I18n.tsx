import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { translate, translateDynamic, type Lang, type MessageKey } from './dict.js';
import { errorMessage } from '../model/apiError.js';

interface I18nValue {
  lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** `td('status', 'filed')` → 已立案; unknown values pass through. */
  td(prefix: string, value: string | null | undefined): string;
  err(e: unknown): string;
}

const I18nContext = createContext<I18nValue | null>(null);

function initialLang(): Lang {
  try {
    const saved = localStorage.getItem('cityloop.lang');
    if (saved === 'zh' || saved === 'en') return saved;
  } catch {
    /* private mode: keep Chinese */
  }
  return 'zh';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem('cityloop.lang', l);
    } catch {
      /* ignore */
    }
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  }, []);
  const value = useMemo<I18nValue>(
    () => ({
      lang,
      setLang,
      t: (key, vars) => translate(lang, key, vars),
      td: (prefix, v) => (v ? translateDynamic(lang, prefix, v) : '—'),
      err: (e) => errorMessage(e, lang),
    }),
    [lang, setLang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
