// Build-time split of @element-plus/icons-vue (issue 15, "fast on a phone").
//
// The package ships its 293 icons as one module, so Rollup cannot place them apart:
// every icon any page uses rode in the chunk of the first shared code that imports the
// package (Element Plus's `ui` chunk, which every page downloads before its first paint).
// In the build this plugin cuts the package's code into one virtual module per icon and
// rewrites each `import { A, B as C } from '@element-plus/icons-vue'` (ours and Element
// Plus's) into imports of those modules (a barrel of re-exports would not do: Rollup
// puts a barrel's dependencies in the chunk of its first importer), so that each icon
// lands beside the code that shows it: the input's and the message's icons in `ui`, the menu's with the
// app frame, a page's own with that page.  `vite serve` uses the package as it is.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'

const PKG = '@element-plus/icons-vue'
const BARREL = '\0ep-icons'
const ICON = '\0ep-icon:'
const PUBLIC = 'virtual:ep-icon/'
const IMPORT = /import\s*\{([^}]*)\}\s*from\s*['"]@element-plus\/icons-vue['"];?/g

// { Name: code of a module whose default export is that icon }
function cut(source) {
  const exports = /export\s*\{([^}]*)\}\s*;?\s*$/.exec(source)
  if (!exports) throw new Error(`${PKG}: no export list`)
  const local = new Map() // xxx_default -> Name
  for (const m of exports[1].matchAll(/(\w+)\s+as\s+(\w+)/g)) local.set(m[1], m[2])
  const icons = {}
  const sections = source.slice(0, exports.index).split(/^\/\/ src\/components\/[\w-]+\.vue$/m).slice(1)
  for (const code of sections) {
    const m = /\}\),\s*(\w+_default)\s*=\s*_sfc_main\d*;\s*$/.exec(code)
    if (!m || !local.has(m[1])) throw new Error(`${PKG}: unexpected section ${code.slice(0, 120)}`)
    icons[local.get(m[1])] = `${code}\nexport default ${m[1]}\n`
  }
  if (Object.keys(icons).length !== local.size) throw new Error(`${PKG}: ${Object.keys(icons).length} icons cut, ${local.size} exported`)
  return icons
}

export function iconSplit() {
  let icons = null
  return {
    name: 'skyway-icon-split',
    apply: 'build',
    enforce: 'pre',
    buildStart() {
      const file = createRequire(import.meta.url).resolve(PKG)
      icons = cut(readFileSync(file.replace(/index\.cjs$/, 'index.js'), 'utf8'))
    },
    resolveId(id) {
      if (id === PKG) return BARREL
      if (id.startsWith(PUBLIC)) return ICON + id.slice(PUBLIC.length)
      return null
    },
    transform(code, id) {
      if (id.startsWith('\0') || !code.includes(PKG)) return null
      const out = code.replace(IMPORT, (_, list) => list.split(',').map((s) => s.trim()).filter(Boolean).map((s) => {
        const [name, as = name] = s.split(/\s+as\s+/)
        if (!icons[name]) this.error(`${PKG} has no icon ${name}`)
        return `import ${as} from '${PUBLIC}${name}';`
      }).join(' '))
      return out === code ? null : { code: out, map: null }
    },
    load(id) {
      if (id === BARREL) {
        const code = Object.keys(icons).map((n) => `export { default as ${n} } from '${ICON}${n}'`).join('\n') + '\n'
        return { code, moduleSideEffects: false }
      }
      if (id.startsWith(ICON)) return { code: icons[id.slice(ICON.length)], moduleSideEffects: false }
      return null
    },
  }
}
