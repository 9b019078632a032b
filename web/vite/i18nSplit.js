// Build-time split of the zh-CN messages (issue 15, "fast on a phone").
//
// web/src/i18n/zh-CN.js is the whole dictionary (and what the i18n test reads).  In the
// production build this plugin serves it as one virtual module, `virtual:skyway-messages`,
// which exports
//   messages  every top-level section except the big areas of LAZY_AREAS, plus those
//             areas' keys that the page tables name as titles (menus, tabs, page titles);
//   areas     { area: () => import(that area's whole section) }, one chunk per area.
// So the login page and a student's pages do not download (nor parse) the cooperation,
// incubator, services and competition texts; web/src/i18n/index.js loads an area when a
// page of it opens (and, as a safety net, when a key of it is missing).
// While developing (vite serve) nothing is split: the module re-exports zh-CN.js, so
// editing a message file reloads as usual.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

// The areas big enough to be worth a request of their own, each only used by its own pages.
export const LAZY_AREAS = ['coop', 'incubator', 'services', 'competition']

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

// A module whose default export is obj (JSON.parse: faster to parse than an object literal).
const jsonModule = (obj) => `export default JSON.parse(${JSON.stringify(JSON.stringify(obj))})\n`

/** The Vite plugin: srcDir is web/src. */
export function i18nSplit(srcDir) {
  let serve = false
  let full = null
  async function dictionary() {
    if (!full) full = (await import(pathToFileURL(join(srcDir, 'i18n', 'zh-CN.js')).href)).default
    return full
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
      if (serve) {
        if (id !== `\0${ID}`) return 'export default {}\n'
        return `export { default as messages } from '/src/i18n/zh-CN.js'\nexport const areas = {}\n`
      }
      const dict = await dictionary()
      if (id.startsWith(`\0${AREA_ID}`)) {
        const area = id.slice(`\0${AREA_ID}`.length)
        if (!LAZY_AREAS.includes(area)) this.error(`unknown message area ${area}`)
        return jsonModule(dict[area] || {})
      }
      const titles = titleKeys(join(srcDir, 'router'))
      const core = {}
      for (const [k, v] of Object.entries(dict)) core[k] = LAZY_AREAS.includes(k) ? pick(v, titles, k) : v
      const loaders = LAZY_AREAS.map((a) => `  ${a}: () => import('${AREA_ID}${a}'),`).join('\n')
      return `export const messages = JSON.parse(${JSON.stringify(JSON.stringify(core))})\nexport const areas = {\n${loaders}\n}\n`
    },
  }
}
