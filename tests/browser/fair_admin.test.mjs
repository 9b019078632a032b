// The organiser side of a job fair, in Chromium: the operator creates a fair, steps it
// through its lifecycle, approves an enterprise's sign-up, allocates booths and moves
// one, checks a student in at the gate by short code (入场成功, then 已入场 on a second
// try), is refused an unknown code and a forged pass (red, with the reason), and opens
// the statistics and the big-screen wall view.  Screenshots at desktop and phone width.
//
// el-input puts data-test on its <input> (input[data-test=…]); el-select, el-input-number
// and the other wrappers keep it on their root element.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  startServer, launchBrowser, openPage, login, apiCall, screenshot, assertNoProblems, DESKTOP, PHONE,
} from './harness.mjs'

let server
let browser
before(async () => {
  server = await startServer()
  browser = await launchBrowser()
})
after(async () => {
  if (browser) await browser.close()
  if (server) await server.stop()
})

async function confirmBox(page) {
  await page.locator('.el-message-box__btns .el-button--primary, .el-message-box__btns .el-button--danger').last().click()
}
async function step(page, to) {
  await page.locator(`[data-test=step-${to}]`).click()
  await confirmBox(page)
  await page.locator(`[data-test=fair-status][data-status=${to}]`).first().waitFor()
}

test('operator runs a small fair from creation to the wall view', async () => {
  const { page, problems } = await openPage(browser, server, { viewport: DESKTOP })
  await login(page, 'admin')
  await page.goto('/fairs')
  await page.locator('[data-test^=fair-card-]').first().waitFor()
  await screenshot(page, 'fair-list-desktop')

  // Create (the dialog starts a week ahead, 09:00–17:00).
  await page.locator('[data-test=fair-create]').click()
  const form = page // the dialog is teleported to <body>
  await form.locator('input[data-test=fair-name]').fill('浏览器测试双选会')
  await form.locator('[data-test=fair-host]').click()
  await page.locator('.el-select-dropdown__item:visible').first().click()
  await form.locator('input[data-test=fair-venue]').fill('体育馆')
  await screenshot(page, 'fair-form-desktop', { fullPage: false })
  await form.locator('[data-test=fair-save]').click()
  await page.waitForURL(/\/fairs\/\d+$/)
  const fairId = Number(page.url().match(/\/fairs\/(\d+)$/)[1])
  await page.locator('[data-test=fair-status][data-status=draft]').first().waitFor()
  // The browser is in New York, the server on UTC: the form's 09:00–17:00 is China time,
  // stored so and shown so.
  const made = (await apiCall(page, 'GET', `/fairs/${fairId}`)).body.fair
  const cn = (sec) => new Date((sec + 8 * 3600) * 1000).toISOString().slice(0, 16).replace('T', ' ')
  assert.match(cn(made.starts_at), / 09:00$/, 'starts 09:00 China time')
  assert.match(cn(made.ends_at), / 17:00$/, 'ends 17:00 China time')
  await page.getByText(`${cn(made.starts_at)} – ${cn(made.ends_at)}`).first().waitFor()
  await step(page, 'signup')

  // HR signs up (set-up through the API, in a context of its own).
  const hr = await openPage(browser, server, { viewport: DESKTOP })
  await login(hr.page, 'hr_demo')
  const mine = await apiCall(hr.page, 'GET', '/positions/mine?status=open&page_size=5')
  const posIds = (mine.body.items || []).map((p) => p.id).slice(0, 2)
  const signed = await apiCall(hr.page, 'POST', `/fairs/${fairId}/signup`, { position_ids: posIds, tables: 2 })
  assert.ok([200, 201].includes(signed.status), JSON.stringify(signed.body))

  // Review it.
  await page.reload()
  await page.locator('.el-tabs__item', { hasText: /报名审核/ }).click()
  await page.locator('[data-test=signup-approve]').first().waitFor()
  await screenshot(page, 'fair-signups-desktop')
  const signupsPhone = await openPage(browser, server, { viewport: PHONE })
  await login(signupsPhone.page, 'admin')
  await signupsPhone.page.goto(`/fairs/${fairId}?tab=signups`)
  await signupsPhone.page.locator('[data-test=signup-approve]').first().waitFor()
  // On a phone each sign-up is a card (no table scrolling sideways).
  assert.ok(await signupsPhone.page.locator('[data-test=signup-table] [data-test=row-card]').count() > 0)
  assert.equal(await signupsPhone.page.locator('[data-test=signup-table] .el-table').count(), 0)
  await screenshot(signupsPhone.page, 'fair-signups-phone')
  await signupsPhone.page.close()
  assertNoProblems(signupsPhone.problems, 'sign-ups on a phone')
  await page.locator('[data-test=signup-approve]').first().click()
  await page.locator('.el-message--success').first().waitFor()
  await page.locator('[data-test=signup-filter-approved]').click()
  await page.locator('[data-test=signup-table] .el-table__row').first().waitFor()

  // Close sign-up, allocate booths, go live.
  await page.locator('.el-tabs__item', { hasText: /概况/ }).click()
  await step(page, 'signup_closed')
  await page.locator('.el-tabs__item', { hasText: /展位/ }).click()
  await page.locator('[data-test=booths-allocate]').click()
  await confirmBox(page)
  const holder = page.locator('[data-test=booth-1] .name').filter({ hasNotText: '机动' })
  await holder.waitFor()
  const enterprise = (await holder.innerText()).trim()
  await screenshot(page, 'fair-booths-desktop')

  // Move it to booth 3 (a spare one): booth 1 becomes spare.
  await page.locator('[data-test=booth-1] [data-test=booth-move]').click()
  await page.locator('[data-test=move-target]').click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: /^\s*3 · / }).first().click()
  await page.locator('[data-test=move-confirm]').click()
  await page.locator('.el-message--success', { hasText: '3 号展位' }).first().waitFor()
  await page.locator('[data-test=booth-3] .name', { hasText: enterprise }).waitFor()
  await page.locator('[data-test=booth-1] .name', { hasText: '机动' }).waitFor()

  // Its printable sign.
  await page.goto(`/fairs/${fairId}/booths/3/sign`)
  await page.locator('[data-test=booth-sign-page] .ent', { hasText: enterprise }).waitFor()
  await page.locator('[data-test=sign-qr]').waitFor()
  // Moved onto a spare booth, it is still shown with its industry, not as 机动 (spare).
  assert.notEqual((await page.locator('[data-test=sign-group]').innerText()).trim(), '机动')
  await screenshot(page, 'fair-sign-desktop')
  await page.goto(`/fairs/${fairId}`)
  await page.locator('[data-test=fair-status][data-status=signup_closed]').first().waitFor()
  await page.locator('.el-tabs__item', { hasText: /概况/ }).click()
  await step(page, 'live')
  await page.locator('[data-test=fair-history] .el-timeline-item').nth(3).waitFor()
  await screenshot(page, 'fair-overview-desktop')

  // A student registers and gets a pass with its short code.
  const st = await openPage(browser, server, { viewport: PHONE })
  await login(st.page, 'student_demo')
  const reg = await apiCall(st.page, 'POST', `/fairs/${fairId}/register`)
  assert.equal(reg.status, 201, JSON.stringify(reg.body))
  const pass = await apiCall(st.page, 'GET', `/fairs/${fairId}/pass`)
  const code = pass.body.registration.code
  const token = pass.body.registration.pass
  await st.page.close()

  // Gate on a phone: the code once (entered), twice (already inside).
  const gate = await openPage(browser, server, { viewport: PHONE })
  await login(gate.page, 'admin')
  await gate.page.goto(`/fairs/${fairId}/gate`)
  const codeInput = gate.page.locator('input[data-test=gate-code]')
  await codeInput.fill(code.toLowerCase()) // typed in lower case: still the code
  await gate.page.locator('[data-test=gate-check]').click()
  await gate.page.locator('[data-test=gate-result][data-kind=ok]', { hasText: '入场成功' }).waitFor()
  await screenshot(gate.page, 'fair-gate-phone-entered')
  await codeInput.fill(`${code.slice(0, 4)} ${code.slice(4)}`) // as printed on the pass
  await codeInput.press('Enter') // a handheld scanner ends with Enter
  await gate.page.locator('[data-test=gate-result][data-kind=again]', { hasText: '已入场' }).waitFor()
  await screenshot(gate.page, 'fair-gate-phone-again')
  await codeInput.fill('ZZZZ9999')
  await gate.page.locator('[data-test=gate-check]').click()
  await gate.page.locator('[data-test=gate-result][data-kind=refused]', { hasText: 'ZZZZ9999' }).waitFor()
  await screenshot(gate.page, 'fair-gate-phone-unknown')
  // A forged pass (the signature changed), as a scanner types it: refused, with the reason.
  const last = token.slice(-1)
  const forged = token.slice(0, -1) + (last === 'A' ? 'B' : 'A')
  await codeInput.fill(forged)
  await gate.page.locator('[data-test=gate-check]').click()
  const refused = gate.page.locator('[data-test=gate-result][data-kind=refused]', { hasText: '拒绝入场' })
  await refused.filter({ hasText: '伪造' }).waitFor()
  assert.equal(await refused.evaluate((el) => getComputedStyle(el).backgroundColor), 'rgb(217, 48, 37)')
  await screenshot(gate.page, 'fair-gate-phone-refused')
  const counted = await apiCall(gate.page, 'GET', `/fairs/${fairId}/gate`)
  assert.equal(counted.body.entered, 1, 'entered once')
  // 离场: the same code scanned out; 在场 goes to 0, 入场 stays 1.
  await gate.page.locator('[data-test=gate-out]').click()
  await codeInput.fill(code)
  await codeInput.press('Enter')
  await gate.page.locator('[data-test=gate-result][data-kind=out]', { hasText: '离场登记成功' }).waitFor()
  await gate.page.locator('[data-test=gate-inside] b', { hasText: /^0$/ }).waitFor()
  await gate.page.locator('[data-test=gate-entered] b', { hasText: /^1$/ }).waitFor()
  await screenshot(gate.page, 'fair-gate-phone-out')
  // Back in through the 入场 side: inside again.
  await gate.page.locator('[data-test=gate-in]').click()
  await codeInput.fill(code)
  await codeInput.press('Enter')
  await gate.page.locator('[data-test=gate-result][data-kind=again]').waitFor()
  await gate.page.locator('[data-test=gate-inside] b', { hasText: /^1$/ }).waitFor()
  // The answer is announced (role=status) and put away from the keyboard too.
  const answer = gate.page.locator('[data-test=gate-result]')
  assert.equal(await answer.getAttribute('role'), 'status')
  await gate.page.locator('[data-test=gate-result-dismiss]').focus()
  await gate.page.keyboard.press('Enter')
  await answer.waitFor({ state: 'detached' })
  await gate.page.setViewportSize(DESKTOP)
  await screenshot(gate.page, 'fair-gate-desktop')

  // Statistics and the wall view.
  await page.goto(`/fairs/${fairId}/stats`)
  await page.locator('[data-test=stats-figures]').waitFor()
  await page.locator('[data-test=stats-figures] .fig', { hasText: '入场学生' }).locator('b', { hasText: /^1$/ }).waitFor()
  await page.waitForTimeout(800) // charts drawn
  await screenshot(page, 'fair-stats-desktop')
  await page.goto(`/fairs/${fairId}/wall`)
  await page.locator('[data-test=wall-entered] b', { hasText: '1' }).waitFor()
  await page.locator('[data-test=wall-inside] b', { hasText: '1' }).waitFor()
  await screenshot(page, 'fair-wall-desktop', { fullPage: false })
  // The venue's screen: one screen, no scrolling, every chart given room.
  for (const size of [{ width: 1920, height: 1080 }, { width: 1440, height: 900 }]) {
    await page.setViewportSize(size)
    await page.waitForTimeout(300) // charts resized
    const fit = await page.locator('[data-test=wall]').evaluate((el) => ({
      over: Math.max(el.scrollHeight - el.clientHeight, el.scrollWidth - el.clientWidth),
      charts: [...el.querySelectorAll('.panel')].map((p) => Math.round(p.getBoundingClientRect().height)),
      outside: [...el.querySelectorAll('.panel')].filter((p) => p.getBoundingClientRect().right > innerWidth + 1).length,
    }))
    assert.equal(fit.outside, 0, `a chart panel runs off the screen at ${size.width}×${size.height}`)
    assert.ok(fit.over <= 0, `the wall scrolls by ${fit.over}px at ${size.width}×${size.height}`)
    assert.equal(fit.charts.length, 4)
    for (const h of fit.charts) assert.ok(h >= 150, `a chart panel only ${h}px high at ${size.width}×${size.height}`)
    await screenshot(page, `fair-wall-${size.width}`, { fullPage: false })
  }
  await page.setViewportSize(DESKTOP)

  for (const p of [page, gate.page, hr.page]) await p.close()
  assertNoProblems(problems, 'operator pages')
  assertNoProblems(gate.problems, 'gate')
})

test('demo fair pages at phone width', async () => {
  const { page, problems } = await openPage(browser, server, { viewport: PHONE })
  await login(page, 'admin')
  // The stats and wall pages hold an event stream open: wait for content, not network idle.
  for (const [path, name, sel] of [['/fairs', 'fair-list-phone', '[data-test^=fair-card-]'], ['/fairs/1', 'fair-overview-phone', '[data-test=fair-history]'],
    ['/fairs/1/stats', 'fair-stats-phone', '[data-test=stats-figures]'], ['/fairs/1/wall', 'fair-wall-phone', '[data-test=wall-entered]']]) {
    await page.goto(path)
    await page.locator(sel).first().waitFor()
    await page.waitForTimeout(600)
    await screenshot(page, name)
  }
  await page.goto('/fairs/1?tab=booths')
  await page.locator('[data-test=booth-1]').waitFor()
  await screenshot(page, 'fair-booths-phone')
  await page.goto('/fairs/1/booths/1/sign')
  await page.locator('[data-test=sign-qr]').waitFor()
  await screenshot(page, 'fair-sign-phone')
  await page.goto('/fairs/1/gate')
  await page.locator('[data-test=gate-counters]').waitFor()
  await screenshot(page, 'fair-gate-phone')
  assertNoProblems(problems, 'phone pages')
})
