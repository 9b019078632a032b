// The organiser side of a job fair, in Chromium: the operator creates a fair, steps it
// through its lifecycle, approves an enterprise's sign-up, allocates booths, checks a
// student in at the gate by short code (入场成功, then 已入场 on a second try), and opens
// the statistics and the big-screen wall view.  Screenshots at desktop and phone width.
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
  await form.locator('[data-test=fair-name] input').fill('浏览器测试双选会')
  await form.locator('[data-test=fair-host]').click()
  await page.locator('.el-select-dropdown__item:visible').first().click()
  await form.locator('[data-test=fair-venue] input').fill('体育馆')
  await screenshot(page, 'fair-form-desktop', { fullPage: false })
  await form.locator('[data-test=fair-save]').click()
  await page.waitForURL(/\/fairs\/\d+$/)
  const fairId = Number(page.url().match(/\/fairs\/(\d+)$/)[1])
  await page.locator('[data-test=fair-status][data-status=draft]').first().waitFor()
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
  await page.locator('[data-test=signup-approve]').first().click()
  await page.locator('.el-message--success').first().waitFor()

  // Close sign-up, allocate booths, go live.
  await page.locator('.el-tabs__item', { hasText: /概况/ }).click()
  await step(page, 'signup_closed')
  await page.locator('.el-tabs__item', { hasText: /展位/ }).click()
  await page.locator('[data-test=booths-allocate]').click()
  await confirmBox(page)
  await page.locator('[data-test=booth-1] .name').filter({ hasNotText: '机动' }).waitFor()
  await screenshot(page, 'fair-booths-desktop')
  await page.locator('.el-tabs__item', { hasText: /概况/ }).click()
  await step(page, 'live')
  await screenshot(page, 'fair-overview-desktop')

  // A student registers and gets a pass with its short code.
  const st = await openPage(browser, server, { viewport: PHONE })
  await login(st.page, 'student_demo')
  const reg = await apiCall(st.page, 'POST', `/fairs/${fairId}/register`)
  assert.equal(reg.status, 201, JSON.stringify(reg.body))
  const pass = await apiCall(st.page, 'GET', `/fairs/${fairId}/pass`)
  const code = pass.body.registration.code

  // Gate on a phone: the code once (entered), twice (already inside).
  const gate = await openPage(browser, server, { viewport: PHONE })
  await login(gate.page, 'admin')
  await gate.page.goto(`/fairs/${fairId}/gate`)
  await gate.page.locator('[data-test=gate-code] input').fill(code)
  await gate.page.locator('[data-test=gate-check]').click()
  await gate.page.locator('[data-test=gate-result][data-kind=ok]', { hasText: '入场成功' }).waitFor()
  await screenshot(gate.page, 'fair-gate-phone-entered')
  await gate.page.locator('[data-test=gate-code] input').fill(code)
  await gate.page.locator('[data-test=gate-check]').click()
  await gate.page.locator('[data-test=gate-result][data-kind=again]', { hasText: '已入场' }).waitFor()
  await gate.page.locator('[data-test=gate-code] input').fill('ZZZZ9999')
  await gate.page.locator('[data-test=gate-check]').click()
  await gate.page.locator('[data-test=gate-result][data-kind=refused]').waitFor()
  await screenshot(gate.page, 'fair-gate-phone-refused')

  // Statistics and the wall view.
  await page.goto(`/fairs/${fairId}/stats`)
  await page.locator('[data-test=stats-figures]').waitFor()
  await page.waitForTimeout(800) // charts drawn
  await screenshot(page, 'fair-stats-desktop')
  await page.goto(`/fairs/${fairId}/wall`)
  await page.locator('[data-test=wall-entered] b', { hasText: '1' }).waitFor()
  await screenshot(page, 'fair-wall-desktop', { fullPage: false })

  for (const p of [page, gate.page]) await p.close()
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
