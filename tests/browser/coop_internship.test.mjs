// Internships (岗位实习) in the browser, as people do them: the student on a 390-px phone
// writes this week's log from the bottom bar's 我的实习; hr_demo, the mentor named on that
// placement, confirms it and returns an older one with a comment, which the student sees
// and writes again; college staff start a placement missing its tripartite agreement and
// are told which rule refuses it, add the agreement's date in the dialog and start again,
// and that rule is no longer among the refusals.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  DEMO, DESKTOP, PHONE, apiCall, assertNoProblems, assertNoSideScroll, confirmBox, launchBrowser,
  login, openPage, screenshot, settled, startServer,
} from './harness.mjs'

const DONE = '在带教师傅指导下完成两台灌装设备的月度保养，记录点检数据并整理故障台账。'
const LEARNED = '学会了按点检表逐项确认设备状态，理解了预防性维护的意义。'
const RETURN_COMMENT = '请补充本周遇到的具体问题和解决办法'

/** The student's placement as the API answers it (set-up and checks only). */
async function myPlacement(page) {
  const list = (await apiCall(page, 'GET', '/internships?status=active')).body.items
  assert.ok(list.length >= 1, 'student_demo has an active placement in the demo')
  return (await apiCall(page, 'GET', `/internships/${list[0].id}`)).body.internship
}

/** Types a day into the Element Plus date picker of the form item labelled `label` (Enter closes its panel). */
async function fillDate(page, scope, label, day) {
  const input = scope.locator('.el-form-item', { has: page.locator('.el-form-item__label', { hasText: label }) }).locator('input').first()
  await input.click()
  await input.fill(day)
  await input.press('Enter')
}

describe('internships: the weekly log on a phone, the mentor, the rules at the start', () => {
  let server
  let browser
  let student
  let hr
  let college
  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
    student = await openPage(browser, server, { viewport: PHONE })
    await login(student.page, DEMO.student.login)
    hr = await openPage(browser, server, { viewport: DESKTOP })
    await login(hr.page, DEMO.enterprise.login)
    college = await openPage(browser, server, { viewport: DESKTOP })
    await login(college.page, DEMO.college.login)
  })
  after(async () => {
    if (student) assertNoProblems(student.problems, 'student pages')
    if (hr) assertNoProblems(hr.problems, 'HR pages')
    if (college) assertNoProblems(college.problems, 'college pages')
    if (browser) await browser.close()
    if (server) await server.stop()
  })

  let week
  it('a student writes this week’s log on a phone', async () => {
    const { page } = student
    await page.locator('[data-test=tab-myInternship]').click()
    await page.waitForURL('**/my-internship')
    await page.locator('[data-test=my-intern]').waitFor()
    await settled(page)
    const before = await myPlacement(page)
    // The form offers the newest week without a log (or with a returned one) first.
    week = (await page.locator('[data-test=log-week]').innerText()).match(/\d{4}-\d{2}-\d{2}/)[0]
    assert.ok(!before.logs.some((l) => l.week_start === week && l.status !== 'returned'), `${week} has no log yet`)
    await assertNoSideScroll(page, 'my internship')
    await screenshot(page, 'coop-student-log-phone')

    // Sending too little is refused on the field, nothing is written.
    await page.locator('[data-test=log-done]').fill('好')
    await page.locator('[data-test=log-send]').click()
    await page.locator('[data-test=my-log-form] .el-form-item__error').first().waitFor()
    assert.equal((await myPlacement(page)).logs.length, before.logs.length, 'nothing sent')

    await page.locator('[data-test=log-done]').fill(DONE)
    await page.locator('[data-test=log-learned]').fill(LEARNED)
    await page.locator('[data-test=log-days] input').fill('4')
    await page.locator('[data-test=log-send]').click()
    await page.locator('.el-message--success').waitFor()
    const card = page.locator(`[data-test=my-log-${week}]`)
    await card.waitFor()
    assert.match(await card.innerText(), /待确认/)
    const sent = (await myPlacement(page)).logs.find((l) => l.week_start === week)
    assert.equal(sent.status, 'submitted')
    assert.equal(sent.done, DONE)
    assert.equal(sent.days_present, 4)
    await assertNoSideScroll(page, 'my internship after sending')
  })

  it('the mentor confirms the new log and returns another with a comment', async () => {
    const { page } = hr
    const placement = await myPlacement(student.page)
    await page.goto('/internships')
    await settled(page)
    await page.locator('[data-test=intern-q]').fill(placement.student_no)
    await page.locator('[data-test=intern-search]').click()
    await settled(page)
    await page.locator(`[data-test=intern-link-${placement.id}]`).click()
    await page.waitForURL(`**/internships/${placement.id}`)
    await page.locator('[data-test=intern-logs]').waitFor()
    await settled(page)

    const fresh = placement.logs.find((l) => l.week_start === week)
    await page.locator(`[data-test=log-confirm-${fresh.id}]`).click()
    await page.locator(`[data-test=log-status-${fresh.id}]`, { hasText: '已确认' }).waitFor()

    // Another week still waiting (the demo leaves last week's for the mentor).
    const waiting = (await myPlacement(student.page)).logs.find((l) => l.status === 'submitted')
    assert.ok(waiting, 'a log still waits for review')
    await page.locator(`[data-test=log-return-${waiting.id}]`).click()
    const dialog = page.locator('[data-test=log-return-dialog]')
    await dialog.waitFor()
    await dialog.locator('textarea').fill(RETURN_COMMENT)
    await page.locator('[data-test=log-return-submit]').click()
    await page.locator(`[data-test=log-status-${waiting.id}]`, { hasText: '已退回' }).waitFor()
    await screenshot(page, 'coop-mentor-logs-desktop')

    const after = (await myPlacement(student.page)).logs
    assert.equal(after.find((l) => l.id === fresh.id).status, 'confirmed')
    const back = after.find((l) => l.id === waiting.id)
    assert.equal(back.status, 'returned')
    assert.equal(back.comment, RETURN_COMMENT)

    // The student sees the comment and writes that week again.
    const s = student.page
    await s.reload()
    await s.locator(`[data-test=my-log-${back.week_start}]`, { hasText: RETURN_COMMENT }).waitFor()
    await s.locator(`[data-test=my-log-rewrite-${back.week_start}]`).click()
    assert.equal(await s.locator('[data-test=log-done]').inputValue(), back.done, 'the returned text comes back to be changed')
    await s.locator('[data-test=log-done]').fill(`${back.done} 遇到灌装头漏液，按师傅指导更换密封圈后解决。`)
    await s.locator('[data-test=log-send]').click()
    await s.locator(`[data-test=my-log-${back.week_start}]`, { hasText: '待确认' }).waitFor()
    assert.equal((await myPlacement(s)).logs.find((l) => l.week_start === back.week_start).status, 'submitted')
  })

  it('college staff start a placement: the missing agreement is named, then no longer', async () => {
    const { page } = college
    // Set-up: a draft placement of one of the college's students, without the agreement's date.
    const post = (await apiCall(page, 'GET', '/internships/posts')).body.items[0]
    assert.ok(post, 'an open internship post')
    const busy = new Set((await apiCall(page, 'GET', '/internships?status=active&page_size=200')).body.items.map((i) => i.student_id))
    const students = (await apiCall(page, 'GET', '/students?page_size=50')).body.items
    const pick = students.find((s) => !busy.has(s.id))
    const made = await apiCall(page, 'POST', '/internships', {
      student_id: pick.id, post_id: post.id, starts_on: '2027-03-01', ends_on: '2027-06-30', monthly_pay: 5000,
    })
    assert.equal(made.status, 201, JSON.stringify(made.body))
    const id = made.body.internship.id

    await page.goto(`/internships/${id}`)
    await page.locator('[data-test=intern-status]', { hasText: '待启动' }).waitFor()
    await page.locator('[data-test=intern-start]').click()
    await confirmBox(page)
    await page.locator('[data-test=intern-violations]').waitFor()
    await page.locator('[data-test=violation-tripartite_agreement]').waitFor()
    const refused = (await apiCall(page, 'GET', `/internships/${id}`)).body.internship
    assert.equal(refused.status, 'refused')
    const shown = await page.locator('[data-test^=violation-]').evaluateAll((els) => els.map((e) => e.getAttribute('data-test').slice('violation-'.length)))
    assert.deepEqual(shown.sort(), refused.violations.map((v) => v.rule).sort(), 'every rule broken is named, and only those')
    assert.match(await page.locator('[data-test=violation-tripartite_agreement]').innerText(), /协议/)
    await screenshot(page, 'coop-college-refused-desktop')

    // The agreement signed: edit the placement, start again.
    await page.locator('[data-test=intern-edit]').click()
    await fillDate(page, page.locator('.el-dialog:visible'), '三方协议签署日期', '2027-02-20')
    await page.locator('[data-test=placement-save]').click()
    await page.locator('[data-test=intern-status]', { hasText: '待启动' }).waitFor()
    assert.equal((await apiCall(page, 'GET', `/internships/${id}`)).body.internship.agreement_signed_on, '2027-02-20')
    // Wait for the start's own answer: the page may be idle before it is sent.
    const started = page.waitForResponse((r) => r.url().endsWith(`/internships/${id}/start`))
    await page.locator('[data-test=intern-start]').click()
    await confirmBox(page)
    await started
    await settled(page)
    const again = (await apiCall(page, 'GET', `/internships/${id}`)).body.internship
    assert.ok(['refused', 'active'].includes(again.status))
    assert.ok(!(again.violations || []).some((v) => v.rule === 'tripartite_agreement'), 'the agreement rule passes now')
    assert.equal(await page.locator('[data-test=violation-tripartite_agreement]').count(), 0)
  })
})
