// Build-time map of each page's code, for the server to preload (issue 15).
//
// A page's chunks (the app frame, the view and what they import) were asked for only
// once the entry had downloaded and run: on a phone's link a second wave of requests,
// 0.5–0.8 s after the entry.  The server answers a page's URL with index.html, so it can
// name that page's chunks there as <link rel="modulepreload"> (the CSP allows no inline
// script that could ask for them): they then download beside the entry.
//
// This plugin writes dist/preload.json:
//   { "routes": [ { "path": "/jobs/#", "data": [], "files": ["/assets/AppLayout-….js", …] }, … ] }
// path is the route's path with a digits-only parameter (`:id(\\d+)`) written `#` and any
// other parameter `*` (one segment each); routes with optional or repeated parameters
// (the catch-all) are left out.  files are the JavaScript chunks the route's components
// import statically (the frame's and the view's, transitively) and their CSS, without
// what index.html already loads (the entry's); data are the API answers the page's row
// in the page table lists as `preload` (fetched by the router's prefetch right after the
// entry has run).  src/http/static_files.c reads it.
//
// The route table is read from the router's own modules (their syntax trees): every
// object with a string `path` and a `component: () => import('…')`.  A row with a
// `roles` property (the page tables spread into AppLayout's children) and the children
// written in router/index.js show inside AppLayout; the other rows stand alone.
import { readFileSync } from 'node:fs'

const ROUTER = /\/src\/router\/[\w-]+\.js$/

function walk(node, visit, ancestors = []) {
  if (!node || typeof node.type !== 'string') return
  visit(node, ancestors)
  const next = [...ancestors, node]
  for (const key of Object.keys(node)) {
    const v = node[key]
    if (Array.isArray(v)) for (const c of v) walk(c, visit, next)
    else if (v && typeof v.type === 'string') walk(v, visit, next)
  }
}

const prop = (obj, name) =>
  obj.properties.find((p) => p.type === 'Property' && !p.computed && (p.key.name === name || p.key.value === name))

// The module a `() => import('x')` property loads, or null.
function lazyImport(obj) {
  const c = prop(obj, 'component')
  const f = c && c.value
  if (!f || f.type !== 'ArrowFunctionExpression' || f.body.type !== 'ImportExpression') return null
  const src = f.body.source
  return src.type === 'Literal' && typeof src.value === 'string' ? src.value : null
}

// '/jobs/:id(\\d+)' -> '/jobs/#'; null for what the server's matcher does not take.
export function serverPattern(path) {
  const out = []
  for (const seg of path.split('/').slice(1)) {
    if (/^[\w.-]+$/.test(seg)) out.push(seg)
    else if (/^:\w+\(\\d\+\)$/.test(seg)) out.push('#')
    else if (/^:\w+$/.test(seg)) out.push('*')
    else return null
  }
  return '/' + out.join('/')
}

export function routePreload() {
  return {
    name: 'skyway-route-preload',
    apply: 'build',
    async generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk')
      // The chunk holding a module (a small view may have been merged into another).
      const byModule = new Map(chunks.flatMap((c) => c.moduleIds.map((m) => [m, c])))
      const entry = chunks.find((c) => c.isEntry)
      // A chunk's own file, its CSS and those of its static imports, transitively.
      const closure = (chunk, seen = new Set()) => {
        if (seen.has(chunk.fileName)) return seen
        seen.add(chunk.fileName)
        for (const css of chunk.viteMetadata?.importedCss || []) seen.add(css)
        for (const f of chunk.imports) if (bundle[f]) closure(bundle[f], seen)
        return seen
      }
      const loaded = closure(entry)

      // Route rows: { path, src, module (resolved id), framed, data }.
      const rows = []
      let layout = null
      for (const id of this.getModuleIds()) {
        if (!ROUTER.test(id)) continue
        const found = []
        walk(this.parse(readFileSync(id, 'utf8')), (node, ancestors) => {
          if (node.type !== 'ObjectExpression') return
          const path = prop(node, 'path')
          const src = lazyImport(node)
          if (!path || path.value.type !== 'Literal' || !src) return
          // Inside an object with `children` (AppLayout's row): a child of it.
          const inChildren = ancestors.some((a) => a.type === 'Property' && a.key.name === 'children')
          const data = prop(node, 'preload')
          found.push({
            path: path.value.value,
            src,
            framed: inChildren || !!prop(node, 'roles'),
            isLayout: !!prop(node, 'children'),
            data: data ? data.value.elements.map((e) => '/api/v1' + e.value) : [],
          })
        })
        for (const row of found) {
          for (const url of row.data) {
            // Written into an attribute as they are (static_files.c takes nothing else).
            if (!/^\/api\/v1\/[\w/.?=-]+$/.test(url)) this.error(`route ${row.path}: preload ${url}: one parameter at most, no escapes`)
          }
          const resolved = await this.resolve(row.src, id)
          if (!resolved) this.error(`route ${row.path}: cannot resolve ${row.src}`)
          row.module = resolved.id
          if (row.isLayout) layout = row.module
          else rows.push(row)
        }
      }
      if (!layout) this.error('no route with children (AppLayout) found in the router')

      const routes = []
      const seen = new Set()
      for (const row of rows) {
        const pattern = serverPattern(row.path)
        if (!pattern || seen.has(pattern)) continue
        seen.add(pattern)
        const files = new Set()
        for (const m of row.framed ? [layout, row.module] : [row.module]) {
          const chunk = byModule.get(m)
          if (!chunk) this.error(`route ${row.path}: no chunk for ${m}`)
          for (const f of closure(chunk)) if (!loaded.has(f)) files.add('/' + f)
        }
        routes.push({ path: pattern, data: row.data, files: [...files] })
      }
      const source = `{"routes": [\n${routes.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`
      this.emitFile({ type: 'asset', fileName: 'preload.json', source })
    },
  }
}
