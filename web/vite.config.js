// Vite build of the Skyway web app.  The C server serves web/dist: index.html for
// app routes, hashed files under /assets/ with a long cache, and a precompressed
// .gz beside each text asset (written by the small plugin below).
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'
import { fileURLToPath } from 'node:url'
import { readdirSync, readFileSync, writeFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync, constants as zlibConstants } from 'node:zlib'
import { i18nSplit } from './vite/i18nSplit.js'
import { iconSplit } from './vite/iconSplit.js'
import { routePreload } from './vite/routePreload.js'

const root = fileURLToPath(new URL('.', import.meta.url))
const outDir = fileURLToPath(new URL('./dist', import.meta.url))

// Writes FILE.gz next to every text asset bigger than 1 KiB, when it is smaller.
function precompress() {
  const textFile = /\.(js|mjs|css|html|svg|json|txt)$/
  function walk(dir) {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) { walk(path); continue }
      if (!textFile.test(name)) continue
      const raw = readFileSync(path)
      if (raw.length < 1024) continue
      const gz = gzipSync(raw, { level: zlibConstants.Z_BEST_COMPRESSION })
      if (gz.length < raw.length) writeFileSync(path + '.gz', gz)
    }
  }
  let dir = outDir // the build's own (a --outDir given on the command line wins)
  return {
    name: 'skyway-precompress',
    apply: 'build',
    configResolved(config) { dir = config.build.outDir },
    closeBundle() { walk(dir) },
  }
}

// Element Plus's button and menu compute colours with @ctrl/tinycolor (50 KB): the
// button only when a page sets its `color` (none does), the menu its hover shade of
// `background-color`.  Both get web/src/utils/tinycolor.js, the part they call (same
// results for the colours the app writes); the colour picker, if a page ever shows one,
// keeps the library.
const TINYCOLOR_LITE = fileURLToPath(new URL('./src/utils/tinycolor.js', import.meta.url))
function tinycolorLite() {
  const users = /element-plus\/es\/components\/(button\/src\/button-custom|menu\/src\/use-menu-color)\.mjs$/
  return {
    name: 'skyway-tinycolor-lite',
    apply: 'build',
    enforce: 'pre',
    resolveId(id, importer) {
      return id === '@ctrl/tinycolor' && importer && users.test(importer) ? TINYCOLOR_LITE : null
    },
  }
}

// Fewer, larger shared chunks: on a phone's link each request waits 150 ms, and the
// first page of a visit would otherwise ask for some twenty small files after the entry.
//   vue    Vue, vue-router, pinia, vue-i18n: fetched beside the entry (modulepreload).
//   ui     Element Plus's shared code and the small components every page shows
//          (button, input, tag, message…): beside the entry too.
//   frame  the app frame's components (drawer, dropdown, popper, dialog, message box…)
//          in one file.  index.html preloads it too (shared code that Rollup merges
//          into the entry asks for the confirm box): 25 KiB the login page could skip.
// Other components (date picker, table, select, cascader, form…) stay with their pages;
// what a chunk's modules import (lodash, @vueuse, icons…) Rollup puts beside them.
// vue imports nothing of the others and ui nothing of frame: no cycle between chunks.
const VUE = /node_modules\/(@vue|vue|vue-router|pinia|vue-i18n|@intlify)\//
const UI = new Set([
  'alert', 'badge', 'button', 'config-provider', 'focus-trap', 'icon', 'input', 'link', 'message', 'message-box',
  'overlay', 'skeleton', 'skeleton-item', 'tag',
])
const FRAME = new Set([
  'card', 'collection', 'descriptions', 'dialog', 'drawer', 'dropdown', 'empty', 'popper', 'roving-focus-group',
  'scrollbar', 'slot', 'teleport', 'tooltip', 'visual-hidden',
])
function sharedChunk(id) {
  if (VUE.test(id)) return 'vue'
  if (!id.includes('node_modules/element-plus/es/')) return undefined
  if (/\/es\/hooks\/use-floating\//.test(id)) return undefined // only tooltip-v2 and its kin
  // The popper hook and @popperjs (8 KiB) go with the popper, in `frame`: the login page
  // shows no popper.
  if (/\/es\/hooks\/use-popper\//.test(id)) return undefined
  if (/\/es\/(utils|hooks|constants|locale|directives|_virtual)\//.test(id)) return 'ui'
  if (id.includes('/es/components/form/src/constants')) return 'ui' // input's link to its form item
  const m = /\/es\/components\/([\w-]+)\//.exec(id)
  if (m && UI.has(m[1])) return 'ui'
  if (m && FRAME.has(m[1])) return 'frame'
  return undefined
}

export default defineConfig(({ command }) => ({
  root,
  base: '/',
  publicDir: 'public',
  plugins: [
    vue(),
    // Element Plus on demand: each <el-…> tag (and v-loading) a template uses becomes an
    // import of that component and its CSS, so a page's chunk carries only what it shows
    // (the login page does not download the date picker and the table).  Our own
    // components are imported explicitly: only the resolver runs (no folder scan).
    Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dirs: [], dts: false }),
    // zh-CN messages: the big areas as chunks of their own, loaded by their pages.
    i18nSplit(fileURLToPath(new URL('./src', import.meta.url))),
    // Element Plus's icons one module each, so each lands beside the code showing it.
    iconSplit(),
    tinycolorLite(),
    // dist/preload.json: each route's chunks, which the server names in the index.html it
    // answers that route's URL with (modulepreload), so they download beside the entry.
    routePreload(),
    precompress(),
  ],
  // '@/…' is web/src: imports name shared code by its place, not by counting '../'.
  resolve: { alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) } },
  define: {
    // Vue and vue-i18n compile-time flags: no devtools, Composition API only for i18n.
    __VUE_OPTIONS_API__: 'true',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
    // Messages are ASTs interpreted at run time (no eval / new Function), which is what
    // the page's CSP (script-src 'self') requires.  The build compiles them beforehand
    // (web/vite/i18nSplit.js) and ships no message compiler; `vite serve` compiles on
    // the page, so edited message files need no build.
    __INTLIFY_JIT_COMPILATION__: 'true',
    __INTLIFY_DROP_MESSAGE_COMPILER__: command === 'build' ? 'true' : 'false',
  },
  server: {
    // `npm run dev:web` proxies the API to a local `skyway serve`.
    proxy: { '/api': process.env.SKYWAY_API || 'http://127.0.0.1:8080' },
  },
  build: {
    outDir,
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2020',
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      output: {
        // ECharts as one chunk of its own, fetched by the chart pages only; everything
        // else is split by Rollup along the lazy routes, so the QR scanner (@zxing) ships
        // with the gate page and each Element Plus component with the pages that use it.
        manualChunks(id) {
          if (id.includes('node_modules/echarts') || id.includes('node_modules/zrender')) return 'echarts'
          return sharedChunk(id)
        },
        // Per-component splitting makes dozens of 1–5 kB files; on a link with 150 ms of
        // latency each costs more than its bytes.  Rollup merges a chunk this small into
        // one that is loaded at the same moment whenever that changes no behaviour.
        experimentalMinChunkSize: 20_000,
      },
    },
  },
}))
