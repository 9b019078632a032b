// The two message files have the same keys, and every literal key the app uses
// (t('a.b') in views and components, title keys in the page table) exists in both.
// Pure Node: no browser, no server.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
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
})
