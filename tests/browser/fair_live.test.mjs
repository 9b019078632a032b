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
  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
    op = await openPage(browser, server, { viewport: DESKTOP })
    await login(op.page, DEMO.operator.login)
    hr = await openPage(browser, server, { viewport: DESKTOP })
    await login(hr.page, DEMO.enterprise.login)
    student = await openPage(browser, server, { viewport: PHONE })
    await login(student.page, DEMO.student.login)
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
    await options.filter({ hasText: applied.title }).first().click()
    await options.filter({ hasNotText: applied.title }).first().click()
    await page.keyboard.press('Escape')
    await page.locator('[data-test=signup-tables] input').fill('2')
    await page.locator('input[data-test=signup-contact]').fill('王经理 13800001111')
    await page.locator('[data-test=signup-submit]').click()
    await page.locator('[data-test=signup-status]', { hasText: '待审核' }).waitFor()
    await screenshot(page, 'fair-live-hr-signup-desktop')
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
    for (const to of ['signup_closed', 'live']) {
      const r = await apiCall(op.page, 'POST', `/fairs/${fairId}/status`, { to })
      assert.equal(r.status, 200, JSON.stringify(r.body))
    }
    const c = await apiCall(op.page, 'POST', `/fairs/${fairId}/checkin`, { code })
    assert.equal(c.status, 200, JSON.stringify(c.body))
    assert.equal(c.body.result, 'entered')
    await page.reload()
    await page.locator('[data-test=pass-entered]').waitFor()
    await screenshot(page, 'fair-live-pass-entered-phone')
    assertNoProblems(student.problems, 'student pass')
  })

  it('queue: the student takes a ticket, HR calls, marks seen and records an intention — both live', async () => {
    // HR opens the booth console.
    await hr.page.goto(`/fairs/${fairId}`)
    await hr.page.locator('[data-test=open-console]').click()
    await hr.page.waitForURL(`**/fairs/${fairId}/booth`)
    await hr.page.locator('[data-test=live-dot][data-live="1"]').waitFor({ timeout: LIVE_MS })
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
    await assertNotReloaded(sp, 'student fair page')
    await screenshot(sp, 'fair-live-student-called-phone', { fullPage: false })
    await screenshot(hr.page, 'fair-live-console-called-desktop')

    // HR marks seen: the student's ticket turns to 已面谈.
    await hr.page.locator('[data-test=mark-seen]').click()
    await hr.page.locator('[data-test=done-row]').first().waitFor()
    await sp.locator('[data-test=past-status]', { hasText: '已面谈' }).waitFor({ timeout: LIVE_MS })
    await banner.waitFor({ state: 'detached', timeout: LIVE_MS })

    // HR records an intention to hire: the student sees it.
    await hr.page.locator('[data-test=intent-open-done]').first().click()
    const intent = hr.page.locator('[data-test=intent-dialog]')
    await intent.waitFor()
    await hr.page.locator('[data-test=intent-position]').click()
    await hr.page.locator('.el-select-dropdown__item:visible', { hasText: applied.title }).first().click()
    await hr.page.locator('textarea[data-test=intent-note]').fill('现场沟通良好，待发正式 offer')
    await screenshot(hr.page, 'fair-live-intent-dialog-desktop', { fullPage: false })
    await hr.page.locator('[data-test=intent-submit]').click()
    await intent.waitFor({ state: 'hidden' })
    await sp.locator('[data-test=my-intents] [data-test=intent-row]').waitFor({ timeout: LIVE_MS })
    await assertNotReloaded(sp, 'student fair page')
    await assertNotReloaded(hr.page, 'booth console')
    await screenshot(sp, 'fair-live-student-intent-phone')
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
