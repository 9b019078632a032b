// The two message files have the same keys, and every literal key the app uses
// (t('a.b') in views and components, title keys in the page table) exists in both.
// Pure Node: no browser, no server.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { ROOT } from './harness.mjs'

const SRC = join(ROOT, 'web', 'src')
const zh = (await import(join(SRC, 'i18n', 'zh-CN.js'))).default
const en = (await import(join(SRC, 'i18n', 'en.js'))).default

const flat = (o, p = '') => Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? flat(v, `${p}${k}.`) : [`${p}${k}`]))
const get = (o, key) => key.split('.').reduce((a, k) => (a && typeof a === 'object' ? a[k] : undefined), o)

function sources(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === 'i18n' ? [] : sources(path)
    return /\.(vue|js)$/.test(name) ? [path] : []
  })
}

describe('i18n', () => {
  it('zh-CN and en have identical keys', () => {
    const a = flat(zh)
    const b = new Set(flat(en))
    assert.deepEqual(a.filter((k) => !b.has(k)), [], 'keys only in zh-CN')
    const aa = new Set(a)
    assert.deepEqual([...b].filter((k) => !aa.has(k)), [], 'keys only in en')
  })

  it('every literal key used by the app exists', () => {
    const used = new Set()
    for (const file of sources(SRC)) {
      const text = readFileSync(file, 'utf8')
      for (const m of text.matchAll(/\bt\(\s*'([A-Za-z][\w.]*)'/g)) used.add(m[1])
      for (const m of text.matchAll(/\btitle:\s*'((?:menu|menuGroup)\.[\w]+)'/g)) used.add(m[1])
    }
    assert.ok(used.size > 300, `found ${used.size} keys`)
    const missing = [...used].filter((k) => get(zh, k) === undefined || get(en, k) === undefined)
    assert.deepEqual(missing, [], 'keys used but not defined')
  })

  it('every action and object type the server audits has a label in both languages', () => {
    const actions = new Set()
    const types = new Set()
    const cFiles = (dir) => readdirSync(dir).flatMap((name) => {
      const path = join(dir, name)
      return statSync(path).isDirectory() ? cFiles(path) : name.endsWith('.c') ? [path] : []
    })
    for (const file of cFiles(join(ROOT, 'src'))) {
      const text = readFileSync(file, 'utf8')
      // audit_write(db, actor, "action", "type", ...) and audit_record(db, actor, login, "action", "type", ...)
      for (const m of text.matchAll(/\baudit_(write|record)\s*\(([^;]*)/g)) {
        const args = m[2].split(',').map((a) => a.trim())
        const [action, type] = m[1] === 'write' ? [args[2], args[3]] : [args[3], args[4]]
        if (/^"[a-z_.]+"$/.test(action || '')) actions.add(action.slice(1, -1))
        if (/^"[a-z_]+"$/.test(type || '')) types.add(type.slice(1, -1))
      }
    }
    assert.ok(actions.size > 60 && types.size > 25, `found ${actions.size} actions, ${types.size} types`)
    const label = (o, a) => get(o, `auditAction.${a}`) || get(o, `auditAction.${a}.self`)
    const unlabelled = [...actions].filter((a) => typeof label(zh, a) !== 'string' || typeof label(en, a) !== 'string')
    assert.deepEqual(unlabelled, [], 'audit actions without a label')
    const untyped = [...types].filter((o) => typeof get(zh, `objectType.${o}`) !== 'string' || typeof get(en, `objectType.${o}`) !== 'string')
    assert.deepEqual(untyped, [], 'object types without a label')
  })
})

// The production build serves zh-CN in parts (web/vite/i18nSplit.js): the entry's part
// must still hold every title the page tables name (menus, tabs, document titles), and
// each lazy area's chunk its whole section.
describe('zh-CN split for the build', async () => {
  const { i18nSplit, LAZY_AREAS, LAZY_SECTIONS, sectionsOf, compileMessages } = await import(join(ROOT, 'web', 'vite', 'i18nSplit.js'))
  const plugin = i18nSplit(SRC)
  plugin.configResolved({ command: 'build' })
  const ctx = { error: (m) => { throw new Error(m) } }
  const load = async (id) => {
    const code = await plugin.load.call(ctx, plugin.resolveId(id))
    return import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)
  }

  it('the entry keeps every page title and leaves the areas out', async () => {
    const { messages, areas } = await load('virtual:skyway-messages')
    assert.deepEqual(Object.keys(areas).sort(), [...LAZY_SECTIONS.keys()].sort())
    const titles = new Set()
    for (const name of readdirSync(join(SRC, 'router'))) {
      for (const m of readFileSync(join(SRC, 'router', name), 'utf8').matchAll(/\btitle:\s*'([A-Za-z][\w.]*)'/g)) titles.add(m[1])
    }
    const zhc = compileMessages(zh)
    const lost = [...titles].filter((k) => get(zh, k) !== undefined && !isDeepStrictEqual(get(messages, k), get(zhc, k)))
    assert.deepEqual(lost, [], 'titles missing from the entry part')
    for (const section of LAZY_SECTIONS.keys()) {
      assert.ok(zh[section], `zh-CN has no section ${section}`)
      assert.ok(flat(messages[section] || {}).length < flat(zh[section]).length / 2, `${section} stays mostly out of the entry`)
    }
    // Everything else is whole.
    for (const k of Object.keys(zh).filter((k) => !LAZY_SECTIONS.has(k))) assert.deepEqual(messages[k], zhc[k], k)
  })

  it('each area chunk holds its whole sections', async () => {
    for (const area of LAZY_AREAS) {
      const want = Object.fromEntries(sectionsOf(area).map((s) => [s, compileMessages(zh[s])]))
      assert.deepEqual((await load(`virtual:skyway-messages/${area}`)).default, want, area)
    }
    assert.deepEqual((await load('virtual:skyway-messages/en')).default, compileMessages(en))
  })

  // The build's messages are precompiled and its vue-i18n has no compiler (the app's
  // messageCompiler returns static texts as they are and interprets ASTs): every message
  // of both languages must read as the compiler at run time would make it.
  it('precompiled messages read as the source messages do', async () => {
    const { createI18n } = await import('vue-i18n')
    const { compile } = await import('@intlify/core-base')
    const messageCompiler = (m, ctx) => (typeof m === 'string' ? () => m : compile(m, ctx))
    for (const [locale, dict] of [['zh-CN', zh], ['en', en]]) {
      const source = createI18n({ legacy: false, locale, messages: { [locale]: dict } }).global
      const built = createI18n({ legacy: false, locale, messages: { [locale]: compileMessages(dict) }, messageCompiler }).global
      let dynamic = 0
      for (const key of flat(dict)) {
        const text = get(dict, key)
        const named = Object.fromEntries([...text.matchAll(/\{\s*(\w+)\s*\}/g)].map(([, n]) => [n, `<${n}>`]))
        if (/[{}@|]/.test(text)) dynamic++
        assert.equal(built.t(key, named), source.t(key, named), `${locale} ${key}`)
        if (text.includes('|')) assert.equal(built.t(key, named, 2), source.t(key, named, 2), `${locale} ${key} (2)`)
      }
      assert.ok(dynamic > 300, `${locale}: ${dynamic} messages with placeholders`)
    }
  })
})
