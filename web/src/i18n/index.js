// vue-i18n set-up: zh-CN by default, English second; the choice is kept in
// localStorage.  Element Plus gets the matching locale through <el-config-provider>
// in App.vue (see elementLocale).
import { createI18n } from 'vue-i18n'
import { computed } from 'vue'
import elZhCn from 'element-plus/es/locale/lang/zh-cn'
import elEn from 'element-plus/es/locale/lang/en'
import zhCN from './zh-CN'
import en from './en'

export const LOCALES = ['zh-CN', 'en']
const STORAGE_KEY = 'skyway.locale'

function savedLocale() {
  try {
    const v = window.localStorage.getItem(STORAGE_KEY)
    return LOCALES.includes(v) ? v : 'zh-CN'
  } catch {
    return 'zh-CN'
  }
}

export const i18n = createI18n({
  legacy: false,
  locale: savedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
  // Warn about missing keys while developing only.
  missingWarn: import.meta.env.DEV,
  fallbackWarn: import.meta.env.DEV,
})

/** Switches the UI language and remembers it. */
export function setLocale(locale) {
  if (!LOCALES.includes(locale)) return
  i18n.global.locale.value = locale
  try {
    window.localStorage.setItem(STORAGE_KEY, locale)
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  applyDocumentLocale()
}

export function applyDocumentLocale() {
  const locale = i18n.global.locale.value
  document.documentElement.lang = locale === 'en' ? 'en' : 'zh-CN'
  document.title = i18n.global.t('app.name')
}

export const elementLocale = computed(() => (i18n.global.locale.value === 'en' ? elEn : elZhCn))
