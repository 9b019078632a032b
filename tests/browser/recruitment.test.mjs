// Recruitment in the browser, as people do it: HR publishes a position through the
// dialog; a student on a 390-px phone searches 机电, reads it and applies (and is
// told clearly why another position refuses them); HR sees the application, opens
// it and invites to an interview (a form); the student accepts it from the home page's
// reminder, and HR then sees the student's phone.  Bulk changes that
// cannot all apply are refused with the application named.  The student and HR write to each
// other in the application's thread (unread badges on both sides).  hr_pending's position
// waits for the operator's review and opens when approved.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  DEMO, DESKTOP, PHONE, apiCall, assertNoProblems, assertNoSideScroll, confirmBox, launchBrowser,
  login, openPage, pickOption, screenshot, settled, startServer,
} from './harness.mjs'

const TITLE = '机电一体化设备调试技术员（浏览器测试）'
const PENDING_TITLE = '电气自动化运维实习生（待审核测试）'

/** Fills the position dialog; majors / skills are typed and picked like a user does. */
async function fillPositionDialog(page, { title, major, skill, salary = [5000, 7000] }) {
  const dialog = page.locator('[data-test=position-dialog]')
  await dialog.waitFor()
  await dialog.locator('input[data-test=pos-title]').fill(title)
  await dialog.locator('[data-test=pos-headcount] input').fill('3')
  await dialog.locator('[data-test=pos-salary-min] input').fill(String(salary[0]))
  await dialog.locator('[data-test=pos-salary-max] input').fill(String(salary[1]))
  await dialog.locator('input[data-test=pos-address]').fill('清远高新区创兴大道 18 号')
  if (major) {
    // The cascader filters by name at every level: a whole class may be picked.
    await dialog.locator('[data-test=pos-majors] .el-cascader').click()
    await dialog.locator('[data-test=pos-majors] input.el-cascader__search-input').pressSequentially(major.type, { delay: 30 })
    await page.locator('.el-cascader__suggestion-item:visible', { hasText: major.pick }).first().click()
    await page.keyboard.press('Escape')
  }
  if (skill) {
    // Typing matches a skill's name or any of its aliases.
    // The options come from the server as one types; an option clicked while the list
    // re-renders under it is lost, so the pick counts only once its tag shows.
    const tag = dialog.locator('[data-test=pos-required] .el-tag', { hasText: skill.pick })
    for (let attempt = 0; attempt < 3 && !(await tag.count()); attempt++) {
      await dialog.locator('[data-test=pos-required]').click()
      await page.keyboard.type(skill.type, { delay: 30 })
      await pickOption(page, skill.pick)
      await tag.first().waitFor({ timeout: 3000 }).catch(() => {})
      await page.keyboard.press('Escape')
    }
    await tag.first().waitFor()
  }
  const deadline = dialog.locator('[data-test=pos-deadline] input')
  await deadline.fill(`${new Date().getFullYear() + 1}-06-30`)
  await deadline.press('Enter')
  await dialog.locator('[data-test=pos-description]').fill('负责机电设备的安装、调试与日常维护。\n要求：熟悉 PLC 编程，能看懂电气图纸。')
}

describe('recruitment: publish, search, apply, pipeline, review', () => {
  let server
  let browser
  let hr
  let student
  let studentName
  let positionId
  let enterpriseName
  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
    hr = await openPage(browser, server, { viewport: DESKTOP })
    await login(hr.page, DEMO.enterprise.login)
    student = await openPage(browser, server, { viewport: PHONE })
    await login(student.page, DEMO.student.login)
    studentName = (await apiCall(student.page, 'GET', '/students/me')).body.student.name
  })
  after(async () => {
    if (hr) assertNoProblems(hr.problems, 'hr pages')
    if (student) assertNoProblems(student.problems, 'student pages')
    if (browser) await browser.close()
    if (server) await server.stop()
  })

  it('HR creates a position in the dialog and publishes it', async () => {
    const { page } = hr
    await page.locator('[data-test=menu-myPositions]').click()
    await page.waitForURL('**/my-positions')
    await settled(page)
    await page.locator('[data-test=position-create]').click()
    await fillPositionDialog(page, {
      title: TITLE, major: { type: '自动化类', pick: /自动化类$/ }, skill: { type: 'PLC', pick: /^PLC编程$/ },
    })
    await screenshot(page, 'hr-position-dialog-desktop', { fullPage: false })
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/positions') && r.request().method() === 'POST')
    await page.locator('[data-test=pos-submit]').click()
    const answer = await (await created).json()
    positionId = answer.position.id
    enterpriseName = answer.position.enterprise_name
    assert.deepEqual(answer.position.majors.map((m) => m.code), ['4603'])
    assert.deepEqual(answer.position.required_skills.map((k) => k.id), ['plc'])
    assert.ok(answer.position.deadline > Date.now() / 1000, 'deadline in the future, as epoch seconds')
    await page.getByText('岗位已发布').waitFor()
    const row = page.locator('[data-test=mine-table] .el-table__body tr', { hasText: TITLE })
    await row.waitFor()
    assert.match(await row.innerText(), /招聘中/)
    assert.match(await row.innerText(), /5,000–7,000 元\/月/)
  })

  it('a student on a phone searches 机电, opens the position and applies (no sideways scroll)', async () => {
    const { page } = student
    await page.locator('[data-test=tab-jobs]').click()
    await page.waitForURL('**/jobs')
    await settled(page)
    // The student's own major is the default filter, shown as a chip.
    await page.locator('[data-test=chip-major]').waitFor()
    await assertNoSideScroll(page, '/jobs')
    await page.locator('input[data-test=job-q]').fill('机电')
    const searched = page.waitForResponse((r) => r.url().includes('/api/v1/positions?') && r.url().includes('q='))
    await page.locator('[data-test=job-search-submit]').click()
    const url = new URL((await searched).url())
    assert.equal(url.searchParams.get('q'), '机电')
    assert.ok(url.searchParams.get('major'), 'searched within the student\'s major')
    const card = page.locator(`[data-test=position-card-${positionId}]`)
    await card.waitFor()
    assert.match(await card.innerText(), /高新区/)
    assert.match(await card.innerText(), /5,000–7,000 元\/月/)
    await screenshot(page, 'student-job-search-phone')
    await assertNoSideScroll(page, '/jobs with results')

    await card.click()
    await page.waitForURL(`**/jobs/${positionId}`)
    await page.locator('[data-test=job-title]').waitFor()
    assert.equal((await page.locator('[data-test=job-title]').innerText()).trim(), TITLE)
    assert.match(await page.locator('[data-test=job-majors]').innerText(), /自动化类/)
    await assertNoSideScroll(page, '/jobs/:id')
    await page.locator('[data-test=apply]').click()
    const consent = page.locator('[data-test=consent-text]')
    await consent.waitFor()
    assert.match(await consent.innerText(), /简历/)
    assert.ok((await consent.innerText()).includes(enterpriseName), 'the consent names the enterprise')
    await screenshot(page, 'student-apply-consent-phone', { fullPage: false })
    await page.locator('[data-test=consent-apply]').click()
    await page.locator('[data-test=applied-state]').waitFor()
    assert.match(await page.locator('[data-test=applied-state]').innerText(), /投递/)
    await screenshot(page, 'student-job-detail-phone', { fullPage: false })

    // 我的投递 lists it with its status.
    await page.locator('[data-test=tab-myApplications]').click()
    await page.waitForURL('**/my-applications')
    const item = page.locator('a[data-test^=my-app-]', { hasText: TITLE })
    await item.waitFor()
    assert.match(await item.innerText(), /投递/)
    await assertNoSideScroll(page, '/my-applications')
    // The status chips wrap: every one of them in sight, none behind a sideways scroll.
    const chips = await page.locator('[data-test^=app-filter-]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().right))
    assert.ok(chips.length === 8 && chips.every((r) => r <= PHONE.width), `chips end at ${chips}`)
    await screenshot(page, 'student-my-applications-phone')
  })

  it('without the major filter, more positions load through next_cursor', async () => {
    const { page } = student
    await page.goto('/jobs')
    await page.locator('[data-test=chip-major]').waitFor()
    await page.locator('input[data-test=job-q]').fill('')
    const cleared = page.waitForResponse((r) => r.url().includes('/api/v1/positions?') && !r.url().includes('major='))
    await page.locator('[data-test=chip-major] .el-tag__close').click()
    await cleared
    const cards = page.locator('[data-test^=position-card-]')
    await cards.first().waitFor()
    const total = Number((await page.locator('[data-test=job-count]').innerText()).replace(/[^\d]/g, ''))
    const first = await cards.count()
    assert.ok(total > first, `more than one page (${total} > ${first})`)
    const next = page.waitForResponse((r) => r.url().includes('/api/v1/positions?') && r.url().includes('cursor='))
    await page.locator('[data-test=load-more]').scrollIntoViewIfNeeded()
    await next
    await page.waitForFunction((n) => document.querySelectorAll('[data-test^=position-card-]').length > n, first)
    await assertNoSideScroll(page, '/jobs after loading more')
  })

  it('a refused application says why (专业), in words', async () => {
    // A position for nursing students only (set up through the API as HR).
    const made = await apiCall(hr.page, 'POST', '/positions', {
      title: '护理助理（专业限制测试）', kind: '实习', headcount: 1, majors: ['520201'],
    })
    assert.equal(made.status, 201)
    const id = made.body.position.id
    assert.equal((await apiCall(hr.page, 'POST', `/positions/${id}/submit`)).status, 200)
    const { page } = student
    await page.goto(`/jobs/${id}`)
    await page.locator('[data-test=apply]').click()
    await page.locator('[data-test=consent-apply]').click()
    const refused = page.locator('[data-test=apply-refused]')
    await refused.waitFor()
    assert.match(await refused.innerText(), /专业/)
    assert.equal(await page.locator('[data-test=apply-refused] [data-reason]').getAttribute('data-reason'), 'major')
    await assertNoSideScroll(page, 'refusal')
    await screenshot(page, 'student-apply-refused-phone', { fullPage: false })
  })

  it('search (issue 14): sorted by 匹配度 by default, suggestions from one character, the matched words marked, an empty result offers to drop a filter, 不限专业 shown', async () => {
    const open = await apiCall(hr.page, 'POST', '/positions', { title: '仓储物流专员（不限专业测试）', kind: '全职', headcount: 1 })
    assert.equal(open.status, 201)
    const anyId = open.body.position.id
    assert.equal((await apiCall(hr.page, 'POST', `/positions/${anyId}/submit`)).status, 200)
    const { page } = student
    const first = page.waitForResponse((r) => r.url().includes('/api/v1/positions?'))
    await page.goto('/jobs')
    assert.equal(new URL((await first).url()).searchParams.get('sort'), 'match', 'the default list is sorted by match')
    await page.locator('[data-test=sort-match].active').waitFor()
    await page.locator('[data-test^=position-card-] [data-test=match-score]').first().waitFor()
    assert.match(await page.locator('[data-test^=position-card-] [data-test=match-score]').first().innerText(), /匹配度 \d+%/)

    // One character typed: titles, enterprises and skills are offered; a skill picked searches it.
    await page.locator('input[data-test=job-q]').pressSequentially('P', { delay: 30 })
    const skill = page.locator('[data-test=job-suggest] [data-test=suggest-skills]', { hasText: 'PLC编程' })
    await skill.waitFor()
    await screenshot(page, 'student-job-suggest-phone', { fullPage: false })
    const searched = page.waitForResponse((r) => r.url().includes('/api/v1/positions?') && r.url().includes('q='))
    await skill.click()
    assert.equal(new URL((await searched).url()).searchParams.get('q'), 'PLC编程')
    const card = page.locator(`[data-test=position-card-${positionId}]`)
    await card.waitFor()
    assert.match(await card.locator('[data-test=match-why]').innerText(), /技能/)
    assert.deepEqual(await card.locator('[data-test=hit]').allInnerTexts(), ['PLC编程'])

    // A position open to every major says so (and is found within the student's major).
    await page.locator('input[data-test=job-q]').fill('不限专业测试')
    await page.locator('[data-test=job-search-submit]').click()
    const anyCard = page.locator(`[data-test=position-card-${anyId}]`)
    await anyCard.waitFor()
    assert.match(await anyCard.locator('[data-test=any-major]').innerText(), /不限专业/)

    // Nothing within the student's major: the page names the query and offers to drop the major.
    await page.locator('input[data-test=job-q]').fill('专业限制测试')
    await page.locator('[data-test=job-search-submit]').click()
    const relax = page.locator('[data-test=relax-major]')
    await relax.waitFor()
    assert.match(await page.locator('[data-test=job-empty]').innerText(), /“专业限制测试”没有找到岗位/)
    assert.match(await relax.innerText(), /去掉「专业：.+」（1 个岗位）/)
    await screenshot(page, 'student-job-empty-phone', { fullPage: false })
    await relax.click()
    await page.locator('[data-test^=position-card-]', { hasText: '护理助理（专业限制测试）' }).waitFor()
    await assertNoSideScroll(page, '/jobs after dropping the major')
  })

  it('为你推荐 (issue 14): 匹配度 out of 100 with reasons in words; applied positions only with the switch, badged 已投递', async () => {
    const { page } = student
    const loaded = page.waitForResponse((r) => r.url().includes('/api/v1/recommendations'))
    await page.goto('/recommendations')
    const items = (await (await loaded).json()).items
    assert.ok(items.length > 0 && items.every((x) => !x.applied))
    const degree = page.locator('[data-test^=degree-]').first()
    await degree.waitFor()
    assert.match(await degree.innerText(), /匹配度\s*\d+\/100\s*主要因为：/)
    assert.equal(await page.locator('[data-test=recommend-list] .applied').count(), 0)
    const again = page.waitForResponse((r) => r.url().includes('/api/v1/recommendations') && r.url().includes('applied=1'))
    await page.locator('[data-test=recommend-show-applied]').click()
    const shown = (await (await again).json()).items
    const applied = shown.filter((x) => x.applied)
    if (applied.length) {
      await page.locator(`[data-test=recommend-card-${applied[0].position_id}] .applied`).waitFor()
    }
    await page.waitForFunction((n) => document.querySelectorAll('[data-test=recommend-list] .applied').length === n, applied.length)
    await screenshot(page, 'student-recommend-phone', { fullPage: false })
  })

  it('HR sees the application, invites to an interview in the form; the student accepts; HR then sees the phone (issue 14)', async () => {
    const { page } = hr
    await page.locator('[data-test=menu-pipeline]').click()
    await page.waitForURL('**/pipeline')
    await page.locator('[data-test=pipeline-position]').click()
    await pickOption(page, TITLE)
    // The student's row is in the unfiltered list too: wait for the position's own list
    // (its URL, then its counts) before reading them.
    await page.waitForURL(/[?&]position=\d+/)
    const row = page.locator('[data-test=pipeline-table] .el-table__body tr', { hasText: studentName })
    await row.waitFor()
    assert.match(await row.innerText(), /投递/)
    await page.locator('[data-test=count-submitted]', { hasText: /^\s*1\s*$/ }).waitFor({ timeout: 10000 })
    assert.equal((await page.locator('[data-test=count-submitted]').innerText()).trim(), '1')
    await screenshot(page, 'hr-pipeline-desktop')
    const exported = page.waitForEvent('download')
    await page.locator('[data-test=pipeline-export]').click()
    assert.match((await exported).suggestedFilename(), /\.xlsx$/)

    await row.locator('[data-test^=open-app-]').click()
    const drawer = page.locator('[data-test=application-drawer]')
    await drawer.locator('[data-test=student-resume]').waitFor()
    // Opening it marked it viewed; the résumé shows a masked phone only, and no full one
    // before the student consents.
    await drawer.locator('[data-test=drawer-status]', { hasText: '已查看' }).waitFor()
    const phone = (await drawer.locator('[data-test=resume-phone]').innerText()).trim()
    assert.match(phone, /^\d{3}\*{4}\d{4}$/, `masked phone, got ${phone}`)
    await drawer.locator('[data-test=contact-masked]').waitFor()
    // 邀请面试 is a form (time in China time, format, place, contact), not a bare step:
    // in the drawer, and on the list's row, used here.
    assert.equal(await drawer.locator('[data-test=move-interview]').count(), 0)
    await drawer.locator('[data-test=invite-open]').waitFor()
    await page.keyboard.press('Escape')
    await row.locator('[data-status=viewed]').waitFor()
    await row.locator('[data-test^=invite-row-]').click()
    const dialog = page.locator('[data-test=invite-dialog]')
    await dialog.locator('input[data-test=invite-place]').fill('清远高新区创兴大道 18 号 一楼人事部')
    await dialog.locator('input[data-test=invite-contact-phone]').fill('0763-3388123')
    await dialog.locator('textarea[data-test=invite-note]').fill('请携带毕业证书复印件')
    await screenshot(page, 'hr-invite-dialog-desktop', { fullPage: false })
    const sent = page.waitForResponse((r) => r.url().endsWith('/invitations') && r.request().method() === 'POST')
    await dialog.locator('[data-test=invite-send]').click()
    const inv = (await (await sent).json()).invitation
    await row.locator('[data-status=interview]').waitFor()

    // The student, in their own browser: a reminder on the home page with a badge on the
    // 我的投递 tab; the invitation in China time; 接受.
    const s = student.page
    await s.goto('/home')
    const reminder = s.locator(`[data-test=reminder-${inv.id}]`)
    await reminder.waitFor()
    assert.match(await s.locator('[data-test=invite-reminders]').innerText(), /不发送短信或邮件/)
    await s.locator('[data-test=badge-myApplications] sup', { hasText: /^\d+$/ }).waitFor()
    await reminder.click()
    await s.locator('[data-test=my-app-status][data-status=interview]').waitFor()
    const card = s.locator(`[data-test=invite-${inv.id}]`)
    const text = await card.innerText()
    const p = new Date((inv.starts_at + 8 * 3600) * 1000)
    const china = `${p.getUTCFullYear()}-${String(p.getUTCMonth() + 1).padStart(2, '0')}-${String(p.getUTCDate()).padStart(2, '0')} ${String(p.getUTCHours()).padStart(2, '0')}:${String(p.getUTCMinutes()).padStart(2, '0')}`
    assert.ok(text.includes(china), `invitation time in China time ${china}: ${text}`)
    assert.match(text, /创兴大道 18 号/)
    assert.match(text, /0763-3388123/)
    assert.match(await s.locator('[data-test=my-app-history]').innerText(), /面试/)
    await assertNoSideScroll(s, '/my-applications/:id')
    await screenshot(s, 'student-application-detail-phone', { fullPage: false })
    await card.locator('[data-test=invite-accept]').click()
    await confirmBox(s)
    await s.locator(`[data-test=invite-${inv.id}][data-status=accepted]`).waitFor()

    // HR opens it again: the full phone on request (audited), with why it is shown.
    await row.locator('[data-test^=open-app-]').click()
    await drawer.locator('[data-test=contact-reveal]').click()
    const full = drawer.locator('[data-test=contact-phone]')
    await full.waitFor()
    assert.match((await full.innerText()).trim(), /^1\d{10}$/)
    assert.match(await drawer.locator('[data-test=contact-consent]').innerText(), /学生已接受面试邀请，同意企业联系/)
    await drawer.locator(`[data-test=invite-${inv.id}][data-status=accepted]`).waitFor()
    await screenshot(page, 'hr-application-drawer-desktop', { fullPage: false })
    await page.keyboard.press('Escape')
  })

  it('messages (issue 14): the student takes back the contact consent, writes (contact data refused), HR sees the badge and answers, the student sees it', async () => {
    // The student is on the application's page from the test above, where they accepted
    // the interview (consent to be phoned).  They take the consent back: HR sees no phone,
    // and a message carrying one is refused again.
    const s = student.page
    const appId = Number(new URL(s.url()).pathname.split('/').pop())
    await s.locator('[data-test=consent-withdraw]').click()
    await confirmBox(s)
    await s.locator('[data-test=my-consent]').waitFor({ state: 'detached' })
    const thread = s.locator('[data-test=message-thread]')
    await thread.locator('textarea[data-test=message-input]').fill('我的电话 138 0013 8000，方便时联系')
    await thread.locator('[data-test=message-send]').click()
    await thread.locator('[data-test=message-error]', { hasText: '手机号' }).waitFor()
    await thread.locator('textarea[data-test=message-input]').fill('您好，请问面试需要带哪些材料？')
    await thread.locator('[data-test=message-send]').click()
    await thread.locator('[data-test=message-body]', { hasText: '需要带哪些材料' }).waitFor()
    await assertNoSideScroll(s, '/my-applications/:id with messages')

    const { page } = hr
    await page.goto('/pipeline')
    await page.locator('[data-test=menu-badge-pipeline]', { hasText: /^\s*1\s*$/ }).waitFor()
    const row = page.locator(`[data-test=unread-${appId}]`)
    await row.waitFor()
    await page.locator(`[data-test=open-app-${appId}]`).first().click()
    const drawer = page.locator('[data-test=application-drawer]')
    await drawer.locator('.el-tabs__item', { hasText: '消息' }).click()
    await drawer.locator('[data-test=message-body]', { hasText: '需要带哪些材料' }).waitFor()
    await drawer.locator('textarea[data-test=message-input]').fill('请带身份证和简历原件，下周一上午 9 点见。')
    await drawer.locator('[data-test=message-send]').click()
    await drawer.locator('[data-test=message-body]', { hasText: '身份证和简历原件' }).waitFor()
    // Reading the thread cleared the badge (asked again at the next page change).
    await page.keyboard.press('Escape')
    await page.goto('/pipeline')
    await settled(page)
    assert.equal(await page.locator('[data-test=menu-badge-pipeline]').count(), 0)

    await s.goto('/my-applications')
    await s.locator('[data-test=tab-badge-myApplications]', { hasText: /^\s*1\s*$/ }).waitFor()
    await s.locator(`[data-test=unread-${appId}]`).waitFor()
    await s.locator(`a[data-test=my-app-${appId}]`).click()
    const answer = s.locator('[data-test=message-thread] .row', { hasText: '身份证和简历原件' })
    await answer.waitFor()
    await screenshot(s, 'student-messages-phone', { fullPage: false })
    // The student reports HR's answer; the operator reads it below (one operator login).
    await answer.locator('[data-test^=report-]').click()
    await s.locator('[data-test=report-message-reason]').fill('消息内容与招聘无关')
    await s.locator('[data-test=report-message-submit]').click()
    await answer.getByText('已举报').waitFor()
  })

  it('HR bulk change is all or nothing, and the refusal names the application', async () => {
    const { page } = hr
    await page.goto('/pipeline')
    await settled(page)
    // One application already accepted (cannot be moved by HR) with one in progress.
    await page.locator('[data-test=tab-accepted]').click()
    await settled(page)
    const accepted = page.locator('[data-test=pipeline-table] .el-table__body tr')
    assert.ok(Number(await page.locator('[data-test=count-accepted]').innerText()) > 0, 'the demo has accepted offers')
    const acceptedName = (await accepted.first().locator('[data-test^=open-app-]').innerText()).trim()
    await accepted.first().locator('.el-checkbox').click()
    await page.locator('[data-test=bulk-offered]').click()
    await page.locator('[data-test=bulk-confirm]').click()
    const box = page.locator('.el-message-box')
    await box.waitFor()
    const text = await box.innerText()
    assert.match(text, /编号/)
    assert.match(text, /未做任何修改/)
    assert.ok(text.includes(acceptedName), `the refusal names ${acceptedName}: ${text}`)
    await screenshot(page, 'hr-bulk-refused-desktop', { fullPage: false })
    await confirmBox(page)
  })

  it('HR on a phone: 投递管理 and 岗位管理 are cards, not tables scrolling sideways', async () => {
    const phone = await openPage(browser, server, { viewport: PHONE })
    await phone.context.addCookies(await hr.context.cookies())
    const { page } = phone
    await page.goto('/pipeline')
    const cards = page.locator('[data-test=pipeline-table] [data-test=row-card]')
    await cards.first().waitFor()
    assert.equal(await page.locator('[data-test=pipeline-table] .el-table').count(), 0)
    await assertNoSideScroll(page, '/pipeline (phone)')
    await cards.first().locator('.el-checkbox').click()
    assert.match(await page.locator('.toolbar').first().innerText(), /已选 1 项/)
    assert.ok(await page.locator('[data-test=bulk-interview]').isEnabled(), 'a ticked card enables the bulk actions')
    await screenshot(page, 'hr-pipeline-phone')
    await page.goto('/my-positions')
    const posCards = page.locator('[data-test=mine-table] [data-test=row-card]')
    await posCards.first().waitFor()
    assert.equal(await page.locator('[data-test=mine-table] .el-table').count(), 0)
    assert.match(await posCards.first().innerText(), /招 \d+ 人/)
    await assertNoSideScroll(page, '/my-positions (phone)')
    await screenshot(page, 'hr-my-positions-phone')
    assertNoProblems(phone.problems, 'hr phone')
    await phone.context.close()
  })

  it('a position of an enterprise under review waits for the operator, who approves it; the operator reads a reported message thread and closes the report', async () => {
    const pending = await openPage(browser, server, { viewport: DESKTOP })
    const { page } = pending
    await login(page, 'hr_pending')
    await page.goto('/my-positions')
    await page.locator('[data-test=unverified-banner]').waitFor()
    await page.locator('[data-test=position-create]').click()
    await page.locator('[data-test=review-note]').waitFor()
    await fillPositionDialog(page, { title: PENDING_TITLE, skill: { type: '电工', pick: /^低压电工作业$/ } })
    assert.match(await page.locator('[data-test=pos-submit]').innerText(), /提交审核/)
    await page.locator('[data-test=pos-submit]').click()
    await page.getByText('已提交平台审核').waitFor()
    const row = page.locator('[data-test=mine-table] .el-table__body tr', { hasText: PENDING_TITLE })
    await row.locator('[data-status=pending]').waitFor()
    await screenshot(page, 'hr-pending-positions-desktop')

    const op = await openPage(browser, server, { viewport: DESKTOP })
    await login(op.page, DEMO.operator.login)
    await op.page.locator('[data-test=menu-positionReview]').click()
    await op.page.waitForURL('**/position-review')
    const queued = op.page.locator('[data-test=review-positions-table] .el-table__body tr', { hasText: PENDING_TITLE })
    await queued.waitFor()
    await queued.locator('[data-test^=review-view-]').click()
    await op.page.locator('[data-test=review-drawer] [data-test=position-summary]').waitFor()
    await screenshot(op.page, 'operator-position-review-drawer-desktop', { fullPage: false })
    await op.page.locator('[data-test=drawer-approve]').click()
    await confirmBox(op.page)
    await op.page.getByText('岗位已通过审核').waitFor()
    await queued.waitFor({ state: 'detached' })
    await screenshot(op.page, 'operator-position-review-desktop')

    // Open now: the enterprise sees it so, and a student can find it.
    await page.reload()
    await row.locator('[data-status=open]').waitFor()
    const found = await apiCall(student.page, 'GET', `/positions?q=${encodeURIComponent('电气自动化运维')}`)
    assert.ok(found.body.items.some((p) => p.title === PENDING_TITLE), 'searchable once approved')

    // 消息举报: the thread the student reported above, read (audited) and closed.
    await op.page.locator('[data-test=menu-messageReports]').click()
    const report = op.page.locator('[data-test=message-reports] .el-table__body tr', { hasText: '身份证和简历原件' })
    await report.waitFor()
    await report.locator('[data-test^=read-thread-]').click()
    await op.page.locator('[data-test=report-thread] [data-test=message-body]', { hasText: '需要带哪些材料' }).waitFor()
    assert.equal(await op.page.locator('[data-test=report-thread] [data-test=message-input]').count(), 0, 'the operator only reads')
    await screenshot(op.page, 'operator-message-report-desktop', { fullPage: false })
    await op.page.keyboard.press('Escape')
    await report.locator('[data-test^=close-report-]').click()
    await op.page.locator('[data-test=close-report-reason]').fill('已核实，提醒企业注意沟通方式')
    await op.page.locator('[data-test=close-report-submit]').click()
    await report.waitFor({ state: 'detached' })
    assertNoProblems(pending.problems, 'hr_pending')
    assertNoProblems(op.problems, 'operator review')
    await pending.context.close()
    await op.context.close()
  })
})
