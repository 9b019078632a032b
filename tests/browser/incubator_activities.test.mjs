// Activities (创新创业活动) and the operator's dashboard in the browser: the operator
// opens a talk starting in half an hour with one place (API set-up); a student on a
// 390-px phone registers through 双创活动 and shows the entry pass (QR); a resident who
// registers next is put on the waiting list; at the check-in desk the operator (desktop)
// sees both in order and checks the student in.  The dashboard shows the residents per
// base (7, 8 and 5 projects on the demo's campus bases) and the national indicators
// with their targets.  The operator's floor plan: a free seat reached with the keyboard is
// assigned to a resident project (occupancy follows), assigning it again is refused with
// the field named, then it is released; a seat is added by its coordinates (outside the
// plan: refused on the field); a room's door sign shows its QR; the plan reads on a phone.
// Places: the operator cancels a seat booked ahead (已排期), creates a zone and a room on
// its plan through their dialogs (a room outside the plan is refused on x).  The operator
// publishes an activity (an end before the start is named on its field) and changes a
// room's booking rules.  Screenshots at desktop width and at 390 px.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  DEMO, DESKTOP, PHONE, apiCall, assertAccessible, assertNoProblems, assertNoSideScroll, confirmBox, launchBrowser, login, openPage,
  pickOption, screenshot, settled, startServer,
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
    await assertAccessible(page, 'student /incubator/activities (phone)')
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
    await card.waitFor()
    // Settled first: a component's style sheet arriving late fades its colours in.
    await settled(page)
    await assertAccessible(page, 'operator /incubator/activities')
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
    await assertAccessible(page, 'operator check-in desk')
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
    await assertAccessible(page, 'operator /incubator/dashboard')
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
  it('the operator assigns a seat on the floor plan by keyboard, is refused a second holder, releases it', async () => {
    const { page, problems } = op
    const project = (await apiCall(page, 'GET', '/incubator/projects?status=resident&page_size=1')).body.items[0]
    await page.goto('/incubator/plans')
    const hqRow = page.locator('[data-test=occ-table] tbody tr').first()
    await hqRow.waitFor()
    const occupied = async () => Number((await hqRow.innerText()).split('\t')[2])
    const before = await occupied()
    const seat = page.locator('[data-test^=plan-seat-][data-state=free]').first()
    const seatTest = await seat.getAttribute('data-test')
    const placed = page.locator(`[data-test=${seatTest}]`)
    // The keyboard way: focus the seat and press Enter (no pointer, nothing dragged).
    await placed.focus()
    await page.keyboard.press('Enter')
    const dialog = page.locator('[data-test=place-dialog]')
    await dialog.locator('[data-test=place-state]', { hasText: '空闲' }).waitFor()
    await dialog.locator('[data-test=assign-project]').click()
    await pickOption(page, project.name)
    await dialog.locator('[data-test=assign-project] .el-select__placeholder:not(.is-transparent)', { hasText: project.name }).waitFor()
    await dialog.locator('[data-test=assign-submit]').click()
    await page.locator('.el-message--success', { hasText: `已分配给 ${project.name}` }).waitFor()
    await page.locator(`[data-test=${seatTest}][data-state=occupied]`).waitFor()
    await page.waitForFunction(([n]) => {
      const row = document.querySelector('[data-test=occ-table] tbody tr')
      return row && Number(row.innerText.split('\t')[2]) === n
    }, [before + 1])
    assert.match(await placed.getAttribute('aria-label'), new RegExp(`已入驻 · ${project.name}`))

    // Assigning the occupied seat again: the server's 409 lands on the project field.
    await placed.click()
    await dialog.locator('[data-test=place-holder]', { hasText: project.name }).waitFor()
    await dialog.locator('[data-test=assign-project]').click()
    await pickOption(page, project.name)
    await dialog.locator('[data-test=assign-project] .el-select__placeholder:not(.is-transparent)', { hasText: project.name }).waitFor()
    await dialog.locator('[data-test=assign-submit]').click()
    const error = dialog.locator('.el-form-item__error')
    await error.waitFor()
    assert.match(await error.innerText(), new RegExp(project.name), 'the refusal names the holder')
    await screenshot(page, 'incubator-plan-desktop', { fullPage: false })
    await assertAccessible(page, 'operator /incubator/plans with a seat dialog')
    await dialog.locator('[data-test=seat-release]').click()
    await confirmBox(page)
    await page.locator('.el-message--success', { hasText: '工位已释放' }).waitFor()
    await page.locator(`[data-test=${seatTest}][data-state=free]`).waitFor()
    assert.equal(await occupied(), before)

    // A new seat placed by its coordinates: outside the 60 m plan it is refused on x.
    await page.locator('[data-test=seat-new]').click()
    await page.locator('input[data-test=seat-new-label]').fill('T-01')
    await page.locator('[data-test=seat-new-x] input').fill('59')
    await page.locator('[data-test=seat-new-submit]').click()
    const xError = page.locator('.el-dialog .el-form-item__error')
    await xError.waitFor()
    await page.locator('[data-test=seat-new-x] input').fill('50')
    await page.locator('[data-test=seat-new-y] input').fill('30')
    await page.locator('[data-test=seat-new-submit]').click()
    await page.locator('.el-message--success', { hasText: '已新增工位 T-01' }).waitFor()
    await page.locator('[data-test^=plan-seat-][data-state=free]', { hasText: 'T-01' }).waitFor()

    // A room's door sign (the QR bookers scan to check in), to print.
    const roomTest = await page.locator('[data-test^=plan-room-]').first().getAttribute('data-test')
    await page.locator(`[data-test=${roomTest}]`).click()
    await dialog.locator('[data-test=room-door]').click()
    await dialog.locator('[data-test=room-door-sign] .qr svg').waitFor()
    // Esc closes the dialog and gives the focus back to the place that opened it.
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    await page.waitForFunction((id) => document.activeElement?.dataset.test === id, roomTest)
    assertNoProblems(problems)

    await page.setViewportSize(PHONE)
    await page.goto('/incubator/plans')
    await page.locator('[data-test=plan-list]').waitFor()
    await settled(page)
    await screenshot(page, 'incubator-plan-phone', { fullPage: false })
    await assertNoSideScroll(page)
    await page.setViewportSize(DESKTOP)
    assertNoProblems(problems)
  })

  it('the operator cancels a seat booked ahead, creates a zone and a room on its plan', async () => {
    const { page, problems } = op
    // A seat assigned from next month on (API set-up) in the zone the page opens on.
    const site = (await apiCall(page, 'GET', '/incubator/sites')).body.items[0]
    const zone = (await apiCall(page, 'GET', `/incubator/zones?site_id=${site.id}`)).body.items.find((z) => z.seats > 0)
    const seat = (await apiCall(page, 'POST', '/incubator/seats', { zone_id: zone.id, kind: 'desk', label: 'Z-01', area_m2: 6, x: zone.plan_w - 3, y: zone.plan_h - 3, w: 2, h: 2 })).body.seat
    const project = (await apiCall(page, 'GET', '/incubator/projects?status=resident&page_size=1')).body.items[0]
    const now = Math.floor(Date.now() / 1000)
    const r = await apiCall(page, 'POST', `/incubator/seats/${seat.id}/assign`, { project_id: project.id, start: iso(now + 30 * 86400), end: iso(now + 60 * 86400) })
    assert.equal(r.status, 201, JSON.stringify(r.body))
    await page.goto('/incubator/plans')
    const dialog = page.locator('[data-test=place-dialog]')
    await page.locator(`[data-test=plan-seat-${seat.id}][data-state=held]`).click()
    await dialog.locator('[data-test=place-next]', { hasText: project.name }).waitFor()
    await dialog.locator('[data-test=seat-cancel-next]').click()
    await confirmBox(page)
    await page.locator('.el-message--success', { hasText: '排期已取消' }).waitFor()
    await page.locator(`[data-test=plan-seat-${seat.id}][data-state=free]`).waitFor()

    await page.locator('[data-test=zone-new]').click()
    await page.locator('input[data-test=zone-name]').fill('浏览器测试区')
    await page.locator('[data-test=zone-area] input').fill('300')
    await page.locator('[data-test=zone-plan-w] input').fill('20')
    await page.locator('[data-test=zone-plan-h] input').fill('15')
    await page.locator('[data-test=zone-submit]').click()
    await page.locator('.el-message--success', { hasText: '区域“浏览器测试区”已保存' }).waitFor()
    await page.locator('[data-test=plan-zone] .el-select__placeholder', { hasText: '浏览器测试区' }).waitFor()
    await page.locator('[data-test=plan]', { hasText: '20 × 15 米' }).waitFor()

    // A room 30 m from the left of a 20-m plan: the server's refusal lands on x.
    await page.locator('[data-test=room-new]').click()
    await page.locator('input[data-test=room-name]').fill('测试路演厅')
    await page.locator('[data-test=room-kind]').click()
    await pickOption(page, '路演厅')
    await page.locator('[data-test=room-equipment]').click()
    await page.keyboard.type('投影仪')
    await page.keyboard.press('Enter')
    await page.locator('[data-test=room-equipment] .el-tag', { hasText: '投影仪' }).waitFor()
    await page.locator('[data-test=room-x] input').fill('30')
    await page.locator('[data-test=room-submit]').click()
    const xItem = page.locator('.el-dialog .el-form-item', { has: page.locator('[data-test=room-x]') })
    await xItem.locator('.el-form-item__error', { hasText: '平面图' }).waitFor()
    await screenshot(page, 'incubator-room-dialog-desktop', { fullPage: false })
    await assertAccessible(page, 'operator room dialog')
    await page.locator('[data-test=room-x] input').fill('2')
    await page.locator('[data-test=room-submit]').click()
    await page.locator('.el-message--success', { hasText: '房间“测试路演厅”已保存' }).waitFor()
    const room = page.locator('[data-test^=plan-room-]', { hasText: '测试路演厅' })
    await room.click()
    await dialog.locator('.el-descriptions', { hasText: '30 m²' }).waitFor()
    assert.match(await dialog.innerText(), /路演[\s\S]*投影仪/)
    await dialog.locator('.el-dialog__headerbtn').click()
    assertNoProblems(problems)

    // The dialog on a phone: full screen, nothing wider than it.
    await page.setViewportSize(PHONE)
    await page.goto('/incubator/plans')
    await page.locator('[data-test=room-new]').click()
    await page.locator('input[data-test=room-name]').waitFor()
    await screenshot(page, 'incubator-room-dialog-phone', { fullPage: false })
    await assertNoSideScroll(page)
    await page.setViewportSize(DESKTOP)
    assertNoProblems(problems)
  })

  it('the operator publishes an activity; an end before the start is named on its field', async () => {
    const { page, problems } = op
    await page.goto('/incubator/activities')
    await page.locator('[data-test=activity-create]').click()
    const dialog = page.locator('[data-test=activity-dialog]')
    await dialog.locator('input[data-test=act-title]').fill('浏览器测试：导师开放日')
    await dialog.locator('input[data-test=act-organiser]').fill('凤翔谷创业导师团')
    await dialog.locator('[data-test=act-end-time]').click()
    await pickOption(page, '10:00')
    await dialog.locator('[data-test=act-submit]').click()
    const error = dialog.locator('.el-form-item__error')
    await error.waitFor()
    assert.match(await error.innerText(), /结束|开始/)
    await assertAccessible(page, 'operator activity dialog')
    await dialog.locator('[data-test=act-end-time]').click()
    await pickOption(page, '16:30')
    // The audience by major: a whole class picked in the cascader.
    await dialog.locator('[data-test=act-majors] .el-cascader').click()
    await dialog.locator('[data-test=act-majors] input.el-cascader__search-input').pressSequentially('自动化类', { delay: 30 })
    await page.locator('.el-cascader__suggestion-item:visible', { hasText: '自动化类' }).first().click()
    await dialog.locator('input[data-test=act-title]').click() // the cascader closes
    await dialog.locator('[data-test=act-submit]').click()
    await page.locator('.el-message--success', { hasText: '活动已发布' }).waitFor()
    const card = page.locator('[data-test=activity-list] > [data-test^=activity-]', { hasText: '浏览器测试：导师开放日' })
    await card.waitFor()
    assert.match(await card.innerText(), /14:00–16:30/)
    const made = (await apiCall(page, 'GET', '/incubator/activities')).body.items.find((a) => a.title === '浏览器测试：导师开放日')
    assert.deepEqual(made && made.audience_majors, ['4603'], 'the audience is the class 自动化类 (4603)')
    assertNoProblems(problems)
  })

  it('the operator changes a room\'s booking rules', async () => {
    const { page, problems } = op
    await page.goto('/incubator/settings')
    const card = page.locator('[data-test^=rules-room-]').first()
    await card.waitFor()
    await card.locator('[data-test^=rules-edit-]').click()
    const dialog = page.locator('[data-test=rules-dialog]')
    await dialog.locator('[data-test=rules-max] input').fill('2')
    await dialog.locator('[data-test=rules-quota] input').fill('6')
    await dialog.locator('[data-test=rules-submit]').click()
    await page.locator('.el-message--success', { hasText: '预约规则已保存' }).waitFor()
    await card.locator('text=单次最长 2 小时').waitFor()
    assert.match(await card.innerText(), /每项目每周 6 小时/)
    const id = Number((await card.getAttribute('data-test')).split('-').pop())
    const room = (await apiCall(page, 'GET', `/incubator/rooms/${id}`)).body.room
    assert.equal(room.max_minutes, 120)
    assert.equal(room.week_quota_minutes, 360)
    await screenshot(page, 'incubator-settings-desktop', { fullPage: false })
    await assertAccessible(page, 'operator /incubator/settings')
    assertNoProblems(problems)
  })
})
