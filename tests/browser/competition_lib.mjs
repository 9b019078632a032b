// Helpers of the competition's browser tests (competition_*.test.mjs): API sessions of demo
// accounts for set-up (judges scoring what a test does not look at), the demo edition's
// ids, bringing the demo's 复赛 to its end and the 决赛 to judging, and an accessibility
// check of a page (every form control named, text contrast at least 4.5:1, 3:1 for large
// text) — the rule set of axe-core's `label` and `color-contrast`, computed in the page.
import assert from 'node:assert/strict'
import { DEMO_PASSWORD, apiCall, screenshot } from './harness.mjs'

/**
 * An API session of one account without a page (set-up only): a browser context whose
 * request object carries the session cookie, and the CSRF token of the login answer.
 * Returns { get(path), post(path, body), close() }; each resolves to { status, body }.
 */
export async function apiSession(browser, server, login, password = DEMO_PASSWORD) {
  const context = await browser.newContext({ baseURL: server.url })
  const res = await context.request.post('/api/v1/auth/login', { data: { login, password } })
  assert.equal(res.status(), 200, `${login} logs in: ${await res.text()}`)
  const csrf = (await res.json()).csrf_token
  const wrap = async (r) => ({ status: r.status(), body: await r.json().catch(() => null) })
  return {
    get: async (path) => wrap(await context.request.get(`/api/v1${path}`)),
    post: async (path, body) => wrap(await context.request.post(`/api/v1${path}`, { data: body || {}, headers: { 'X-CSRF-Token': csrf } })),
    close: () => context.close(),
  }
}

/** Marks of value v (0–10) for every criterion of a sheet: {criterion_id: v}. */
export const marksFor = (criteria, v) => Object.fromEntries(criteria.map((c) => [String(c.id), v]))

/** The demo edition and its three rounds, read by a logged-in page of any role of the competition. */
export async function demoEdition(page) {
  const list = await apiCall(page, 'GET', '/competition/editions')
  const edition = list.body.items.find((e) => /清远高新杯/.test(e.name))
  assert.ok(edition, 'the demo edition exists')
  const full = (await apiCall(page, 'GET', `/competition/editions/${edition.id}`)).body.edition
  const [r1, r2, r3] = full.rounds
  return { edition: full, r1, r2, r3 }
}

/** The password set-up gives the demo's judges (they have none: nobody logs in as them). */
const JUDGE_PASSWORD = 'Fengxiang-Panel#2026'

/**
 * Login and password of each of the edition's judges by judge id (the operator's view of
 * judges and accounts).  The demo's judges other than judge_demo and mentor_demo have no
 * password: the operator sets one (once per server).
 */
export async function judgeLogins(adminPage, editionId, server) {
  const judges = (await apiCall(adminPage, 'GET', `/competition/editions/${editionId}/judges`)).body.items
  const accounts = new Map()
  for (const role of ['judge', 'mentor']) {
    for (const a of (await apiCall(adminPage, 'GET', `/accounts?role=${role}&page_size=100`)).body.items) accounts.set(a.id, a.login)
  }
  server.passwordsSet = server.passwordsSet || new Set()
  const out = new Map()
  for (const j of judges) {
    const login = accounts.get(j.account_id)
    if (/_demo$/.test(login)) {
      out.set(j.id, { login, password: DEMO_PASSWORD })
      continue
    }
    if (!server.passwordsSet.has(j.account_id)) {
      const r = await apiCall(adminPage, 'POST', `/accounts/${j.account_id}/password`, { password: JUDGE_PASSWORD })
      assert.equal(r.status, 200, `password for ${login}: ${JSON.stringify(r.body)}`)
      server.passwordsSet.add(j.account_id)
    }
    out.set(j.id, { login, password: JUDGE_PASSWORD })
  }
  return out
}

/**
 * Every judge with an unsubmitted assignment in the round submits it (set-up): marks from
 * markOf(team_id, judge_id) (default 8).  Optionally only for some teams.
 */
export async function scoreRound(browser, server, adminPage, editionId, roundId, { markOf = () => 8, teams = null } = {}) {
  const a = (await apiCall(adminPage, 'GET', `/competition/rounds/${roundId}/assignments`)).body
  const todo = new Map() // judge id -> [team ids]
  for (const t of a.teams) {
    if (teams && !teams.includes(t.team_id)) continue
    for (const j of t.judges) {
      if (j.score_status === 'submitted' || j.conflicted) continue
      if (!todo.has(j.judge_id)) todo.set(j.judge_id, [])
      todo.get(j.judge_id).push(t.team_id)
    }
  }
  const criteria = (await apiCall(adminPage, 'GET', `/competition/rounds/${roundId}`)).body.round.criteria
  const logins = todo.size ? await judgeLogins(adminPage, editionId, server) : new Map()
  for (const [judgeId, teamIds] of todo) {
    const { login, password } = logins.get(judgeId)
    const s = await apiSession(browser, server, login, password)
    for (const teamId of teamIds) {
      const r = await s.post(`/competition/rounds/${roundId}/scores`, {
        team_id: teamId, marks: marksFor(criteria, markOf(teamId, judgeId)), comment: '测试评分', submit: true,
      })
      assert.equal(r.status, 200, `judge ${judgeId} scores team ${teamId}: ${JSON.stringify(r.body)}`)
    }
    await s.close()
  }
}

/** 复赛 scored to the end (judge_demo's teams) and promoted; 决赛 assigned (judging). */
export async function toFinal(browser, server, adminPage) {
  const ids = await demoEdition(adminPage)
  await scoreRound(browser, server, adminPage, ids.edition.id, ids.r2.id)
  const p = await apiCall(adminPage, 'POST', `/competition/rounds/${ids.r2.id}/promote`)
  assert.equal(p.status, 200, `promote: ${JSON.stringify(p.body)}`)
  const a = await apiCall(adminPage, 'POST', `/competition/rounds/${ids.r3.id}/assign`)
  assert.equal(a.status, 200, `assign the final: ${JSON.stringify(a.body)}`)
  return ids
}

/**
 * Accessibility problems of the page's visible content under `root`: form controls
 * without an accessible name (label[for], a wrapping label, aria-label, aria-labelledby,
 * title), buttons and links without a name, and text whose contrast with its background
 * is below 4.5:1 (3:1 for text of 24 px, or 18.66 px bold).  Text over a background image
 * or gradient is skipped (its background is not one colour).  `root`: the page's own content
 * (the competition pages' `.comp`; the app frame around it is not this file's to judge).
 * Returns a list of strings.
 */
export function a11yProblems(page, root = '.comp') {
  return page.evaluate(async (rootSel) => {
    // Colours in the middle of a transition (a button just enabled) are not the page's.
    await Promise.all(document.getAnimations().filter((a) => a.effect && a.effect.getTiming().iterations !== Infinity)
      .map((a) => a.finished.catch(() => {})))
    const out = []
    const rootEl = document.querySelector(rootSel) || document.body
    const visible = (el) => {
      const r = el.getBoundingClientRect()
      const s = getComputedStyle(el)
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none' && Number(s.opacity) > 0.05
    }
    const describe = (el) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).slice(0, 2).join('.')}` : ''} "${(el.innerText || el.value || el.placeholder || '').trim().slice(0, 30)}"`
    const named = (el) => {
      if ((el.getAttribute('aria-label') || '').trim() || (el.getAttribute('title') || '').trim()) return true
      const by = el.getAttribute('aria-labelledby')
      if (by && by.split(/\s+/).some((id) => (document.getElementById(id)?.innerText || '').trim())) return true
      if (el.id && [...document.querySelectorAll(`label[for="${CSS.escape(el.id)}"]`)].some((l) => l.innerText.trim())) return true
      if (el.closest('label') && el.closest('label').innerText.trim()) return true
      return false
    }
    for (const el of rootEl.querySelectorAll('input, textarea, select')) {
      if (el.type === 'hidden' || el.disabled || !visible(el)) continue
      if (el.type === 'radio' || el.type === 'checkbox') {
        if (!named(el) && !(el.closest('.el-radio, .el-checkbox, .el-radio-button, .el-switch') || {}).innerText?.trim() &&
            !(el.getAttribute('aria-label'))) out.push(`unlabelled ${describe(el)}`)
        continue
      }
      if (!named(el)) out.push(`unlabelled ${describe(el)}`)
    }
    for (const el of rootEl.querySelectorAll('button, a[href], [role=button]')) {
      if (!visible(el)) continue
      if (!(el.innerText || '').trim() && !named(el) && !el.querySelector('img[alt]:not([alt=""]), svg[aria-label]')) out.push(`unnamed ${describe(el)}`)
    }
    const parse = (c) => {
      const m = c.match(/rgba?\(([^)]+)\)/)
      if (!m) return null
      const [r, g, b, a = 1] = m[1].split(',').map((x) => Number(x.trim()))
      return { r, g, b, a }
    }
    const lum = ({ r, g, b }) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4 }
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b)
    }
    const blend = (fg, bg) => ({ r: fg.r * fg.a + bg.r * (1 - fg.a), g: fg.g * fg.a + bg.g * (1 - fg.a), b: fg.b * fg.a + bg.b * (1 - fg.a), a: 1 })
    /** The background under an element: the first opaque colour up the tree (null: an image). */
    function background(el) {
      const layers = []
      for (let e = el; e; e = e.parentElement) {
        const s = getComputedStyle(e)
        if (s.backgroundImage && s.backgroundImage !== 'none') return null
        const c = parse(s.backgroundColor)
        if (c && c.a > 0) {
          layers.push(c)
          if (c.a >= 1) break
        }
      }
      let bg = { r: 255, g: 255, b: 255, a: 1 }
      for (const c of layers.reverse()) bg = blend(c, bg)
      return bg
    }
    const seen = new Set()
    const walker = document.createTreeWalker(rootEl, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.textContent.trim()) continue
      const el = n.parentElement
      if (!el || seen.has(el)) continue
      seen.add(el)
      if (!visible(el) || el.closest('[disabled], .is-disabled, [aria-hidden=true], svg, canvas, .el-popper, .el-tooltip')) continue
      const s = getComputedStyle(el)
      const fg = parse(s.color)
      const bg = background(el)
      if (!fg || !bg) continue
      const c = blend(fg, bg)
      const [l1, l2] = [lum(c), lum(bg)].sort((a, b) => b - a)
      const ratio = (l1 + 0.05) / (l2 + 0.05)
      const size = parseFloat(s.fontSize)
      const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700)
      if (ratio < (large ? 3 : 4.5) - 0.01) out.push(`contrast ${ratio.toFixed(2)} ${s.color} on rgb(${Math.round(bg.r)},${Math.round(bg.g)},${Math.round(bg.b)}): ${describe(el)}`)
    }
    return out
  }, root)
}

/** Fails with the page's accessibility problems, if any. */
export async function assertAccessible(page, what, root = '.comp') {
  // The pointer left where the last click was would show a hover colour, not the page's.
  await page.mouse.move(0, 0)
  const problems = await a11yProblems(page, root)
  assert.deepEqual(problems, [], `${what}: accessibility problems:\n${problems.join('\n')}`)
}

/**
 * A screenshot (harness.screenshot) taken from the top of the page, so that the app's
 * sticky top bar sits at the top of a full-page picture.
 */
export async function snap(page, name, opts) {
  await page.evaluate(() => window.scrollTo(0, 0))
  await screenshot(page, name, opts)
}
