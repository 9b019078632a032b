// Build-time split of the zh-CN messages (issue 15, "fast on a phone").
//
// web/src/i18n/zh-CN.js is the whole dictionary (and what the i18n test reads).  In the
// production build this plugin serves it as one virtual module, `virtual:skyway-messages`,
// which exports
//   messages  every top-level section except the big areas of LAZY_AREAS, plus those
//             areas' keys that the page tables name as titles (menus, tabs, page titles);
//   areas     { section: () => import(its area's sections) }, one chunk per area, which
//             exports { section: its messages } for each section of the area.
// So the login page and a student's pages do not download (nor parse) the cooperation,
// incubator, services and competition texts; web/src/i18n/index.js loads an area when a
// page of it opens (and, as a safety net, when a key of it is missing).
// `virtual:skyway-messages/en` is the English dictionary, whole (fetched when chosen).
//
// Every message with a placeholder, a plural or a linked key is compiled here to the
// AST that vue-i18n's runtime interprets (compileMessages): the build ships the
// runtime-only vue-i18n (no message compiler; vite.config.js), and no message is
// compiled on the phone.  Static texts stay strings (web/src/i18n/index.js's
// messageCompiler returns them as they are).
// While developing (vite serve) nothing is split nor compiled: the modules re-export
// zh-CN.js and en.js, so editing a message file reloads as usual.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { baseCompile } from '@intlify/message-compiler'

// The areas big enough to be worth a request of their own, each only used by its own pages.
// An area is the top-level section of that name, or (AREA_GROUPS) a few sections that
// only one page shows: the audit log's words.  A page whose title is not in its area
// names the area in its table (web/src/router/pages.js `messages`).
export const LAZY_AREAS = ['coop', 'incubator', 'services', 'competition', 'audit', 'claims', 'orgTokens']
export const AREA_GROUPS = { audit: ['audit', 'auditAction', 'auditDetail', 'objectType'] }
export const sectionsOf = (area) => AREA_GROUPS[area] || [area]
// Every section that stays out of the entry (but for the page titles), with its area.
export const LAZY_SECTIONS = new Map(LAZY_AREAS.flatMap((a) => sectionsOf(a).map((s) => [s, a])))

const ID = 'virtual:skyway-messages'
const AREA_ID = `${ID}/`

// Every `title: 'a.b.c'` of the page tables (web/src/router/*.js).
function titleKeys(routerDir) {
  const keys = new Set()
  for (const name of readdirSync(routerDir)) {
    if (!name.endsWith('.js')) continue
    for (const m of readFileSync(join(routerDir, name), 'utf8').matchAll(/\btitle:\s*'([A-Za-z][\w.]*)'/g)) keys.add(m[1])
  }
  return keys
}

// A copy of tree holding only the leaves named by keys (dotted, under prefix).
function pick(tree, keys, prefix) {
  const out = {}
  for (const [k, v] of Object.entries(tree)) {
    const path = `${prefix}.${k}`
    if (v && typeof v === 'object') {
      const sub = pick(v, keys, path)
      if (Object.keys(sub).length) out[k] = sub
    } else if (keys.has(path)) {
      out[k] = v
    }
  }
  return out
}

// A text with none of vue-i18n's syntax: { } (placeholders, literals), @ (linked
// messages), | (plurals).
const STATIC = /^[^{}@|]*$/

/** A copy of tree with each non-static message compiled to its (minified) AST; throws
 *  on a syntax error, naming the key. */
export function compileMessages(tree, prefix = '') {
  const out = {}
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (v && typeof v === 'object') out[k] = compileMessages(v, key)
    else if (typeof v !== 'string' || STATIC.test(v)) out[k] = v
    else {
      const onError = (e) => {
        throw new Error(`message ${key}: ${e.message} in ${JSON.stringify(v)}`)
      }
      out[k] = baseCompile(v, { jit: true, location: false, minify: true, onError }).ast
    }
  }
  return out
}

// A module whose default export is obj (JSON.parse: faster to parse than an object literal).
const jsonModule = (obj) => `export default JSON.parse(${JSON.stringify(JSON.stringify(obj))})\n`

/** The Vite plugin: srcDir is web/src. */
export function i18nSplit(srcDir) {
  let serve = false
  const full = new Map() // file -> its dictionary
  async function dictionary(file = 'zh-CN.js') {
    if (!full.has(file)) full.set(file, (await import(pathToFileURL(join(srcDir, 'i18n', file)).href)).default)
    return full.get(file)
  }
  return {
    name: 'skyway-i18n-split',
    configResolved(config) {
      serve = config.command === 'serve'
    },
    resolveId(id) {
      if (id === ID || id.startsWith(AREA_ID)) return `\0${id}`
      return null
    },
    async load(id) {
      if (!id.startsWith(`\0${ID}`)) return null
      if (id === `\0${AREA_ID}en`) return serve ? `export { default } from '/src/i18n/en.js'\n` : jsonModule(compileMessages(await dictionary('en.js')))
      if (serve) {
        if (id !== `\0${ID}`) return 'export default {}\n'
        return `export { default as messages } from '/src/i18n/zh-CN.js'\nexport const areas = {}\n`
      }
      const dict = await dictionary()
      if (id.startsWith(`\0${AREA_ID}`)) {
        const area = id.slice(`\0${AREA_ID}`.length)
        if (!LAZY_AREAS.includes(area)) this.error(`unknown message area ${area}`)
        return jsonModule(Object.fromEntries(sectionsOf(area).map((s) => [s, compileMessages(dict[s] || {}, s)])))
      }
      const titles = titleKeys(join(srcDir, 'router'))
      const core = {}
      for (const [k, v] of Object.entries(dict)) core[k] = LAZY_SECTIONS.has(k) ? pick(v, titles, k) : v
      const loaders = [...LAZY_SECTIONS].map(([s, a]) => `  ${s}: () => import('${AREA_ID}${a}'),`).join('\n')
      return `export const messages = JSON.parse(${JSON.stringify(JSON.stringify(compileMessages(core)))})\nexport const areas = {\n${loaders}\n}\n`
    },
  }
}
