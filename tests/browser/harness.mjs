// Browser-test harness: a real `skyway serve` on loopback with a fresh demo
// database, and Debian's Chromium driven through playwright-core.
//
//   const server = await startServer()   // temp dir, `skyway demo`, `skyway serve`
//   const browser = await launchBrowser()
//   const { page, problems } = await openPage(browser, server, { viewport: PHONE })
//   await login(page, 'admin')
//   ...
//   assertNoProblems(problems)            // console errors, page errors, CSP violations
//   await browser.close(); await server.stop()
//
// Environment: SKYWAY_BIN (default build/skyway), SKYWAY_WEB (default web/dist),
// CHROMIUM (default /usr/bin/chromium), SKYWAY_TEST_BACKEND (sqlite, the default, or
// postgres: each server then gets a new database on the PostgreSQL server at
// SKYWAY_TEST_PG, e.g. postgres://postgres@127.0.0.1:55432 from tests/lib/pg.sh, dropped
// by stop(); as in tests/api/harness.mjs), SKYWAY_TEST_DB (one database URL used as is
// by every server instead, e.g. to look at the data afterwards; `demo` must accept it),
// SKYWAY_TEST_SHARED (set by tests/lib/run.mjs: `skyway demo` runs once per suite run and
// each server gets its own copy of that database).
import { spawn, spawnSync } from 'node:child_process'
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import assert from 'node:assert/strict'
import { afterEach } from 'node:test'
import { chromium } from 'playwright-core'
import { cloneTemplate, pgUrl as pgUrlOn, psql as psqlOn, sharedTemplate } from '../lib/template.mjs'
import { Authenticator } from '../lib/totp.mjs'
import { checkRequest, serverDocument } from '../api/openapi_check.mjs'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const BIN = process.env.SKYWAY_BIN || join(ROOT, 'build', 'skyway')
export const WEB = process.env.SKYWAY_WEB || join(ROOT, 'web', 'dist')
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'
export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots')
export const FAILURES = join(ROOT, 'test-results', 'failures')

export const DESKTOP = { width: 1366, height: 768 }
export const PHONE = { width: 390, height: 844 }

export const DEMO_PASSWORD = 'skyway2026demo'
/** Demo logins made by `skyway demo`, with the sidebar entries each role must see. */
export const DEMO = {
  operator: {
    login: 'admin',
    menu: ['home', 'fairs', 'compEditions', 'incRooms', 'incBookings', 'incProjects', 'incActivities', 'incDashboard', 'incPlans', 'incMentoring', 'incServices', 'incSettings', 'positionReview', 'positions', 'matchRounds',
      'students', 'claims', 'applications', 'messageReports', 'employment',
      'serviceCases', 'serviceEscalations', 'serviceFollowups', 'serviceProjects', 'serviceRounds', 'serviceIndicators', 'serviceItems', 'serviceCalendar',
      'coopFigures', 'coopListings', 'coopVisits', 'coopMeetings', 'coopAgreements', 'coopClasses', 'internships',
      'enterpriseReview', 'organizations', 'enterpriseImport', 'majors', 'accounts', 'audit', 'password'],
  },
  college: {
    login: 'college_demo',
    menu: ['home', 'fairs', 'compEditions', 'incRooms', 'incBookings', 'incProjects', 'incActivities', 'incPlans', 'incMentoring', 'incServices', 'students', 'claims', 'applications', 'employment',
      'coopFigures', 'coopListings', 'coopVisits', 'coopMeetings', 'coopAgreements', 'coopClasses', 'internships', 'collegeProfile', 'orgAccounts', 'orgTokens', 'password'],
  },
  enterprise: {
    login: 'hr_demo',
    menu: ['home', 'fairs', 'incActivities', 'myPositions', 'pipeline', 'talent', 'candidates', 'matchRounds', 'serviceApply', 'myServiceCases', 'serviceRounds',
      'coopFigures', 'coopListings', 'coopVisits', 'coopMeetings', 'coopAgreements', 'coopClasses', 'internPosts', 'internships',
      'enterpriseProfile', 'orgAccounts', 'orgTokens', 'password'],
  },
  student: {
    login: 'student_demo',
    menu: ['home', 'fairs', 'compMine', 'incRooms', 'incBookings', 'incProjects', 'incActivities', 'incMentoring', 'incServices', 'recommend', 'jobs', 'myApplications', 'profile', 'matchRounds',
      'myInternship', 'password'],
  },
  judge: { login: 'judge_demo', menu: ['home', 'fairs', 'compJudging', 'incActivities', 'password'] },
  mentor: { login: 'mentor_demo', menu: ['home', 'fairs', 'compJudging', 'incRooms', 'incBookings', 'incProjects', 'incActivities', 'incMentoring', 'incServices', 'password'] },
  officer: {
    login: 'officer_demo',
    menu: ['home', 'fairs', 'incActivities', 'incDashboard', 'serviceCases', 'serviceEscalations', 'serviceFollowups', 'serviceProjects', 'serviceRounds', 'serviceIndicators', 'serviceItems', 'serviceCalendar', 'password'],
  },
}
export const ALL_MENU = [...new Set(Object.values(DEMO).flatMap((d) => d.menu))]

const STARTUP_MS = 30_000

// Operators and officers enrol a second factor, whose secret is sealed under the data key:
// a PostgreSQL run without SKYWAY_DATA_KEY gets a fixed test key for `demo` and `serve`
// (SQLite keeps a key file beside the database).
if (process.env.SKYWAY_TEST_BACKEND === 'postgres' && !process.env.SKYWAY_DATA_KEY && !process.env.SKYWAY_DATA_KEY_FILE) {
  process.env.SKYWAY_DATA_KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f000112233445566778899aabbccddeeff'
}

function run(cmd, args, opts) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts })
    let out = ''
    child.stdout.on('data', (d) => { out += d })
    child.stderr.on('data', (d) => { out += d })
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (code === 0) resolveRun(out)
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}:\n${out.slice(-4000)}`))
    })
  })
}

const PG_BASE = process.env.SKYWAY_TEST_PG || ''
const psql = (sql) => psqlOn(pgUrl('postgres'), sql)
/** The URL of database DB on the server SKYWAY_TEST_PG points at (its path replaced). */
const pgUrl = (db) => pgUrlOn(PG_BASE, db)
const DEMO_SCALE = process.env.SKYWAY_DEMO_SCALE || '0.02'

function backend() {
  const b = process.env.SKYWAY_TEST_BACKEND || 'sqlite'
  if (b !== 'sqlite' && b !== 'postgres') throw new Error(`SKYWAY_TEST_BACKEND must be sqlite or postgres, not ${b}`)
  if (b === 'postgres' && !PG_BASE) throw new Error('SKYWAY_TEST_BACKEND=postgres needs SKYWAY_TEST_PG (see tests/lib/pg.sh)')
  return b
}

let dbCounter = 0
function newDatabaseName() {
  dbCounter += 1
  return `skyway_b_${process.pid}_${dbCounter}_${Math.random().toString(16).slice(2, 8)}`
}

const pgDatabase = (name) => ({ url: pgUrl(name), drop() { psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) } })

/**
 * The demo database for one server: SKYWAY_TEST_DB as is (filled by `skyway demo`); else
 * a copy of the suite's demo template when tests/lib/run.mjs shares one (made once per
 * run by `skyway demo`, see tests/lib/template.mjs); else a new SQLite file in TMP, or with
 * SKYWAY_TEST_BACKEND=postgres a new database on SKYWAY_TEST_PG, filled by `skyway demo`.
 * Every test file thus starts from the same demo data, and what one file changes no other
 * sees.  Returns { url, drop }.
 */
async function demoDatabase(tmp) {
  const demo = (url, cwd) => run(BIN, ['demo', '--db', url, '--scale', DEMO_SCALE], { cwd })
  if (process.env.SKYWAY_TEST_DB) {
    await demo(process.env.SKYWAY_TEST_DB, tmp)
    return { url: process.env.SKYWAY_TEST_DB, drop() {} }
  }
  const b = backend()
  const tpl = await sharedTemplate(['demo', BIN, DEMO_SCALE], { backend: b, pgBase: PG_BASE }, (t) => demo(t.url, t.cwd))
  if (tpl) {
    if (b === 'sqlite') return { url: cloneTemplate(tpl, { sqlitePath: join(tmp, 'demo.db'), cwd: tmp }), drop() {} }
    const name = newDatabaseName()
    cloneTemplate(tpl, { name, cwd: tmp })
    return pgDatabase(name)
  }
  let database
  if (b === 'sqlite') database = { url: `sqlite:${join(tmp, 'demo.db')}`, drop() {} }
  else {
    const name = newDatabaseName()
    psql(`CREATE DATABASE ${name}`)
    database = pgDatabase(name)
  }
  try {
    await demo(database.url, tmp)
  } catch (e) {
    database.drop()
    throw e
  }
  return database
}

/**
 * Starts a server on a fresh demo database.  Returns { url, stop, log }: url is
 * "http://127.0.0.1:PORT" (no trailing slash); stop() sends SIGTERM, waits for the
 * process and removes the temporary directory (and the PostgreSQL database);
 * log() returns what it printed.
 */
export async function startServer() {
  if (!existsSync(BIN)) throw new Error(`${BIN} not found: build the server first (make, or cmake --build build)`)
  if (!existsSync(join(WEB, 'index.html'))) throw new Error(`${WEB}/index.html not found: run npm run build:web`)
  const tmp = mkdtempSync(join(tmpdir(), 'skyway-browser-'))
  let database
  try {
    database = await demoDatabase(tmp)
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true })
    throw e
  }
  const db = database.url
  const cleanup = () => {
    rmSync(tmp, { recursive: true, force: true })
    database.drop()
  }
  // The server runs on UTC and the browser in New York (openPage): every time shown must
  // still be China time, whatever either zone is.
  const child = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--web', WEB], {
    cwd: tmp,
    env: { ...process.env, TZ: 'UTC' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const keep = (d) => {
    output += d
    if (output.length > 200_000) output = output.slice(-100_000)
  }
  child.stderr.on('data', keep)
  let exited = null
  const exitPromise = new Promise((r) => child.on('exit', (code, signal) => { exited = code ?? signal; r() }))

  const url = await new Promise((resolveUrl, reject) => {
    let pending = ''
    const timer = setTimeout(() => reject(new Error(`no "listening on" line within ${STARTUP_MS} ms:\n${output.slice(-4000)}`)), STARTUP_MS)
    child.stdout.on('data', (d) => {
      keep(d)
      pending += d
      const m = pending.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/)
      if (m) {
        clearTimeout(timer)
        pending = ''
        resolveUrl(m[1])
      }
    })
    child.on('error', (e) => { clearTimeout(timer); reject(e) })
    exitPromise.then(() => { clearTimeout(timer); reject(new Error(`server exited (${exited}) before listening:\n${output.slice(-4000)}`)) })
  }).catch(async (e) => {
    child.kill('SIGKILL')
    cleanup()
    throw e
  })

  async function stop() {
    if (exited !== null) {
      // It died during the tests: say so, with its last words, to explain the failures.
      process.stderr.write(`skyway serve exited early (${exited}); its last output:\n${output.slice(-6000)}\n`)
    } else {
      child.kill('SIGTERM')
      // Cleared once the server exits: a pending timer would keep the test file's
      // process alive until it fires.
      let timer
      const timeout = new Promise((r) => { timer = setTimeout(r, 10_000, 'timeout') })
      const first = await Promise.race([exitPromise, timeout])
      clearTimeout(timer)
      if (first === 'timeout') {
        child.kill('SIGKILL')
        await exitPromise
      }
    }
    cleanup()
  }
  return { url, stop, log: () => output, db }
}

/**
 * Runs SQL on a server's demo database, for a state the demo does not make and no page can
 * (e.g. a code of an older majors catalogue); sqlite3 or psql.  Returns their output.
 */
export function dbExec(server, sql) {
  if (!server.db.startsWith('sqlite:')) return psqlOn(server.db, sql)
  const r = spawnSync('sqlite3', [server.db.replace(/^sqlite:(\/\/)?/, ''), sql], { encoding: 'utf8', timeout: 60_000 })
  if (r.status !== 0) throw new Error(`sqlite3 ${sql}: ${r.stderr || r.error}`)
  return r.stdout
}

/** Launches Debian's Chromium (headless, no network side-channels). */
export function launchBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install chromium`)
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  })
}

/** The browser's zone in every test: not China's, so a time shown in local time shows. */
export const BROWSER_TZ = 'America/New_York'

/**
 * A browser context (own cookies and localStorage) with one page on the server, as new.
 * `problems` collects console errors, uncaught page errors and CSP violations.
 * A failed API call (4xx) is part of the flows under test, so Chromium's
 * "Failed to load resource" lines for /api/ URLs are not problems; for any other
 * URL (scripts, styles, images) they are.
 *
 * `context.close()` hands the context back for the next openPage with the same server,
 * viewport and locale (release() below): its cookies and the app's storage cleared, the
 * page at about:blank, listeners gone.  Only the HTTP cache stays: a new context cost
 * Chromium 0.9 s of CPU and its first load of the app 1.0 s against 0.3 s warm (measured
 * on make check's machine).  Most files keep a context per role to their end, so this
 * saves less than that suggests (6 % of a sample's CPU).  A context
 * a test changed in a way that cannot be undone (init scripts, routes, emulation, another
 * page) is closed for good instead.  SKYWAY_FRESH_CONTEXTS=1 closes every one;
 * SKYWAY_POOL_STATS=1 prints, when the file ends, how many were made, reused and tainted.
 */
export async function openPage(browser, server, { viewport = DESKTOP, locale = 'zh-CN' } = {}) {
  const key = `${server.url} ${viewport.width}x${viewport.height} ${locale}`
  let pool = pools.get(browser)
  if (!pool) pools.set(browser, (pool = new Map()))
  if (!pool.has(key)) pool.set(key, [])
  const reused = pool.get(key).pop()
  poolStats[reused ? 'reused' : 'created']++
  const entry = reused || (await newContext(browser, server, viewport, locale, pool.get(key)))
  const { page } = entry
  const problems = []
  const on = (event, fn) => {
    page.on(event, fn)
    entry.mine.push([event, fn])
  }
  keepJournal(page, on)
  on('console', (msg) => {
    if (msg.type() !== 'error') return
    const text = msg.text()
    const where = (msg.location() && msg.location().url) || ''
    if (/Failed to load resource/.test(text) && /\/api\/v1\//.test(where)) return
    problems.push(`console: ${text}${where ? ` (${where})` : ''}`)
  })
  on('pageerror', (err) => problems.push(`page error: ${err.message}`))
  // What the app sends the API is what openapi.json documents: every query parameter and
  // JSON body of a request answered 2xx (tests/api/openapi_check.mjs, which the API suites
  // apply to their own requests).  The server refuses a parameter it does not know.
  const doc = await serverDocument(server)
  on('response', (res) => {
    const u = new URL(res.url())
    if (res.status() >= 400 && !u.pathname.startsWith('/api/')) problems.push(`HTTP ${res.status()} for ${u.pathname}`)
    if (!doc || !u.pathname.startsWith('/api/v1/') || u.origin !== server.url) return
    const req = res.request()
    let sent
    try {
      sent = /^application\/json\b/.test(req.headers()['content-type'] || '') ? req.postDataJSON() : undefined
    } catch {
      sent = undefined
    }
    try {
      checkRequest(doc, req.method(), `${u.pathname}${u.search}`, sent ?? undefined, res.status(), `${req.method()} ${u.pathname}${u.search}`)
    } catch (e) {
      problems.push(`off the API document: ${e.message.split('\n')[0]}`)
    }
  })
  return { context: entry.context, page, problems }
}

const pools = new WeakMap() // browser -> Map(key -> [idle contexts])
const poolStats = { created: 0, reused: 0, tainted: 0 }
if (process.env.SKYWAY_POOL_STATS) process.on('exit', () => process.stderr.write(`contexts: ${JSON.stringify(poolStats)}\n`))

/** What can change about a context or its page and not be undone: using it taints them. */
const TAINTING = {
  context: ['addInitScript', 'exposeBinding', 'exposeFunction', 'route', 'routeFromHAR', 'grantPermissions', 'setGeolocation', 'setExtraHTTPHeaders', 'setOffline', 'newPage'],
  page: ['addInitScript', 'exposeBinding', 'exposeFunction', 'route', 'routeFromHAR', 'emulateMedia', 'setViewportSize', 'setExtraHTTPHeaders', 'close'],
}

async function newContext(browser, server, viewport, locale, idle) {
  const context = await browser.newContext({
    baseURL: server.url,
    viewport,
    locale,
    timezoneId: BROWSER_TZ,
    deviceScaleFactor: 1,
    isMobile: viewport.width < 500,
    hasTouch: viewport.width < 500,
    acceptDownloads: true,
    // The app stops its animations for people who ask for less motion (main.css); every
    // frame of one costs Chromium CPU, and make check runs several Chromiums on 2 cores.
    reducedMotion: 'reduce',
  })
  // Generous: make check runs three browser files at once next to API files on 2 cores.
  context.setDefaultTimeout(45_000)
  context.setDefaultNavigationTimeout(45_000)
  const page = await context.newPage()
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`)
    })
  })
  const entry = {
    context, page, origin: server.url, idle, tainted: false, closeForGood: context.close.bind(context),
    mine: [], // [event, listener] openPage added
    base: listenerCounts(page), // Playwright's own listeners on the page
  }
  for (const [target, names] of [[context, TAINTING.context], [page, TAINTING.page]]) {
    for (const name of names) {
      const real = target[name].bind(target)
      target[name] = (...args) => {
        entry.tainted = true
        return real(...args)
      }
    }
  }
  context.close = () => release(entry)
  return entry
}

/** The number of listeners per event on PAGE. */
function listenerCounts(page) {
  return Object.fromEntries(page.eventNames().map((e) => [e, page.listenerCount(e)]))
}

/** context.close() of an openPage context: back to its pool when it can be made as new. */
async function release(entry) {
  const { context, page } = entry
  journals.delete(page)
  for (const [event, fn] of entry.mine.splice(0)) page.off(event, fn)
  // A listener the test added and left (page.on) would hear the next test's page.
  const now = listenerCounts(page)
  const left = Object.keys(now).some((e) => now[e] > (entry.base[e] || 0))
  if (left || entry.tainted || page.isClosed() || context.pages().length !== 1 || process.env.SKYWAY_FRESH_CONTEXTS === '1') {
    if (left || entry.tainted) poolStats.tainted++
    return entry.closeForGood()
  }
  try {
    // Away from the app first (its timers and streams end with it), then its storage.
    await page.goto('about:blank')
    await context.clearCookies()
    entry.cdp ??= await context.newCDPSession(page)
    await entry.cdp.send('Storage.clearDataForOrigin', { origin: entry.origin, storageTypes: 'all' })
  } catch {
    return entry.closeForGood()
  }
  entry.idle.push(entry)
}

// What happened lately on each open page, for the report of a failed test (see the
// afterEach below): navigations, API writes and their answers, answers of 400 and above,
// failed requests, errors.  The last JOURNAL_LINES per page.
const journals = new Map()
const JOURNAL_LINES = 40

function keepJournal(page, on) {
  const lines = []
  const note = (line) => {
    lines.push(`${new Date().toISOString().slice(11, 23)} ${line}`)
    if (lines.length > JOURNAL_LINES) lines.shift()
  }
  journals.set(page, lines)
  on('close', () => journals.delete(page))
  on('framenavigated', (frame) => { if (frame === page.mainFrame()) note(`at ${frame.url()}`) })
  on('requestfailed', (req) => note(`request failed: ${req.method()} ${req.url()}: ${req.failure()?.errorText}`))
  on('pageerror', (err) => note(`page error: ${err.message}`))
  on('console', (msg) => { if (msg.type() === 'error') note(`console: ${msg.text()}`) })
  on('response', async (res) => {
    const req = res.request()
    const u = new URL(res.url())
    if (res.status() < 400 && !(u.pathname.startsWith('/api/') && req.method() !== 'GET')) return
    note(`${req.method()} ${u.pathname}${u.search} -> ${res.status()}`)
    if (u.pathname.startsWith('/api/') && res.status() >= 400) note(`  ${(await res.text().catch(() => '')).slice(0, 200)}`)
  })
}

// When a test fails, every page still open is photographed into test-results/failures/
// and its journal printed: a timeout alone does not say what the page was showing.
afterEach(async (t) => {
  if (t.passed !== false || !journals.size) return
  mkdirSync(FAILURES, { recursive: true })
  const name = t.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60)
  let n = 0
  for (const [page, lines] of journals) {
    n += 1
    const file = join(FAILURES, `${name}-${process.pid}-${n}.png`)
    const shot = await page.screenshot({ path: file, timeout: 10_000 })
      .then(() => file, (e) => `no screenshot: ${e.message.split('\n')[0]}`)
    process.stderr.write(`failed "${t.name}": page ${n} at ${page.url()} (${shot}); lately:\n  ${lines.join('\n  ')}\n`)
  }
})

/** Fails with the list of problems when there is any. */
export function assertNoProblems(problems, what = 'page') {
  assert.deepEqual(problems, [], `${what}: console errors / CSP violations:\n${problems.join('\n')}`)
}

/**
 * Logs in through the login page and waits for the home page; operators and officers
 * go through their second factor on the way (passSecondFactor).
 */
export async function login(page, loginName, password = DEMO_PASSWORD) {
  await page.goto('/login')
  await page.locator('input[data-test=login-input]').fill(loginName)
  await page.locator('input[data-test=password-input]').fill(password)
  await page.locator('[data-test=login-submit]').click()
  await passSecondFactor(page, loginName)
  await page.waitForURL('**/home')
  await page.locator('[data-test=home-hello]').waitFor()
}

// ---------------------------------------------------------------------------------------
// Staff two-factor login (MFA).  Operators and officers must link an authenticator before
// anything else, as the demo's do at their first login.  login() does what a person with
// an authenticator app does: on the enrolment page it reads the key the page shows (for
// manual entry), types the code, keeps the recovery codes; at the second login step it
// types the code of the authenticator it remembers for that login on that server.

const authenticators = new Map() // `${origin} ${login}` -> Authenticator (tests/lib/totp.mjs)
const authKey = (page, loginName) => `${new URL(page.url()).origin} ${loginName.toLowerCase()}`

/** The authenticator login() enrolled for loginName on the page's server, if any. */
export function authenticatorFor(page, loginName) {
  return authenticators.get(authKey(page, loginName))
}

/** After the password: waits for home, the second step or the enrolment page, and passes it. */
export async function passSecondFactor(page, loginName) {
  await page.locator('[data-test=home-hello], [data-test=mfa-step], [data-test=mfa-secret]').first().waitFor()
  if (await page.locator('[data-test=mfa-secret]').isVisible()) {
    await enrolOnPage(page, loginName)
  } else if (await page.locator('[data-test=mfa-step]').isVisible()) {
    const auth = authenticatorFor(page, loginName)
    if (!auth) throw new Error(`${loginName} asks for a second factor this harness never enrolled`)
    for (let attempt = 0; attempt < 2; attempt++) {
      const { code, step } = await auth.next()
      // Several logins within one 30 s step use up its codes: then the authenticator
      // hands a recovery code, which goes in the page's recovery mode (the code box
      // takes 6 digits and would cut it).
      const recovering = (await page.locator('input[data-test=mfa-code-input]').getAttribute('maxlength')) !== '6'
      if ((step === null) !== recovering) await page.locator('[data-test=mfa-use-recovery]').click()
      await page.locator('input[data-test=mfa-code-input]').fill(code)
      await page.locator('[data-test=mfa-submit]').click()
      await page.locator('[data-test=home-hello], [data-test=mfa-error]').first().waitFor()
      if (await page.locator('[data-test=home-hello]').isVisible()) return
    }
  }
}

/** On the enrolment page: links an authenticator from the key shown, saves the codes. */
export async function enrolOnPage(page, loginName) {
  const auth = new Authenticator(await page.locator('[data-test=mfa-secret]').innerText())
  await page.locator('input[data-test=mfa-enrol-code]').fill((await auth.next()).code)
  await page.locator('[data-test=mfa-enrol-confirm]').click()
  await page.locator('[data-test=mfa-recovery-code]').first().waitFor()
  auth.recovery = await page.locator('[data-test=mfa-recovery-code]').allInnerTexts()
  authenticators.set(authKey(page, loginName), auth)
  await page.locator('[data-test=mfa-codes-saved]').click()
  await page.locator('[data-test=mfa-enrol-done]').click()
  return auth
}

/** The names (data-test menu-NAME) of the sidebar entries rendered for this user. */
export async function menuNames(page) {
  const narrow = await page.locator('[data-test=hamburger]').isVisible()
  if (narrow) {
    await page.locator('[data-test=hamburger]').click()
    await page.locator('[data-test=menu-drawer] [data-test=side-menu]').waitFor()
  }
  const names = await page.locator('[data-test=side-menu] [data-test^=menu-]:not([data-test^=menu-group])')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-test').slice('menu-'.length)))
  if (narrow) await page.keyboard.press('Escape')
  return names
}

/** The visible text of the sidebar entries. */
export async function menuTexts(page) {
  return page.locator('[data-test=side-menu] [data-test^=menu-]:not([data-test^=menu-group])').allInnerTexts()
}

/**
 * Saves a screenshot as test-results/screenshots/NAME.png: the full page, or with
 * { fullPage: false } what the viewport shows (dialogs, drawers, fixed bars).
 */
export async function screenshot(page, name, { fullPage = true } = {}) {
  // Fonts loaded and CSS transitions (dialogs, drawers, tabs) ended either way, so a test
  // behaves the same whether it photographs or not.
  await page.evaluate(async () => {
    await document.fonts.ready
    const moving = () => document.getAnimations().some((a) => a.playState === 'running' && a.effect?.getComputedTiming().iterations !== Infinity)
    for (let i = 0; i < 40 && moving(); i++) await new Promise((r) => setTimeout(r, 25))
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
  })
  // make check photographs nothing (SKYWAY_SCREENSHOTS=0): the pictures are for people
  // looking at the pages (run a file by hand), and every capture cost Chromium CPU and
  // the wait for charts below, 0.4 s a picture, in a run whose length is its slots' time.
  if (process.env.SKYWAY_SCREENSHOTS === '0') return
  mkdirSync(SCREENSHOTS, { recursive: true })
  // ECharts animate on a canvas, which getAnimations() does not see.
  await page.waitForTimeout(400)
  // Written whole then renamed: two runs of one file at once (both backends) could leave
  // a mixed one.
  const file = join(SCREENSHOTS, `${name}.png`)
  writeFileSync(`${file}.${process.pid}`, await page.screenshot({ fullPage }))
  renameSync(`${file}.${process.pid}`, file)
}

// ---------------------------------------------------------------------------------------
// Accessibility (issue #15): axe-core from npm, run inside the page.

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']
let axeSource = null
const axeChecked = new Set()

/**
 * Runs axe-core over the page as it is now (WCAG 2.0/2.1 A and AA) and fails listing
 * every critical or serious violation: rule, impact, how many elements and the first
 * few of them.  `what` names the page in the message.  Skipped when SKYWAY_AXE=0 (make
 * check runs it on the SQLite browser suite only: the pages are the same on both);
 * SKYWAY_AXE=report appends them to test-results/axe-report.jsonl instead of failing.
 * With `once` (a page's route, e.g. '/jobs/{id}'), a page another role of the same test
 * file had checked is not checked again: the same view, other rows.
 * Returns the violations found (all impacts), or [] when skipped.
 */
export async function assertAccessible(page, what = page.url(), { once } = {}) {
  if (process.env.SKYWAY_AXE === '0') return []
  if (once !== undefined) {
    if (axeChecked.has(once)) return []
    axeChecked.add(once)
  }
  axeSource ??= readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8')
  // Evaluated through the DevTools protocol, which the app's CSP does not govern: a
  // <script> tag would need bypassCSP, and then the CSP violations every test listens
  // for could no longer happen.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource)
  const violations = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')} ${n.html.slice(0, 90)}${n.any[0]?.message ? ` (${n.any[0].message.slice(0, 120)})` : ''}`),
    }))
  }, AXE_TAGS)
  const serious = violations.filter((v) => v.impact === 'critical' || v.impact === 'serious')
  // SKYWAY_AXE=report: a survey, not a check (counts before and after a fix).
  if (process.env.SKYWAY_AXE === 'report') {
    mkdirSync(join(ROOT, 'test-results'), { recursive: true })
    appendFileSync(join(ROOT, 'test-results', 'axe-report.jsonl'), `${JSON.stringify({ what, violations })}\n`)
    return violations
  }
  assert.ok(!serious.length, `${what}: ${serious.length} serious accessibility violation(s):\n${serious
    .map((v) => `  ${v.id} [${v.impact}] ×${v.count}: ${v.help}\n    ${v.targets.join('\n    ')}`).join('\n')}`)
  return violations
}

/**
 * Whether a page visited by `role` at `viewport` is one assertAccessible checks: each
 * page at the width its people mostly use (a phone for students and mentors, a desktop
 * for staff and HR).  axe takes a second or more per page on make check's loaded
 * machine, and the two widths share their components and colours; the other width is
 * still opened, photographed and checked for sideways scrolling.
 */
export function axeWidth(role, viewport) {
  return (viewport.width < 500) === (role === 'student' || role === 'mentor')
}

/**
 * Whether a sweep over every page of a role visits it at `viewport`: both widths, except
 * on make check's PostgreSQL browser suite (SKYWAY_SWEEP_WIDTHS=main), which visits each
 * page at the role's main width only (axeWidth): the layout at a width does not depend on
 * the backend, the data on the page does, and the SQLite suite covers both widths.
 */
export function sweepsWidth(role, viewport) {
  return process.env.SKYWAY_SWEEP_WIDTHS !== 'main' || axeWidth(role, viewport)
}

/**
 * Goes to PATH inside the app already running on PAGE, as its own links do: the router
 * moves (history.pushState, then the popstate the router listens to) and the app is not
 * loaded again.  The sweeps open a role's pages one after another this way; a page.goto
 * per page started the whole app each time (its code compiled, /me asked again), which
 * was most of their Chromium CPU.  Deep links are loaded whole elsewhere (login, preload,
 * the detail pages' own tests).  The caller waits for the page's content.
 */
export async function visit(page, path, { sameView = false } = {}) {
  // Nothing loaded yet, or the same route with other ids or query parameters (the router
  // keeps the view, and most views read their record and tab once): load the app there.
  // sameView: the views on the way follow their route (the competition's edition and
  // round pages watch their id and ?tab=), so move inside the app there too — a view that
  // did not would keep showing the last record, and the caller's wait would fail.
  const now = page.url()
  const route = (u) => new URL(u, now).pathname.replace(/\/\d+(?=\/|$)/g, '/:id')
  if (!/^https?:/.test(now) || (!sameView && route(now) === route(path))) return page.goto(path)
  await page.evaluate((p) => {
    history.pushState(null, '', p)
    dispatchEvent(new PopStateEvent('popstate', { state: null }))
  }, path)
}

/** Waits until no element-plus loading mask is shown. */
export async function settled(page) {
  await page.waitForLoadState('networkidle')
  await page.locator('.el-loading-mask').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => {})
}

/**
 * Calls the API from inside the page, as the logged-in user (cookie + CSRF token
 * from /me).  Returns { status, body }.  For test set-up only: what a person does
 * goes through the UI.
 */
export async function apiCall(page, method, path, body) {
  return page.evaluate(async ({ method, path, body }) => {
    const headers = { Accept: 'application/json' }
    if (method !== 'GET') {
      const me = await (await fetch('/api/v1/me')).json()
      headers['X-CSRF-Token'] = me.csrf_token
      headers['Content-Type'] = 'application/json'
    }
    const res = await fetch(`/api/v1${path}`, { method, headers, body: method === 'GET' ? undefined : JSON.stringify(body || {}) })
    let data = null
    try { data = await res.json() } catch { data = null }
    return { status: res.status, body: data }
  }, { method, path, body })
}

/**
 * Records ready to be claimed (set-up only), of college_demo's college, each with a
 * fresh activation code college_demo makes through the API.  With `fresh` (rows of
 * { student_no, name, id_number? }) college_demo first imports those records, empty as a
 * roster brings them; otherwise unclaimed demo records are taken (never one handed out before
 * on this server).  Returns [{ college_id, student_no, name, activation_code }].
 */
export async function claimableStudents(browser, server, n = 1, { fresh } = {}) {
  const { context, page } = await openPage(browser, server)
  try {
    await page.goto('/login')
    const status = await page.evaluate(async (password) => (await fetch('/api/v1/auth/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: 'college_demo', password }),
    })).status, DEMO_PASSWORD)
    assert.equal(status, 200, 'college_demo logs in')
    let records
    if (fresh) {
      const csv = `学号,姓名,身份证号\n${fresh.map((r) => `${r.student_no},${r.name},${r.id_number || ''}`).join('\n')}\n`
      const imported = await page.evaluate(async (csv) => {
        const me = await (await fetch('/api/v1/me')).json()
        const res = await fetch('/api/v1/imports/students/commit', {
          method: 'POST', headers: { 'Content-Type': 'text/csv', 'X-CSRF-Token': me.csrf_token }, body: csv,
        })
        return res.status
      }, csv)
      assert.equal(imported, 200, 'college_demo imports the records')
      records = []
      for (const r of fresh) {
        const found = (await apiCall(page, 'GET', `/claims/records?q=${encodeURIComponent(r.student_no)}`)).body.items
        records.push(found.find((x) => x.student_no === r.student_no))
      }
    } else {
      server.handedOut = server.handedOut || new Set()
      records = (await apiCall(page, 'GET', '/claims/records?status=unclaimed&page_size=200')).body.items
        .filter((r) => !server.handedOut.has(r.id)).slice(0, n)
      assert.equal(records.length, n, 'enough unclaimed demo records')
      for (const r of records) server.handedOut.add(r.id)
    }
    const made = await apiCall(page, 'POST', '/claims/codes', { student_ids: records.map((r) => r.id) })
    assert.equal(made.status, 201, `claims/codes: ${JSON.stringify(made.body)}`)
    return records.map((r) => ({
      college_id: r.college_id, student_no: r.student_no, name: r.name,
      activation_code: made.body.items.find((c) => c.student_id === r.id).code,
    }))
  } finally {
    await context.close()
  }
}

/** Fails when the page scrolls sideways (wider than its viewport). */
export async function assertNoSideScroll(page, what = page.url()) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: window.innerWidth }))
  assert.ok(scroll <= width, `${what}: scrollWidth ${scroll} > ${width} (horizontal scroll)`)
}

/** Picks the option whose text contains `text` in the open Element Plus select. */
export async function pickOption(page, text) {
  const item = page.locator('.el-select-dropdown__item:visible', { hasText: text }).first()
  const multiple = await item.evaluate((el) => !!el.closest('.el-select-dropdown.is-multiple'))
  await item.click()
  // Under load a click that lands while a single select's dropdown is still opening can be
  // lost: the item is then still shown and not selected.  Click it again (a picked item is
  // selected, or its dropdown has closed).  Never on a multiple select: a second click
  // would take the pick back.
  for (let i = 0; i < 3 && !multiple; i++) {
    await page.waitForTimeout(150)
    const lost = await item.evaluate((el) => !el.classList.contains('is-selected'), null, { timeout: 300 }).catch(() => false)
    if (!lost || !(await item.isVisible())) return
    await item.click({ timeout: 2000 }).catch(() => {})
  }
}

/**
 * Opens the single select `select` (a locator) and picks the option `text` until the select
 * shows it: under load the dropdown can open late, or the click that opens it be taken by a
 * date picker still closing.  Fails when three tries did not take.
 */
export async function chooseOption(page, select, text) {
  const shown = select.locator('.el-select__selected-item', { hasText: text })
  for (let i = 0; i < 3; i++) {
    await select.click()
    await pickOption(page, text)
    if (await shown.waitFor({ timeout: 2000 }).then(() => true, () => false)) return
    await page.keyboard.press('Escape')
  }
  await shown.waitFor({ timeout: 1000 })
}

/** Clicks the primary button of the open confirmation box (ElMessageBox). */
export async function confirmBox(page) {
  await page.locator('.el-message-box__btns .el-button--primary').click()
}
