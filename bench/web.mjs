// The web app as a student's phone sees it (issue 15): Largest Contentful Paint and the
// JavaScript downloaded before the first contentful paint, per page, on a throttled
// profile with a cold cache.  Printed, never asserted.
//
//   node bench/web.mjs [--runs N] [--web DIR] [--bin build/skyway] [--scale 0.02]
//                      [--base-bin BIN] [--base-web DIR]
//
// Profile: Debian's Chromium through playwright-core, 390×844, CPU slowed 4×
// (Emulation.setCPUThrottlingRate), 150 ms latency and 1.6 Mbps down / 750 kbps up
// (Network.emulateNetworkConditions).  Each page load is a new browser context, so the
// HTTP cache is empty (a logged-in page gets only the session cookie).  The server is
// a `skyway serve` on a fresh demo database (SQLite) in a temporary folder; the student
// is student_demo, registered for the demo's live fair so that the entry pass and the
// booth finder show.  With --runs N each page is loaded N times and the median printed;
// --verbose lists each load's requests (when each ended, bytes transferred); --only TEXT
// measures the pages whose name contains TEXT; --base-bin and --base-web name a second
// build (e.g. main's) measured in the same run, its loads alternating with this one's, a
// "before" row printed under each page; --coverage adds, per page, one more load (not
// timed: V8's block coverage slows it) listing each script's share of its bytes that ran
// by the time the page showed its content.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, existsSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { chromium } from 'playwright-core'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const { values: opt } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    web: { type: 'string', default: join(ROOT, 'web', 'dist') },
    bin: { type: 'string', default: join(ROOT, 'build', 'skyway') },
    scale: { type: 'string', default: '0.02' },
    chromium: { type: 'string', default: process.env.CHROMIUM || '/usr/bin/chromium' },
    verbose: { type: 'boolean', default: false },
    only: { type: 'string', default: '' },
    'base-bin': { type: 'string', default: '' },
    'base-web': { type: 'string', default: '' },
    coverage: { type: 'boolean', default: false },
  },
})
const RUNS = Math.max(1, Number(opt.runs) || 1)
const PASSWORD = 'skyway2026demo'
const PROFILE = {
  viewport: { width: 390, height: 844 },
  cpu: 4,
  network: { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 0.75e6 / 8 },
}

/** Starts `skyway serve` on a new demo database; resolves to { url, stop }. */
async function startServer(bin = opt.bin, web = opt.web) {
  const tmp = mkdtempSync(join(process.env.TMPDIR || tmpdir(), 'skyway-bench-web-'))
  const db = `sqlite:${join(tmp, 'demo.db')}`
  const demo = spawnSync(bin, ['demo', '--db', db, '--scale', opt.scale], { cwd: tmp, encoding: 'utf8' })
  if (demo.status !== 0) throw new Error(`skyway demo failed: ${demo.stderr}`)
  const child = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--web', web], { cwd: tmp, stdio: ['ignore', 'pipe', 'ignore'] })
  const url = await new Promise((ok, fail) => {
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)
      if (m) ok(m[1])
    })
    child.on('exit', (code) => fail(new Error(`skyway serve exited (${code}): ${out}`)))
  })
  child.stdout.resume()
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
      rmSync(tmp, { recursive: true, force: true })
    },
  }
}

/** Logs student_demo in and registers for the live fair; returns { state, fairId, jobId }. */
async function prepareStudent(browser, url) {
  const context = await browser.newContext({ baseURL: url })
  const api = context.request
  const login = await api.post('/api/v1/auth/login', { data: { login: 'student_demo', password: PASSWORD } })
  if (!login.ok()) throw new Error(`login: ${login.status()} ${await login.text()}`)
  const csrf = (await (await api.get('/api/v1/me')).json()).csrf_token
  const fairs = (await (await api.get('/api/v1/fairs')).json()).items
  const live = fairs.find((f) => f.status === 'live')
  if (!live) throw new Error('the demo has no live fair')
  const reg = await api.post(`/api/v1/fairs/${live.id}/register`, { data: {}, headers: { 'X-CSRF-Token': csrf } })
  if (!reg.ok() && reg.status() !== 409) throw new Error(`register: ${reg.status()} ${await reg.text()}`)
  const jobs = (await (await api.get('/api/v1/positions?page_size=1')).json()).items
  const state = await context.storageState()
  await context.close()
  return { state, fairId: live.id, jobId: jobs[0].id }
}

/** Loads path once on the throttled profile; returns { lcp, fcp, jsBeforeFcp, jsBeforeLcp, jsTotal, requests }. */
async function measure(browser, url, path, ready, state) {
  const context = await browser.newContext({
    baseURL: url,
    viewport: PROFILE.viewport,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    storageState: state || undefined,
  })
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', PROFILE.network)
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: PROFILE.cpu })
  await page.addInitScript(() => {
    window.__lcp = 0
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__lcp = e.renderTime || e.loadTime || e.startTime
    }).observe({ type: 'largest-contentful-paint', buffered: true })
  })
  await page.goto(path, { waitUntil: 'load', timeout: 120_000 })
  await page.locator(ready).first().waitFor({ timeout: 120_000 })
  // Until the network is quiet (a page with a live stream never is: 5 s at most).
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => {})
  const r = await page.evaluate(() => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime || 0
    const js = performance.getEntriesByType('resource').filter((e) => /\.js(\?|$)/.test(e.name))
    const sum = (list) => list.reduce((n, e) => n + e.transferSize, 0)
    return {
      lcp: window.__lcp,
      fcp,
      jsBeforeFcp: sum(js.filter((e) => e.responseEnd <= fcp)),
      jsBeforeLcp: sum(js.filter((e) => e.responseEnd <= window.__lcp)),
      jsTotal: sum(js),
      requests: performance.getEntriesByType('resource').length,
      files: performance.getEntriesByType('resource').map((e) => `${e.responseEnd.toFixed(0).padStart(6)} ms ${String(e.transferSize).padStart(7)} B ${new URL(e.name).pathname}`),
    }
  })
  if (opt.verbose) console.log(`${path}:\n  ${r.files.join('\n  ')}`)
  await context.close()
  return r
}

/** Bytes of each script that had run when the page showed ready: [{ file, size, used }]. */
async function coverage(browser, url, path, ready, state) {
  const context = await browser.newContext({ baseURL: url, viewport: PROFILE.viewport, isMobile: true, hasTouch: true, locale: 'zh-CN', storageState: state || undefined })
  const page = await context.newPage()
  await page.coverage.startJSCoverage({ resetOnNavigation: false })
  await page.goto(path, { waitUntil: 'load', timeout: 120_000 })
  await page.locator(ready).first().waitFor({ timeout: 120_000 })
  const entries = await page.coverage.stopJSCoverage()
  await context.close()
  return entries.filter((e) => e.url.includes('/assets/')).map((e) => {
    // Outer ranges first, inner (e.g. a branch not taken, count 0) over them.
    const ranges = e.functions.flatMap((f) => f.ranges).sort((a, b) => a.startOffset - b.startOffset || b.endOffset - a.endOffset)
    const ran = new Uint8Array(e.source.length)
    for (const r of ranges) ran.fill(r.count > 0 ? 1 : 0, r.startOffset, r.endOffset)
    return { file: new URL(e.url).pathname.replace('/assets/', ''), size: e.source.length, used: ran.reduce((n, x) => n + x, 0) }
  }).sort((a, b) => b.size - a.size)
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function main() {
  if (!existsSync(join(opt.web, 'index.html'))) throw new Error(`${opt.web}/index.html not found: npm run build:web`)
  console.log(`machine: ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(1)).join(' ')} (shared: figures are upper bounds)`)
  console.log(`profile: 390×844, CPU ${PROFILE.cpu}× slower, ${PROFILE.network.latency} ms latency, 1.6 Mbps, cold cache; median of ${RUNS}`)
  const base = opt['base-bin'] || opt['base-web']
  const builds = [['', await startServer()]]
  if (base) builds.push(['before', await startServer(opt['base-bin'] || opt.bin, opt['base-web'] || opt.web)])
  const browser = await chromium.launch({
    executablePath: opt.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  })
  try {
    const pagesOf = ({ state, fairId, jobId }) => [
      ['login', '/login', '[data-test=login-submit]', null],
      ['student home', '/home', '[data-test=home-hello]', state],
      ['job search', '/jobs', '[data-test=job-list] .position-card, [data-test=job-list] .el-empty', state],
      ['job detail', `/jobs/${jobId}`, '[data-test=job-title]', state],
      ['fair pass', `/fairs/${fairId}/pass`, '[data-test=pass-qr] svg', state],
      ['booth finder', `/fairs/${fairId}`, '[data-test=booth-finder]', state],
    ]
    const plans = []
    for (const [label, server] of builds) plans.push({ label, url: server.url, pages: pagesOf(await prepareStudent(browser, server.url)) })
    console.log('page            LCP ms   FCP ms   JS before FCP KiB   JS before LCP KiB   JS total KiB   requests')
    for (let p = 0; p < plans[0].pages.length; p++) {
      const name = plans[0].pages[p][0]
      if (opt.only && !name.includes(opt.only)) continue
      const runs = plans.map(() => [])
      // With two builds, their loads alternate: a change in the machine's load hits both.
      for (let i = 0; i < RUNS; i++) {
        for (const [b, plan] of plans.entries()) {
          const [, path, ready, st] = plan.pages[p]
          runs[b].push(await measure(browser, plan.url, path, ready, st))
        }
      }
      for (const [b, plan] of plans.entries()) {
        const m = (k) => median(runs[b].map((r) => r[k]))
        const kib = (k) => (m(k) / 1024).toFixed(1)
        const label = plan.label ? `  ${plan.label}` : name
        console.log(`${label.padEnd(14)} ${m('lcp').toFixed(0).padStart(7)} ${m('fcp').toFixed(0).padStart(8)} ${kib('jsBeforeFcp').padStart(19)} ${kib('jsBeforeLcp').padStart(19)} ${kib('jsTotal').padStart(14)} ${String(m('requests')).padStart(10)}`)
        if (opt.coverage && !plan.label) {
          const files = await coverage(browser, plan.url, ...plan.pages[p].slice(1))
          const total = files.reduce((n, f) => n + f.size, 0)
          const used = files.reduce((n, f) => n + f.used, 0)
          console.log(`  ran by the time it showed: ${(used / 1024).toFixed(0)} of ${(total / 1024).toFixed(0)} KiB (raw) — ` +
            files.map((f) => `${f.file} ${(f.used / 1024).toFixed(1)}/${(f.size / 1024).toFixed(1)}`).join(', '))
        }
      }
    }
  } finally {
    await browser.close()
    for (const [, server] of builds) await server.stop()
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
