// Resident projects (入驻项目) in the browser: a student on a 390-px phone applies
// (申请入驻), lands on the new project and uploads the business plan (a PDF; a text file
// is refused); the operator (desktop, two-step login) sees the application, rejects it
// with a reason the student then reads; the operator approves another waiting
// application with the agreement's dates; the resident student (resident_demo) files
// last month's report from its reminder and sees it in the table, then asks for a
// service (资本对接) and books a mentoring session on the phone.  The operator manages a
// resident project: a member whose name does not match the login is named on the field,
// a mentor is assigned, the exit needs a reason and frees the project's seats.
// Screenshots at desktop width and at 390 px.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  DEMO, DESKTOP, PHONE, apiCall, assertAccessible, assertNoProblems, assertNoSideScroll, launchBrowser, login, openPage, pickOption,
  screenshot, settled, startServer,
} from './harness.mjs'

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')

describe('incubator: resident projects', () => {
  let server
  let browser
  let student
  let op
  let projectId
  let residentProject // resident_demo's project
  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
    student = await openPage(browser, server, { viewport: PHONE })
    await login(student.page, DEMO.student.login)
    op = await openPage(browser, server, { viewport: DESKTOP })
    await login(op.page, DEMO.operator.login)
  })
  after(async () => {
    if (browser) await browser.close()
    if (server) await server.stop()
  })

  it('a student applies on a phone and uploads the business plan', async () => {
    const { page, problems } = student
    // Not in a resident project: 场地预约 says so and leads to the application.
    await page.goto('/incubator/rooms')
    await page.locator('[data-test=rooms-not-resident]').waitFor()
    await page.locator('[data-test=rooms-not-resident] a').click()
    await page.waitForURL('**/incubator/projects')
    await page.locator('[data-test=project-apply]').click()
    await page.locator('input[data-test=apply-name]').fill('职教城校园跑腿平台')
    await page.locator('input[data-test=apply-industry]').fill('生活服务')
    await page.locator('[data-test=apply-site]').click()
    await pickOption(page, '总部')
    await page.locator('textarea[data-test=apply-summary]').fill('连接职教城学生与周边商户的即时配送小程序')
    await screenshot(page, 'incubator-apply-phone', { fullPage: false })
    await assertAccessible(page, 'student apply dialog (phone)')
    await page.locator('[data-test=apply-submit]').click()
    await page.waitForURL(/\/incubator\/projects\/\d+$/)
    projectId = Number(page.url().match(/(\d+)$/)[1])
    await page.locator('[data-test=project-status]', { hasText: '待审核' }).waitFor()
    await page.locator('[data-test=plan-none]').waitFor()

    // Not a PDF: refused, nothing kept.
    await page.locator('[data-test=plan-file]').setInputFiles({ name: '计划书.txt', mimeType: 'text/plain', buffer: Buffer.from('不是 PDF') })
    await page.locator('.el-message--error').first().waitFor()
    assert.equal(await page.locator('[data-test=plan-none]').count(), 1)
    await page.locator('[data-test=plan-file]').setInputFiles({ name: '商业计划书.pdf', mimeType: 'application/pdf', buffer: PDF })
    await page.locator('.el-message--success', { hasText: '商业计划书已上传' }).waitFor()
    await page.locator('[data-test=project-plan]', { hasText: '商业计划书.pdf' }).waitFor()
    const p = (await apiCall(page, 'GET', `/incubator/projects/${projectId}`)).body.project
    assert.equal(p.has_plan, true)
    assert.equal(p.plan_size, PDF.length)
    await screenshot(page, 'incubator-project-applied-phone')
    await assertNoSideScroll(page)
    // A refused upload answers 4xx: its console line is the API's, not a fault of the page.
    assertNoProblems(problems.filter((x) => !/status of 4\d\d/.test(x)))
  })

  it('the operator rejects it with a reason the student reads', async () => {
    const { page, problems } = op
    await page.goto('/incubator/projects')
    await page.locator('[data-test=project-status]').click()
    await pickOption(page, '待审核')
    await page.locator('.search-form button[type=submit]').click()
    await page.locator(`[data-test=project-${projectId}]`).waitFor()
    await settled(page)
    await assertAccessible(page, 'operator /incubator/projects')
    await page.locator(`[data-test=project-${projectId}]`).click()
    await page.locator('[data-test=plan-download]').waitFor()
    await screenshot(page, 'incubator-project-review-desktop')
    await assertAccessible(page, 'operator project review')
    await page.locator('[data-test=review-reject]').click()
    await page.locator('[data-test=project-reject-submit]').click()
    // The reason is required.
    await page.locator('[data-test=project-reject-dialog] .el-form-item__error').waitFor()
    await page.locator('textarea[data-test=project-reject-reason]').fill('商业模式尚不清晰，请补充盈利测算后再申请')
    await page.locator('[data-test=project-reject-submit]').click()
    await page.locator('[data-test=project-status]', { hasText: '未通过' }).waitFor()
    assertNoProblems(problems)

    await student.page.reload()
    await student.page.locator('[data-test=project-reason]', { hasText: '商业模式尚不清晰' }).waitFor()
    await student.page.locator('[data-test=project-status]', { hasText: '未通过' }).waitFor()
  })

  it('the operator approves a waiting application with the agreement dates', async () => {
    const { page, problems } = op
    const waiting = (await apiCall(page, 'GET', '/incubator/projects?status=applied')).body.items
    assert.ok(waiting.length > 0, 'the demo has applications waiting')
    const w = waiting[0]
    await page.goto(`/incubator/projects/${w.id}`)
    await page.locator('[data-test=review-approve]').click()
    await page.locator('[data-test=approve-dialog]').waitFor()
    await page.waitForFunction(() => !document.querySelector('[class*=-enter-active]')) // the dialog has faded in
    await assertAccessible(page, 'operator approve dialog')
    await page.locator('[data-test=approve-submit]').click()
    await page.locator('[data-test=project-status]', { hasText: '在孵' }).waitFor()
    const p = (await apiCall(page, 'GET', `/incubator/projects/${w.id}`)).body.project
    assert.equal(p.status, 'resident')
    // A year from today (China time), as the dialog proposed.
    assert.ok(Math.abs(p.agreement_end - p.agreement_start - 366 * 86400) <= 86400, `${p.agreement_start}–${p.agreement_end}`)
    assertNoProblems(problems)
  })

  it('a resident files last month\'s report from its reminder', async () => {
    const phone = await openPage(browser, server, { viewport: PHONE })
    const { page, problems } = phone
    await login(page, 'resident_demo')
    const mine = (await apiCall(page, 'GET', '/incubator/projects?status=resident')).body.items[0]
    residentProject = mine
    await page.goto(`/incubator/projects/${mine.id}`)
    const reminder = page.locator('[data-test=report-reminder]', { hasText: '待提交' })
    await reminder.waitFor()
    const month = (await reminder.innerText()).match(/(\d{4})-(\d{2}) 月报/)
    assert.ok(month, 'the reminder names the month')
    await screenshot(page, 'incubator-project-resident-phone')
    await assertAccessible(page, 'resident project (phone)')
    await reminder.locator('button').click()
    await page.locator('[data-test=report-dialog]').waitFor()
    const num = (k) => page.locator(`[data-test=report-${k}] input`)
    await num('revenue').fill('86000')
    await num('staff').fill('6')
    await num('staff_students').fill('3')
    await num('staff_graduates').fill('2')
    await page.locator('input[data-test=report-need_space]').fill('需要一间 10 人会议室')
    await screenshot(page, 'incubator-report-phone', { fullPage: false })
    await assertAccessible(page, 'resident report dialog (phone)')
    await page.locator('[data-test=report-submit]').click()
    await page.locator('.el-message--success', { hasText: '月报已提交' }).waitFor()
    await page.locator('[data-test=report-table] .report-card', { hasText: `${month[1]}-${month[2]}` }).filter({ hasText: '86,000' }).waitFor()
    assert.equal(await page.locator('[data-test=report-reminder]', { hasText: `${month[1]}-${month[2]}` }).count(), 0, 'its reminder is gone')
    await settled(page)
    await assertNoSideScroll(page)

    await page.goto('/incubator/services')
    await page.locator('[data-test=service-new]').click()
    await page.locator('[data-test=service-project] .el-select__placeholder:not(.is-transparent)', { hasText: mine.name }).waitFor()
    await page.locator('input[data-test=service-title]').fill('寻求 200 万元天使轮投资')
    await page.locator('[data-test=service-submit]').click()
    await page.locator('.el-message--success', { hasText: '服务申请已提交' }).waitFor()
    const service = page.locator('[data-test=service-list] > [data-test^=service-]', { hasText: '寻求 200 万元天使轮投资' })
    await service.locator('[data-test=service-status]', { hasText: '待受理' }).waitFor()
    assert.match(await service.innerText(), /资本对接/)
    await screenshot(page, 'incubator-services-phone', { fullPage: false })
    await assertAccessible(page, 'resident /incubator/services (phone)')
    await assertNoSideScroll(page)

    await page.goto('/incubator/mentoring')
    await page.locator('[data-test=session-new]').click()
    const dialog = page.locator('[data-test=session-dialog]')
    await dialog.locator('[data-test=session-mentor] .el-select__placeholder:not(.is-transparent)').waitFor()
    await dialog.locator('input[data-test=session-topic]').fill('天使轮路演材料打磨')
    await dialog.locator('[data-test=session-submit]').click()
    await page.locator('.el-message--success', { hasText: '辅导已预约' }).waitFor()
    await page.locator('[data-test=session-list] > [data-test^=session-]', { hasText: '天使轮路演材料打磨' }).locator('text=待进行').waitFor()
    await screenshot(page, 'incubator-mentoring-phone', { fullPage: false })
    await assertAccessible(page, 'resident /incubator/mentoring (phone)')
    await assertNoSideScroll(page)
    assertNoProblems(problems)
    await phone.context.close()
  })

  it('the operator links the project\'s enterprise; a hiring need of its report becomes a draft position', async () => {
    const { page, problems } = op
    await page.goto(`/incubator/projects/${residentProject.id}`)
    const hire = page.locator('[data-test^=hire-]').first()
    await hire.waitFor()
    await page.locator('[data-test=project-edit]').click()
    await page.locator('[data-test=project-edit-enterprise]').click()
    await page.locator('.el-select-dropdown__item:visible').first().click()
    const enterprise = await page.locator('[data-test=project-edit-enterprise] .el-select__placeholder').innerText()
    await page.locator('[data-test=project-edit-submit]').click()
    await page.locator('.el-message--success', { hasText: '项目资料已保存' }).waitFor()
    await page.locator('[data-test=project-enterprise]', { hasText: enterprise.trim() }).waitFor()
    const need = await hire.getAttribute('data-test')
    await hire.click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.locator('.el-message--success', { hasText: '已生成岗位草稿' }).waitFor()
    const [, reportId, index] = need.split('-').map(Number)
    const report = (await apiCall(page, 'GET', `/incubator/reports/${reportId}`)).body.report
    const made = report.hires.find((h) => h.need_index === index)
    assert.ok(made, 'the need is recorded as hired')
    await page.locator(`[data-test=need-${reportId}-${index}]`, { hasText: `已转岗位 ${made.position_id}` }).waitFor()
    const position = await apiCall(page, 'GET', `/positions/${made.position_id}`)
    assert.equal(position.status, 200, JSON.stringify(position.body))
    assertNoProblems(problems)
  })

  it('the operator manages a resident project: members, a mentor, and its exit frees the seats', async () => {
    const { page, problems } = op
    const residents = (await apiCall(page, 'GET', '/incubator/projects?status=resident&page_size=50')).body.items
    let project = null
    for (const p of residents.reverse()) {
      const full = (await apiCall(page, 'GET', `/incubator/projects/${p.id}`)).body.project
      if (full.seats.length) { project = full; break }
    }
    assert.ok(project, 'a resident project holding a seat')
    await page.goto(`/incubator/projects/${project.id}`)
    const team = page.locator('[data-test=project-team]')
    await team.locator('input[data-test=member-login]').fill('no_such_student')
    await team.locator('input[data-test=member-name]').fill('张三')
    await team.locator('[data-test=member-add-submit]').click()
    const loginError = team.locator('[data-test=member-add] .el-form-item__error')
    await loginError.waitFor()
    assert.ok((await loginError.innerText()).trim().length > 0, 'the login field says why')

    const mentors = await team.locator('[data-test=project-mentor]').count()
    await team.locator('[data-test=mentor-pick]').click()
    await page.locator('.el-select-dropdown__item:visible').first().click()
    await team.locator('[data-test=mentor-assign]').click()
    await page.locator('.el-message--success', { hasText: '已指派导师' }).waitFor()
    await page.waitForFunction(([n]) => document.querySelectorAll('[data-test=project-mentor]').length === n, [mentors + 1])

    await page.locator('[data-test=project-leave]').click()
    const dialog = page.locator('[data-test=leave-dialog]')
    await dialog.locator('[data-test=leave-criteria] li').first().waitFor()
    await page.waitForFunction(() => !document.querySelector('[class*=-enter-active]')) // the dialog has faded in
    await assertAccessible(page, 'operator resident project with the leave dialog')
    await dialog.locator('[data-test=leave-kind] label', { hasText: '退出' }).click()
    await dialog.locator('[data-test=leave-submit]').click()
    const reasonError = dialog.locator('.el-form-item__error')
    await reasonError.waitFor()
    assert.match(await reasonError.innerText(), /原因/)
    await dialog.locator('textarea[data-test=leave-reason]').fill('团队成员毕业后分散各地，项目暂停')
    await dialog.locator('[data-test=leave-submit]').click()
    await page.locator('.el-message--success', { hasText: '项目已退出' }).waitFor()
    await page.locator('[data-test=project-status]', { hasText: '已退出' }).waitFor()
    const after = (await apiCall(page, 'GET', `/incubator/projects/${project.id}`)).body.project
    assert.equal(after.status, 'exited')
    assert.deepEqual(after.seats.filter((s) => s.end_at > Date.now() / 1000 + 60), [], 'its seats are free from now')
    const now = Math.floor(Date.now() / 1000) + 60
    const live = (await apiCall(page, 'GET', `/incubator/bookings?project_id=${project.id}&from=${now}`)).body.items
      .filter((b) => b.start_at > now && ['held', 'confirmed'].includes(b.status))
    assert.deepEqual(live, [], 'its future bookings are cancelled')
    await screenshot(page, 'incubator-project-exit-desktop', { fullPage: false })
    assertNoProblems(problems)
  })
})
