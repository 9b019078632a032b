// Activities (创新创业活动) and the operator's dashboard in the browser: the operator
// opens a talk starting in half an hour with one place (API set-up); a student on a
// 390-px phone registers through 双创活动 and shows the entry pass (QR); a resident who
// registers next is put on the waiting list; at the check-in desk the operator (desktop)
// sees both in order and checks the student in.  The dashboard shows the residents per
// base (7, 8 and 5 projects on the demo's campus bases) and the national indicators
// with their targets.  Screenshots at desktop width and at 390 px.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  DEMO, DESKTOP, PHONE, apiCall, assertNoProblems, assertNoSideScroll, launchBrowser, login, openPage,
  screenshot, settled, startServer,
} from './harness.mjs'

const iso = (sec) => new Date(sec * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')

describe('incubator: activities and the dashboard', () => {
  let server
  let browser
  let student
  let op
  let activity
  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
    op = await openPage(browser, server, { viewport: DESKTOP })
    await login(op.page, DEMO.operator.login)
    student = await openPage(browser, server, { viewport: PHONE })
    await login(student.page, DEMO.student.login)
    const now = Math.floor(Date.now() / 1000)
    const r = await apiCall(op.page, 'POST', '/incubator/activities', {
      kind: 'talk', title: '浏览器测试：创业政策讲座', organiser: '高新区创新创业服务中心', venue: '凤翔谷一楼大厅',
      start: iso(now + 1800), end: iso(now + 1800 + 5400), capacity: 1,
    })
    assert.equal(r.status, 201, JSON.stringify(r.body))
    activity = r.body.activity
  })
  after(async () => {
    if (browser) await browser.close()
    if (server) await server.stop()
  })

  it('a student registers on a phone and shows the entry pass; the next one waits', async () => {
    const { page, problems } = student
    await page.goto('/incubator/activities')
    const card = page.locator(`[data-test=activity-${activity.id}]`)
    await card.waitFor()
    assert.match(await card.innerText(), /剩余 1 个名额/)
    await card.locator('[data-test=activity-register]').click()
    await page.locator('.el-message--success', { hasText: '报名成功' }).waitFor()
    await card.locator('[data-test=activity-mine]', { hasText: '已报名' }).waitFor()
    assert.match(await card.innerText(), /名额已满/)
    await screenshot(page, 'incubator-activities-phone')
    await assertNoSideScroll(page)
    await card.locator('[data-test=activity-pass]').click()
    await page.locator('[data-test=pass-dialog] .qr svg').waitFor()
    await screenshot(page, 'incubator-activity-pass-phone', { fullPage: false })
    await page.locator('[data-test=pass-dialog] .el-dialog__headerbtn').click()
    assertNoProblems(problems)

    const resident = await openPage(browser, server, { viewport: PHONE })
    await login(resident.page, 'resident_demo')
    await resident.page.goto('/incubator/activities')
    const full = resident.page.locator(`[data-test=activity-${activity.id}]`)
    await full.locator('[data-test=activity-register]', { hasText: '报名候补' }).click()
    await resident.page.locator('.el-message--success', { hasText: '已加入候补（第 1 位）' }).waitFor()
    await full.locator('[data-test=activity-mine]', { hasText: '候补中' }).waitFor()
    assertNoProblems(resident.problems)
    await resident.context.close()
  })

  it('the operator checks the student in at the desk', async () => {
    const { page, problems } = op
    await page.goto('/incubator/activities')
    const card = page.locator(`[data-test=activity-${activity.id}]`)
    await card.locator('[data-test=activity-desk]').click()
    const desk = page.locator('[data-test=desk-drawer]')
    const rows = desk.locator('[data-test=desk-table] tbody tr')
    await rows.nth(1).waitFor()
    assert.match(await rows.nth(1).innerText(), /候补第 1 位/)
    const first = await rows.nth(0).innerText()
    assert.match(first, /已报名/)
    await rows.nth(0).locator('[data-test^=desk-checkin-]').click()
    await page.locator('.el-message--success', { hasText: '签到成功' }).waitFor()
    await rows.nth(0).locator('text=已签到').waitFor()
    assert.equal(await rows.nth(1).locator('[data-test^=desk-checkin-]').count(), 0, 'no check-in for the waiting list')
    await screenshot(page, 'incubator-activity-desk-desktop', { fullPage: false })
    assertNoProblems(problems)
  })

  it('the dashboard shows residents per base and the national indicators', async () => {
    const { page, problems } = op
    await page.goto('/incubator/dashboard')
    const sites = page.locator('[data-test=dash-sites] tbody tr')
    await sites.first().waitFor()
    const perSite = (await sites.allInnerTexts()).map((r) => r.split('\t').map((c) => c.trim()))
    const campus = perSite.filter((r) => /校内基地/.test(r[0])).map((r) => Number(r[2]))
    assert.deepEqual(campus, [7, 8, 5], JSON.stringify(perSite))
    for (const set of ['incubator', 'makerspace']) {
      const rows = page.locator(`[data-test=dash-indicators-${set}] tbody tr`)
      assert.ok(await rows.count() >= 4, `${set}: indicators listed`)
      for (const text of await rows.allInnerTexts()) assert.match(text, /≥[\s\S]*(达标|未达标)/)
    }
    await screenshot(page, 'incubator-dashboard-desktop')
    assertNoProblems(problems)

    const phone = await openPage(browser, server, { viewport: PHONE })
    await login(phone.page, DEMO.officer.login)
    await phone.page.goto('/incubator/dashboard')
    await phone.page.locator('[data-test=dash-sites] tbody tr').first().waitFor()
    await settled(phone.page)
    await screenshot(phone.page, 'incubator-dashboard-phone')
    await assertNoSideScroll(phone.page)
    assertNoProblems(phone.problems)
    await phone.context.close()
  })
})
