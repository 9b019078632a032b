// A small job fair in the browser, from sign-up to the statistics, with a student (a
// 390-px phone) and HR (a desktop at the booth) open at once, each seeing the other's
// queue actions live through Server-Sent Events, never by reloading:
//   HR signs up through the form → the operator approves and allocates (API) → HR's page
//   shows the booth; the student registers and shows the entry pass; the operator moves
//   the fair live and checks the student in by short code (API); the student opens the
//   booth from its printed sign (?booth=N) and takes a ticket → HR's console shows them;
//   HR calls → the student's page says 请前往 N 号展位; HR marks seen and records an
//   intention to hire → the student sees both; HR invites the student to an interview and
//   builds the timetable, the student confirms; the operator's statistics count it all.
// Also: editing the sign-up starts with the positions brought, and the intention and
// interview pickers offer only those; the student's 我的排队 card lists the called ticket
// (请前往 N 号展位) and a history; the entry pass turns 已入场 by itself when the gate checks
// the student in; each page holds exactly one event stream, closed when it is left, and a
// stream that comes back re-reads the page.
// Screenshots of every page at desktop width and at 390 px.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  DEMO, DESKTOP, PHONE, apiCall, assertNoProblems, assertNoSideScroll, launchBrowser, login, openPage,
  screenshot, startServer,
} from './harness.mjs'

const LIVE_MS = 10_000 // a live update must arrive well within this

/** Marks the page so that a later check can tell it was not reloaded. */
const markPage = (page) => page.evaluate(() => { window.__fairLiveMark = 'kept' })
const assertNotReloaded = async (page, what) =>
  assert.equal(await page.evaluate(() => window.__fairLiveMark), 'kept', `${what}: the page was reloaded`)

/** Counts the page's EventSources: made, and open (made and not yet closed). */
const countStreams = (page) => page.addInitScript(() => {
  const Native = window.EventSource
  const count = { made: 0, open: 0 }
  window.__streams = count
  window.EventSource = class extends Native {
    constructor(...args) {
      super(...args)
      count.made += 1
      count.open += 1
      this.__counted = true
    }
    close() {
      if (this.__counted) { this.__counted = false; count.open -= 1 }
      super.close()
    }
  }
})
const streams = (page) => page.evaluate(() => ({ ...window.__streams }))
/** Exactly one stream open once the page has settled (a leak leaves two or more). */
async function assertOneStream(page, what) {
  await page.locator('[data-test=live-dot][data-live="1"]').first().waitFor({ timeout: LIVE_MS }).catch(() => {})
  await page.waitForTimeout(300)
  const n = await streams(page)
  assert.equal(n.open, 1, `${what}: ${n.open} event streams open (${n.made} made)`)
}
/** Opens a page inside the app (the router, as a click on a link would: no reload). */
const go = (page, path) => page.evaluate((to) =>
  document.querySelector('#app').__vue_app__.config.globalProperties.$router.push(to), path)
/** The texts of the options of the select dropdown now open. */
const openOptions = (page) => page.locator('.el-select-dropdown__item:visible').allInnerTexts()

describe('fair live: HR and student at once', () => {
  let server
  let browser
  let op
  let hr
  let student
  let fairId
  let boothNo
  let enterpriseId
  let applied = null
  let brought = [] // the titles of the two positions HR brings
  let openCount = 0 // HR's open positions offered by the sign-up form
  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
    op = await openPage(browser, server, { viewport: DESKTOP })
    await login(op.page, DEMO.operator.login)
    hr = await openPage(browser, server, { viewport: DESKTOP })
    await login(hr.page, DEMO.enterprise.login)
    student = await openPage(browser, server, { viewport: PHONE })
    await login(student.page, DEMO.student.login)
    await countStreams(hr.page)
    await countStreams(student.page)
  })
  after(async () => {
    if (browser) await browser.close()
    if (server) await server.stop()
  })

  it('the operator opens a small fair for sign-up (API set-up)', async () => {
    const colleges = await apiCall(op.page, 'GET', '/organizations?kind=college&page_size=1')
    assert.equal(colleges.status, 200)
    const now = Math.floor(Date.now() / 1000)
    const r = await apiCall(op.page, 'POST', '/fairs', {
      kind: 'fair', name: '浏览器测试双选会', host_college_id: colleges.body.items[0].id,
      venue: '职教城体育馆', starts_at: now - 1800, ends_at: now + 6 * 3600, booths: 6, capacity: 50,
      zones: ['一号馆'], ticket_limit: 2,
    })
    assert.equal(r.status, 201, JSON.stringify(r.body))
    fairId = r.body.fair.id
    const s = await apiCall(op.page, 'POST', `/fairs/${fairId}/status`, { to: 'signup' })
    assert.equal(s.status, 200, JSON.stringify(s.body))
    // The student has applied to one of HR's open positions (for the interview later).
    const open = await apiCall(hr.page, 'GET', '/positions/mine?status=open&page_size=200')
    for (const p of open.body.items.slice(0, 60)) {
      const a = await apiCall(student.page, 'POST', `/positions/${p.id}/apply`)
      if (a.status === 201 || a.status === 409) { applied = p; break }
    }
    assert.ok(applied, 'the student could apply to one of HR\'s open positions')
  })

  it('HR signs up through the form and sees the review and the booth arrive live', async () => {
    const { page } = hr
    await page.goto(`/fairs/${fairId}`)
    const form = page.locator('[data-test=signup-form]')
    await form.waitFor()
    await page.locator('[data-test=signup-positions]').click()
    const options = page.locator('.el-select-dropdown__item:visible')
    await options.first().waitFor()
    openCount = (await openOptions(page)).length
    await options.filter({ hasText: applied.title }).first().click()
    const second = options.filter({ hasNotText: applied.title }).first()
    brought = [applied.title, (await second.innerText()).trim()]
    await second.click()
    await page.keyboard.press('Escape')
    await page.locator('[data-test=signup-tables] input').fill('2')
    await page.locator('input[data-test=signup-contact]').fill('王经理 13800001111')
    await page.locator('[data-test=signup-submit]').click()
    await page.locator('[data-test=signup-status]', { hasText: '待审核' }).waitFor()
    await screenshot(page, 'fair-live-hr-signup-desktop')

    // Editing the sign-up starts with the two positions brought (my_signup.position_ids).
    assert.ok(openCount > 2, `HR has ${openCount} open positions: too few to tell brought from open`)
    await page.locator('[data-test=signup-edit]').click()
    await form.waitFor()
    await page.locator('[data-test=signup-positions] .el-tag').first().waitFor()
    const chosen = await page.locator('[data-test=signup-positions] .el-select__selected-item .el-tag').allInnerTexts()
    assert.deepEqual(chosen.map((x) => x.trim()).sort(), [...brought].sort(), 'the edit form starts with the positions brought')
    assert.equal(await page.locator('[data-test=signup-tables] input').inputValue(), '2')
    await screenshot(page, 'fair-live-hr-signup-edit-desktop')
    await page.locator('[data-test=signup-form] button', { hasText: '取消' }).click()
    await form.waitFor({ state: 'detached' })
    await markPage(page)

    // The operator approves and allocates: HR's page follows without a reload.
    const mine = await apiCall(op.page, 'GET', `/fairs/${fairId}/signups`)
    enterpriseId = mine.body.items[0].enterprise_id
    let r = await apiCall(op.page, 'POST', `/fairs/${fairId}/signups/review`, { enterprise_id: enterpriseId, decision: 'approve' })
    assert.equal(r.status, 200, JSON.stringify(r.body))
    r = await apiCall(op.page, 'POST', `/fairs/${fairId}/booths/allocate`)
    assert.equal(r.status, 200, JSON.stringify(r.body))
    await page.locator('[data-test=signup-status]', { hasText: '已通过' }).waitFor({ timeout: LIVE_MS })
    const booth = page.locator('[data-test=my-booth]')
    await booth.waitFor({ timeout: LIVE_MS })
    boothNo = Number((await booth.innerText()).match(/(\d+)/)[1])
    assert.ok(boothNo >= 1)
    await assertNotReloaded(page, 'HR fair page')
    const shown = await page.locator('[data-test=brought-position]').allInnerTexts()
    assert.deepEqual(shown.map((x) => x.trim()).sort(), [...brought].sort())
    // The interview invitation offers the brought positions only.
    await page.locator('[data-test=invite-position]').click()
    await page.locator('.el-select-dropdown__item:visible').first().waitFor()
    assert.deepEqual((await openOptions(page)).map((x) => x.trim()).sort(), [...brought].sort(),
      'the invitation offers only the positions brought')
    await page.keyboard.press('Escape')
    await screenshot(page, 'fair-live-hr-approved-desktop')
    assertNoProblems(hr.problems, 'HR sign-up')
  })

  it('the student registers on the phone and shows a crisp entry pass', async () => {
    const { page } = student
    await page.goto(`/fairs/${fairId}`)
    await page.locator('[data-test=register]').click()
    await page.locator('[data-test=registered]').waitFor()
    await screenshot(page, 'fair-live-student-registered-phone')
    await page.locator('[data-test=show-pass]').click()
    await page.waitForURL(`**/fairs/${fairId}/pass`)
    await page.locator('[data-test=pass-qr] svg').waitFor()
    const code = (await page.locator('[data-test=pass-code]').getAttribute('aria-label')).trim()
    assert.match(code, /^[0-9A-Z]{8}$/)
    const box = await page.locator('[data-test=pass-qr] svg').boundingBox()
    assert.ok(box.width >= 250, `QR ${box.width}px wide: too small to scan`)
    await assertNoSideScroll(page, 'pass page')
    await screenshot(page, 'fair-live-pass-phone')

    // The operator moves the fair live and checks the student in by the short code.
    await assertOneStream(page, 'pass page')
    await markPage(page)
    for (const to of ['signup_closed', 'live']) {
      const r = await apiCall(op.page, 'POST', `/fairs/${fairId}/status`, { to })
      assert.equal(r.status, 200, JSON.stringify(r.body))
    }
    // The page follows the fair going live; then only a `gate` event can tell it more.
    await page.locator('[data-test=pass-fair-status]', { hasText: '进行中' }).waitFor({ timeout: LIVE_MS })
    await page.waitForTimeout(1000)
    assert.equal(await page.locator('[data-test=pass-entered]').count(), 0)
    const c = await apiCall(op.page, 'POST', `/fairs/${fairId}/checkin`, { code })
    assert.equal(c.status, 200, JSON.stringify(c.body))
    assert.equal(c.body.result, 'entered')
    await page.locator('[data-test=pass-entered]').waitFor({ timeout: LIVE_MS })
    await assertNotReloaded(page, 'pass page')
    await screenshot(page, 'fair-live-pass-entered-phone')
    assertNoProblems(student.problems, 'student pass')
  })

  it('queue: the student takes a ticket, HR calls, marks seen and records an intention — both live', async () => {
    // HR opens the booth console.
    await hr.page.goto(`/fairs/${fairId}`)
    await hr.page.locator('[data-test=open-console]').click()
    await hr.page.waitForURL(`**/fairs/${fairId}/booth`)
    await hr.page.locator('[data-test=live-dot][data-live="1"]').waitFor({ timeout: LIVE_MS })
    // The harness's pages ask for less motion (prefers-reduced-motion, main.css): the live
    // dot stands still; without the request it pulses.
    const pulsing = () => hr.page.evaluate(() => document.getAnimations().some((a) => a.effect?.getComputedTiming().iterations === Infinity))
    assert.equal(await pulsing(), false, 'an endless animation runs although less motion was asked for')
    await hr.page.emulateMedia({ reducedMotion: 'no-preference' })
    assert.equal(await pulsing(), true, 'the live dot does not pulse without the request either')
    await hr.page.emulateMedia({ reducedMotion: 'reduce' })
    await hr.page.locator('[data-test=console-booth]', { hasText: String(boothNo) }).waitFor()
    assert.equal(await hr.page.locator('[data-test=waiting-count]').innerText(), '0')
    await markPage(hr.page)

    // The student scans the booth sign: /fairs/ID?booth=N opens that booth.
    const sp = student.page
    await sp.goto(`/fairs/${fairId}?booth=${boothNo}`)
    const dialog = sp.locator('[data-test=booth-dialog]')
    await dialog.waitFor()
    await screenshot(sp, 'fair-live-booth-dialog-phone', { fullPage: false })
    await sp.locator('[data-test=live-dot][data-live="1"]').waitFor({ timeout: LIVE_MS })
    await sp.locator('[data-test=dialog-take]').click()
    await sp.locator('[data-test=my-ticket]').waitFor()
    assert.match(await sp.locator('[data-test=ticket-place]').innerText(), /第 1 位/)
    await markPage(sp)
    await assertNoSideScroll(sp, 'student fair page')
    await screenshot(sp, 'fair-live-student-ticket-phone')

    // A second ticket at the same booth is refused clearly (409 from the server).
    const again = await apiCall(sp, 'POST', `/fairs/${fairId}/tickets`, { enterprise_id: enterpriseId })
    assert.equal(again.status, 409)

    // HR sees the student in the queue without reloading.
    const waitingRow = hr.page.locator('[data-test=waiting-row]')
    await waitingRow.first().waitFor({ timeout: LIVE_MS })
    assert.equal(await hr.page.locator('[data-test=waiting-count]').innerText(), '1')
    assert.match(await waitingRow.first().innerText(), /\*\*\*\*/, 'the phone is masked')
    await assertNotReloaded(hr.page, 'booth console')
    await screenshot(hr.page, 'fair-live-console-waiting-desktop')

    // HR calls: the student's page says where to go.
    await hr.page.locator('[data-test=call-next]').click()
    await hr.page.locator('[data-test=called-row]').waitFor()
    const banner = sp.locator('[data-test=called-banner]')
    await banner.waitFor({ timeout: LIVE_MS })
    assert.match(await banner.innerText(), new RegExp(`请前往 ${boothNo} 号展位`))
    // 我的排队 lists the called ticket too (the banner may be scrolled away), not "no queues".
    const calledRow = sp.locator('[data-test=my-ticket-called]')
    await calledRow.waitFor()
    assert.match(await calledRow.innerText(), new RegExp(`请前往 ${boothNo} 号展位`))
    assert.equal(await sp.locator('[data-test=no-tickets]').count(), 0, 'a called ticket is not "no queues"')
    await assertNotReloaded(sp, 'student fair page')
    await screenshot(sp, 'fair-live-student-called-phone', { fullPage: false })
    await screenshot(sp, 'fair-live-student-called-card-phone')
    await screenshot(hr.page, 'fair-live-console-called-desktop')

    // HR marks seen: the student's ticket turns to 已面谈.
    await hr.page.locator('[data-test=mark-seen]').click()
    await hr.page.locator('[data-test=done-row]').first().waitFor()
    await sp.locator('[data-test=ticket-history] [data-test=past-status]', { hasText: '已面谈' }).waitFor({ timeout: LIVE_MS })
    await banner.waitFor({ state: 'detached', timeout: LIVE_MS })
    await calledRow.waitFor({ state: 'detached' })
    await sp.locator('[data-test=no-tickets]').waitFor()

    // HR records an intention to hire: the student sees it.
    await hr.page.locator('[data-test=intent-open-done]').first().click()
    const intent = hr.page.locator('[data-test=intent-dialog]')
    await intent.waitFor()
    await hr.page.locator('[data-test=intent-position]').click()
    await hr.page.locator('.el-select-dropdown__item:visible').first().waitFor()
    assert.deepEqual((await openOptions(hr.page)).map((x) => x.trim()).sort(), [...brought].sort(),
      'the intention offers only the positions brought')
    await hr.page.locator('.el-select-dropdown__item:visible', { hasText: applied.title }).first().click()
    await hr.page.locator('textarea[data-test=intent-note]').fill('现场沟通良好，待发正式 offer')
    await screenshot(hr.page, 'fair-live-intent-dialog-desktop', { fullPage: false })
    await hr.page.locator('[data-test=intent-submit]').click()
    await intent.waitFor({ state: 'hidden' })
    await sp.locator('[data-test=my-intents] [data-test=intent-row]').waitFor({ timeout: LIVE_MS })
    await assertNotReloaded(sp, 'student fair page')
    await assertNotReloaded(hr.page, 'booth console')
    await screenshot(sp, 'fair-live-student-intent-phone')
    await assertOneStream(sp, 'student fair page')
    await assertOneStream(hr.page, 'booth console')
    await screenshot(hr.page, 'fair-live-console-done-desktop')
    assertNoProblems(hr.problems, 'booth console')
    assertNoProblems(student.problems, 'student queue')
  })

  it('interviews: HR invites an applicant and builds the timetable; the student confirms', async () => {
    const sp = student.page
    // HR invites through the console's interviews tab.
    const page = hr.page
    await page.locator('.el-tabs__item', { hasText: '面试安排' }).click()
    await page.locator('[data-test=invite-position]').click()
    await page.locator('.el-select-dropdown__item:visible').first().waitFor()
    assert.deepEqual((await openOptions(page)).map((x) => x.trim()).sort(), [...brought].sort(),
      'the console\'s invitation offers only the positions brought')
    await page.locator('.el-select-dropdown__item:visible', { hasText: applied.title }).first().click()
    const me = await apiCall(sp, 'GET', '/students/me')
    await page.locator('[data-test=invite-student]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: me.body.student.name }).first().click()
    await page.locator('[data-test=invite-submit]').click()
    const row = page.locator('[data-test=interview-row]')
    await row.first().waitFor()
    await page.locator('[data-test=run-schedule]').click()
    await page.locator('[data-test=schedule-result]').waitFor()
    await page.locator('[data-test=interview-row]', { hasText: '已排期' }).first().waitFor()
    await screenshot(page, 'fair-live-console-interviews-desktop')

    // The student sees it (live) and confirms.
    await sp.locator('[data-test=confirm-interview]').waitFor({ timeout: LIVE_MS })
    await sp.locator('[data-test=confirm-interview]').click()
    await sp.locator('[data-test=my-interview]', { hasText: '已确认' }).waitFor()
    await page.locator('[data-test=interview-row]', { hasText: '已确认' }).first().waitFor({ timeout: LIVE_MS })
    await page.locator('[data-test=interview-done]').first().click()
    await page.locator('[data-test=interview-row]', { hasText: '已面试' }).first().waitFor()
    await screenshot(sp, 'fair-live-student-interviews-phone')
    assertNoProblems(hr.problems, 'interviews (HR)')
    assertNoProblems(student.problems, 'interviews (student)')
  })

  it('streams: one per page, closed on leaving it; one that comes back re-reads the page', async () => {
    // Navigating between the fair pages (inside the app, no reloads) never leaves a stream open.
    const sp = student.page
    for (const [path, ready, what] of [
      [`/fairs/${fairId}/pass`, '[data-test=pass-qr] svg', 'pass page'],
      [`/fairs/${fairId}`, '[data-test=fair-student-tab]', 'student fair page'],
      ['/fairs', null, 'fair list'],
      [`/fairs/${fairId}`, '[data-test=fair-student-tab]', 'student fair page again'],
    ]) {
      await go(sp, path)
      if (ready) {
        await sp.locator(ready).waitFor()
        await assertOneStream(sp, what)
      } else {
        await sp.waitForTimeout(800)
        assert.equal((await streams(sp)).open, 0, `${what}: no stream after leaving the fair`)
      }
    }
    const hp = hr.page
    for (const [path, ready, what] of [
      [`/fairs/${fairId}`, '[data-test=fair-hr-tab]', 'HR fair page'],
      [`/fairs/${fairId}/booth`, '[data-test=booth-console]', 'booth console'],
      [`/fairs/${fairId}`, '[data-test=fair-hr-tab]', 'HR fair page again'],
    ]) {
      await go(hp, path)
      await hp.locator(ready).waitFor()
      await assertOneStream(hp, what)
    }

    // The student opens more streams elsewhere (a fifth ends the oldest): once this page's
    // stream is ended it comes back by itself and re-reads the tickets it may have missed.
    await sp.locator('[data-test=live-dot][data-live="1"]').waitFor({ timeout: LIVE_MS })
    const made = (await streams(sp)).made
    const other = await student.context.newPage()
    await other.goto('/home')
    let ended = false
    for (let i = 0; i < 12 && !ended; i++) {
      // These do not come back when ended (they would end the page's stream again).
      await other.evaluate((url) => {
        const es = new EventSource(url)
        es.onerror = () => es.close()
        ;(window.__extra = window.__extra || []).push(es)
      }, `/api/v1/fairs/${fairId}/live`)
      ended = await sp.locator('[data-test=live-dot][data-live="0"]').waitFor({ timeout: 1500 }).then(() => true, () => false)
    }
    assert.ok(ended, 'the page\'s stream was ended by newer ones')
    // Ended: the browser comes back after the server's `retry: 3000`, then the page re-reads.
    const reread = sp.waitForRequest((r) => r.url().endsWith(`/fairs/${fairId}/tickets`), { timeout: 20_000 })
    await sp.locator('[data-test=live-dot][data-live="1"]').waitFor({ timeout: 20_000 })
    await reread
    await other.evaluate(() => (window.__extra || []).forEach((es) => es.close()))
    await other.close()
    const after = await streams(sp)
    assert.equal(after.open, 1, 'still one stream after the reconnect')
    assert.ok(after.made - made <= 1, `the reconnect made ${after.made - made} new streams`)
    await sp.locator('[data-test=ticket-history]').waitFor()
    // One ticket per booth: the booth already visited says so instead of offering another.
    await sp.locator('[data-test=booth-card]', { hasText: '已面谈' }).first().waitFor()
    await screenshot(sp, 'fair-live-student-history-phone')
    assertNoProblems(student.problems, 'streams (student)')
    assertNoProblems(hr.problems, 'streams (HR)')
  })

  it('the operator\'s statistics count the day', async () => {
    const r = await apiCall(op.page, 'GET', `/fairs/${fairId}/stats`)
    assert.equal(r.status, 200, JSON.stringify(r.body))
    const f = r.body.figures
    assert.equal(f.enterprises, 1)
    assert.equal(f.registered, 1)
    assert.equal(f.entered, 1)
    assert.equal(f.seen, 1)
    assert.equal(f.intents, 1)
    assert.equal(f.interviews_held, 1)
    await op.page.goto(`/fairs/${fairId}/stats`)
    // The page keeps an event stream open (never network-idle): wait for its figures.
    await op.page.locator('[data-test=stats-figures]').waitFor()
    await screenshot(op.page, 'fair-live-stats-desktop')
    assertNoProblems(op.problems, 'operator')
  })

  it('the pages at the other width: HR on a phone, the student on a desktop', async () => {
    const hrPhone = await openPage(browser, server, { viewport: PHONE })
    await login(hrPhone.page, DEMO.enterprise.login)
    await hrPhone.page.goto(`/fairs/${fairId}/booth`)
    await hrPhone.page.locator('[data-test=booth-console]').waitFor()
    await hrPhone.page.locator('[data-test=done-row]').first().waitFor()
    await assertNoSideScroll(hrPhone.page, 'booth console (phone)')
    await screenshot(hrPhone.page, 'fair-live-console-phone')
    await hrPhone.page.goto(`/fairs/${fairId}`)
    await hrPhone.page.locator('[data-test=intent-row]').first().waitFor()
    await assertNoSideScroll(hrPhone.page, 'HR tab (phone)')
    await screenshot(hrPhone.page, 'fair-live-hr-tab-phone')
    assertNoProblems(hrPhone.problems, 'HR on a phone')
    await hrPhone.context.close()

    const stuDesk = await openPage(browser, server, { viewport: DESKTOP })
    await login(stuDesk.page, DEMO.student.login)
    await stuDesk.page.goto(`/fairs/${fairId}`)
    await stuDesk.page.locator('[data-test=booth-card]').first().waitFor()
    await screenshot(stuDesk.page, 'fair-live-student-tab-desktop')
    await stuDesk.page.goto(`/fairs/${fairId}/pass`)
    await stuDesk.page.locator('[data-test=pass-qr] svg').waitFor()
    await screenshot(stuDesk.page, 'fair-live-pass-desktop')
    // The demo's big live fair: 500+ booths found by search.
    await stuDesk.page.goto('/fairs/1')
    await stuDesk.page.locator('[data-test=booth-card]').first().waitFor()
    await screenshot(stuDesk.page, 'fair-live-demo-fair-student-desktop')
    assertNoProblems(stuDesk.problems, 'student on a desktop')
    await stuDesk.context.close()
  })
})
