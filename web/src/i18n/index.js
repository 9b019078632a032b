// vue-i18n set-up: zh-CN by default, English second; the choice is kept in
// localStorage.  Element Plus gets the matching locale through <el-config-provider>
// in App.vue (see elementLocale).  The English messages are a chunk of their own,
// fetched when English is chosen: a phone on a slow link downloads one language.
// The zh-CN messages of the big areas (cooperation, incubator, services, competition)
// and of the audit log are chunks of their own too (web/vite/i18nSplit.js):
// loadMessageArea() fetches one before a page of that area opens (the router asks), and
// a key of an area not yet loaded fetches it (the page then re-renders with the text).
// In the build every message comes precompiled (i18nSplit.js): a static text as a string,
// any other as its AST; vue-i18n has no compiler then, and messageCompiler hands a
// string back as it is.
import { createI18n } from 'vue-i18n'
import { compile } from '@intlify/core-base'
import { computed, shallowRef } from 'vue'
import elZhCn from 'element-plus/es/locale/lang/zh-cn'
import { messages as zhCN, areas as zhAreas } from 'virtual:skyway-messages'

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
  locale: 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN },
  ...(import.meta.env.PROD && { messageCompiler: (m, ctx) => (typeof m === 'string' ? () => m : compile(m, ctx)) }),
  // Warn about missing keys while developing only.
  missingWarn: import.meta.env.DEV,
  fallbackWarn: import.meta.env.DEV,
  // A key of an area whose messages are not here yet: fetch them (t() shows the key
  // until then; setLocaleMessage re-renders whoever asked).
  missing: (_locale, key) => {
    loadMessageArea(String(key).split('.')[0]).catch(() => {})
  },
})

const areaLoads = new Map() // area's loader -> promise of its messages merged into zh-CN

/** Loads the zh-CN messages of the area holding the section named by a key's first part
 *  (once); resolves at once for any other name.  Rejects when the chunk cannot be
 *  fetched (offline). */
export function loadMessageArea(section) {
  const load = zhAreas[section]
  if (!load) return Promise.resolve()
  if (!areaLoads.has(load)) {
    const p = load().then((m) => {
      const current = i18n.global.getLocaleMessage('zh-CN')
      i18n.global.setLocaleMessage('zh-CN', { ...current, ...m.default })
    })
    // A failed fetch may be retried by the next page that needs it.
    p.catch(() => areaLoads.delete(load))
    areaLoads.set(load, p)
  }
  return areaLoads.get(load)
}

// Element Plus's own texts (pagination, date pickers) per loaded locale.
const elementLocales = shallowRef({ 'zh-CN': elZhCn })
const loaders = {
  en: () => Promise.all([import('virtual:skyway-messages/en'), import('element-plus/es/locale/lang/en')]),
}

/** Loads the messages of locale (once); resolves when they are there. */
async function loadLocale(locale) {
  if (i18n.global.availableLocales.includes(locale)) return
  const [messages, element] = await loaders[locale]()
  i18n.global.setLocaleMessage(locale, messages.default)
  elementLocales.value = { ...elementLocales.value, [locale]: element.default }
}

/** Switches the UI language (loading its messages first) and remembers it. */
export async function setLocale(locale) {
  if (!LOCALES.includes(locale)) return
  // Remembered at once: a page left while the messages load still opens in the choice.
  try {
    window.localStorage.setItem(STORAGE_KEY, locale)
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  await loadLocale(locale)
  i18n.global.locale.value = locale
  applyDocumentLocale()
}

// The i18n key of the current page's title (the router sets it after each navigation).
let pageTitleKey = null

/** Names the page in the browser's tab and history ("岗位详情 - 天空走廊"): key or null. */
export function setPageTitle(key) {
  pageTitleKey = key || null
  applyDocumentLocale()
}

export function applyDocumentLocale() {
  const { locale, t, te } = i18n.global
  document.documentElement.lang = locale.value === 'en' ? 'en' : 'zh-CN'
  const app = t('app.name')
  document.title = pageTitleKey && te(pageTitleKey) ? `${t(pageTitleKey)} - ${app}` : app
}

/** The saved language, loaded and applied: resolves when the app can be mounted. */
export async function startLocale() {
  const locale = savedLocale()
  if (locale !== 'zh-CN') await setLocale(locale).catch(() => {})
  applyDocumentLocale()
}

export const elementLocale = computed(() => elementLocales.value[i18n.global.locale.value] || elZhCn)
