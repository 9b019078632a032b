// The zone-service pages for each role that has them, at desktop and phone width: each
// opens with its data (the demo's year of cases, projects at every stage, two policy
// rounds, indicators), shows no console error and does not scroll sideways on a phone;
// screenshots in test-results/screenshots/services-*.  Then what the pages do besides the
// case flow (services_flow.test.mjs): the officer advances an investment project on the
// board, names a stage's officer, uploads a stage document and sends it back, and reviews a policy
// application with the score sheet; HR see their own application on each round; the officer
// works a bad rating's follow-up (contact, rectify, call back, close) and reviews an appeal
// as the department head; adds the 2027 holiday notice (a refused day named, then saved:
// open deadlines recomputed) and imports 2028 from a spreadsheet; edits a service item's
// limits and materials (a refused limit named on its field).
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  startServer, launchBrowser, apiCall, screenshot, assertAccessible, assertNoProblems, axeWidth, sweepsWidth, assertNoSideScroll, settled, confirmBox, pickOption, chooseOption,
  DESKTOP, PHONE, visit,
} from './harness.mjs'
import { PDF, sessionCache } from './services_lib.mjs'

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

const cached = sessionCache()
const signedIn = (loginName, viewport) => cached(browser, server, loginName, viewport)

// path, what shows once its data is in, screenshot name.
const PAGES = {
  officer: [
    ['/service-cases', '[data-test=case-queue] [data-test=clock]', 'queue'],
    ['/service-escalations', '[data-test=escalations] [data-test=clock]', 'escalations'],
    ['/service-followups', '[data-test=followups] [data-test^=followup-]', 'followups'],
    ['/service-projects', '[data-test^=project-advance-]', 'projects'],
    ['/service-rounds', '[data-test^=round-open-]', 'rounds'],
    ['/service-indicators', '[data-test=indicators] .el-table__row', 'indicators'],
    ['/service-items', '[data-test=items] [data-test^=item-GX-]', 'items'],
    ['/service-calendar', '[data-test=calendar-days] [data-test=calendar-groups] .el-tag', 'calendar'],
  ],
  enterprise: [
    ['/service-apply', '[data-test^=apply-GX-]', 'apply'],
    ['/my-service-cases', '[data-test^=my-case-] [data-test=clock]', 'my-cases'],
    ['/service-rounds', '[data-test=round-mine]', 'rounds-hr'],
  ],
  operator: [
    ['/service-cases', '[data-test=case-queue] [data-test=clock]', 'queue-operator'],
    ['/service-projects', '[data-test^=project-]', 'projects-operator'],
  ],
}
const LOGINS = { officer: 'officer_demo', enterprise: 'hr_demo', operator: 'admin' }

describe('zone-service pages', () => {
  for (const [role, pages] of Object.entries(PAGES)) {
    it(`${role}: every page at desktop and phone width`, async () => {
      for (const [viewport, suffix] of [[DESKTOP, 'desktop'], [PHONE, 'phone']]) {
        if (!sweepsWidth(role, viewport)) continue
        const { page, problems } = await signedIn(LOGINS[role], viewport)
        for (const [path, ready, name] of pages) {
          await visit(page, path)
          await page.locator(ready).first().waitFor()
          await settled(page)
          if (suffix === 'phone') await assertNoSideScroll(page, `${path} at 390 px`)
          if (axeWidth(role, viewport)) await assertAccessible(page, `${role} ${path} (${suffix})`, { once: path })
          await screenshot(page, `services-${name}-${suffix}`)
        }
        assertNoProblems(problems, `${role} ${suffix}`)
      }
    })
  }

  it('officer advances a project on the board and reviews a policy application with the score sheet', async () => {
    const { page, problems } = await signedIn('officer_demo', DESKTOP)
    await page.goto('/service-projects')
    const card = page.locator('[data-test=stage-1] [data-test^=project-]').first()
    await card.waitFor()
    const id = (await card.getAttribute('data-test')).slice('project-'.length)
    await page.locator(`[data-test=project-advance-${id}]`).click()
    await confirmBox(page)
    await page.locator(`[data-test=stage-2] [data-test=project-${id}]`).waitFor()
    assert.equal(await page.locator(`[data-test=stage-1] [data-test=project-${id}]`).count(), 0, 'left stage 1')
    assert.equal((await apiCall(page, 'GET', `/services/projects/${id}`)).body.project.stage, 2)

    // The project's drawer: stage 2's officer, a document for it.
    const officer = (await apiCall(page, 'GET', '/services/officers')).body.items.find((o) => o.login !== 'officer_demo')
    await page.locator(`[data-test=project-open-${id}]`).click()
    await page.locator('[data-test=project-stage-2] .el-tag', { hasText: '当前阶段' }).waitFor()
    await page.locator('[data-test=stage-officer-2]').click()
    await pickOption(page, officer.display_name)
    await page.locator('.el-message', { hasText: '已指定负责人' }).waitFor()
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.locator('[data-test=stage-upload-2]').click()])
    await chooser.setFiles({ name: '尽职调查报告.pdf', mimeType: 'application/pdf', buffer: PDF })
    await page.locator('[data-test=stage-doc-2]', { hasText: '尽职调查报告.pdf' }).waitFor()
    await screenshot(page, 'services-project-drawer-desktop', { fullPage: false })
    const stage2 = (await apiCall(page, 'GET', `/services/projects/${id}`)).body.project.stages[1]
    assert.equal(stage2.officer.id, officer.id)
    assert.deepEqual(stage2.documents.map((d) => d.filename), ['尽职调查报告.pdf'])
    // Sent back to 项目研判 with the reason.
    await page.locator('[data-test=project-return]').click()
    await page.locator('textarea[data-test=project-return-reason]').fill('投资方调整产能规划，重新研判')
    await page.locator('[data-test=project-return-submit]').click()
    await page.locator('[data-test=project-stage-1] .el-tag', { hasText: '当前阶段' }).waitFor()
    assert.equal((await apiCall(page, 'GET', `/services/projects/${id}`)).body.project.stage, 1)
    await page.keyboard.press('Escape')

    // The open round's applications; one waiting for review gets the full score of each line.
    const round = (await apiCall(page, 'GET', '/services/rounds')).body.items.find((r) => r.phase === 'open' && !r.no_application)
    const waiting = (await apiCall(page, 'GET', `/services/policy-applications?round_id=${round.id}&status=submitted`)).body.items
    assert.ok(waiting.length > 0, 'the open round has applications to review')
    const sheet = (await apiCall(page, 'GET', `/services/rounds/${round.id}`)).body.round.policy.score_sheet
    await page.goto('/service-rounds')
    await page.locator(`[data-test=round-open-${round.id}]`).click()
    await page.locator(`[data-test=review-${waiting[0].id}]`).click()
    for (const line of sheet) await page.locator(`[data-test=score-${line.key}] input`).fill(String(line.max))
    await screenshot(page, 'services-round-review-desktop', { fullPage: false })
    await page.locator('[data-test=review-submit]').click()
    // Reviewed: the list reloads without its 评审 button.
    await page.locator(`[data-test=review-${waiting[0].id}]`).waitFor({ state: 'detached' })
    const reviewed = (await apiCall(page, 'GET', `/services/policy-applications/${waiting[0].id}`)).body.application
    assert.equal(reviewed.status, 'passed')
    assert.equal(reviewed.score_total, sheet.reduce((n, l) => n + l.max, 0))
    assertNoProblems(problems, 'officer')
  })

  it('HR see their own application on each round, and no apply button there', async () => {
    const { page, problems } = await signedIn('hr_demo', PHONE)
    const rounds = (await apiCall(page, 'GET', '/services/rounds')).body.items
    assert.ok(rounds.some((r) => r.mine), 'the demo has applications of hr_demo')
    await page.goto('/service-rounds')
    await page.locator('[data-test^=round-]').first().waitFor()
    for (const r of rounds) {
      const card = page.locator(`[data-test=round-${r.id}]`)
      if (r.mine) {
        assert.equal(await card.locator('[data-test=round-mine] [data-status]').getAttribute('data-status'), r.mine.status)
        assert.equal(await card.locator('[data-test^=round-apply-]').count(), 0)
      } else {
        assert.equal(await card.locator('[data-test^=round-apply-]').count(), r.phase === 'open' && !r.no_application ? 1 : 0)
      }
    }
    assertNoProblems(problems, 'HR')
  })

  it('officer works a bad rating through its follow-up and reviews an appeal as the department head', async () => {
    const { page, problems } = await signedIn('officer_demo', DESKTOP)
    const open = (await apiCall(page, 'GET', '/services/followups?status=open&page_size=100')).body.items[0]
    assert.ok(open, 'the demo has a follow-up waiting for the contact')
    await page.goto('/service-followups')
    await page.locator('[data-test=followup-banner]').waitFor()
    // By keyboard (issue #15): the row's own button takes Tab focus and Enter opens the
    // drawer, which takes the focus; Esc closes it and the focus is back on the button.
    const opener = page.locator(`[data-test=followup-open-${open.id}]`)
    await opener.focus()
    await page.keyboard.press('Enter')
    const drawer = page.locator('[data-test=followup-drawer]')
    await drawer.locator('.org', { hasText: open.rating.org.name }).waitFor()
    await page.waitForFunction(() => document.activeElement?.closest('[data-test=followup-drawer]'))
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })
    await page.waitForFunction((id) => document.activeElement?.dataset.test === `followup-open-${id}`, open.id)
    await page.keyboard.press('Enter')
    await drawer.locator('.org', { hasText: open.rating.org.name }).waitFor()
    await drawer.locator('[data-test=followup-state][data-status=open]').waitFor()
    // Each step asks for its note: empty, nothing is sent.
    const steps = [['contact', '电话联系企业负责人，说明原因并致歉', 'contacted'], ['rectify', '窗口增设材料预审，一次性告知清单上墙', 'rectified'],
      ['callback', '回访企业，对整改表示满意', 'rectified']]
    for (const [step, note, status] of steps) {
      await drawer.locator(`[data-test=followup-${step}]`).click()
      if (step === 'contact') {
        await page.locator('[data-test=followup-step-submit]').click()
        await page.locator('.el-dialog .el-form-item.is-error').waitFor()
      }
      await page.locator('textarea[data-test=followup-note]').fill(note)
      await page.locator('[data-test=followup-step-submit]').click()
      await drawer.locator(`[data-test=followup-step-${step}][data-done="1"]`).waitFor()
      await drawer.locator(`[data-test=followup-state][data-status=${status}]`).waitFor()
    }
    await drawer.locator('[data-test=followup-close]').click()
    await confirmBox(page)
    await drawer.locator('[data-test=followup-state][data-status=closed]').waitFor()
    const closed = (await apiCall(page, 'GET', `/services/followups/${open.id}`)).body.followup
    assert.equal(closed.contact.note, steps[0][1])
    assert.equal(closed.rectify.note, steps[1][1])
    assert.equal(closed.callback.note, steps[2][1])
    assert.ok(closed.closed_on)
    await page.keyboard.press('Escape')

    // An appeal in 行政审批科, which officer_demo heads, filed by another officer: rejected on review.
    const appealed = (await apiCall(page, 'GET', '/services/followups?status=appealed&page_size=100')).body.items
      .find((f) => f.actions.includes('review'))
    assert.ok(appealed, 'an appeal officer_demo may review')
    await page.locator('[data-test=followup-status]').click()
    await pickOption(page, '申诉中')
    await page.locator('.search-form button[type=submit]').click()
    // Clicked once the list holds only appeals (a row of the previous list would be another follow-up).
    await page.waitForFunction(() => {
      const tags = [...document.querySelectorAll('[data-test=followups] [data-status]')]
      return tags.length > 0 && tags.every((t) => t.dataset.status === 'appealed')
    })
    await page.locator(`[data-test=followups] [data-test=followup-${appealed.id}]`).click()
    await drawer.locator('.org', { hasText: appealed.rating.org.name }).waitFor()
    await drawer.locator('[data-test=followup-appeal]').waitFor()
    await drawer.locator('[data-test=followup-review]').click()
    await page.locator('[data-test=followup-upheld] .el-radio', { hasText: '申诉不成立' }).click()
    await page.locator('textarea[data-test=followup-note]').fill('评价属实，继续整改')
    await screenshot(page, 'services-followup-review-desktop', { fullPage: false })
    await page.locator('[data-test=followup-step-submit]').click()
    await drawer.locator('[data-test=followup-state][data-status=contacted]').waitFor()
    assert.equal((await apiCall(page, 'GET', `/services/followups/${appealed.id}`)).body.followup.review.upheld, false)
    assertNoProblems(problems, 'officer')
  })

  it('officer edits a service item: a committed limit over the statutory one is named, then limits and a 容缺 material are saved', async () => {
    const { page, problems } = await signedIn('officer_demo', PHONE)
    await page.goto('/service-items')
    await page.locator('[data-test=item-edit-GX-RS-003]').click()
    await page.locator('input[data-test=item-name]').waitFor()
    await page.locator('[data-test=item-committed] input').fill('40')
    await page.locator('[data-test=item-save]').click()
    await page.locator('.el-dialog .el-form-item.is-error', { hasText: '承诺时限' }).waitFor()
    await page.locator('[data-test=item-committed] input').fill('4')
    await page.locator('[data-test=item-add-material]').click()
    const count = await page.locator('[data-test=item-materials] .material').count()
    const last = page.locator('[data-test=item-materials] .material').nth(count - 1)
    await last.locator('input').first().fill('职业技能等级证书复印件')
    await last.locator('.el-checkbox', { hasText: '可容缺' }).click()
    await assertNoSideScroll(page, 'item dialog at 390 px')
    await screenshot(page, 'services-item-edit-phone', { fullPage: false })
    await page.locator('[data-test=item-save]').click()
    await page.locator('.el-message', { hasText: '已保存' }).waitFor()
    const items = (await apiCall(page, 'GET', '/services/items?q=GX-RS-003')).body.items
    const item = (await apiCall(page, 'GET', `/services/items/${items[0].id}`)).body.item
    assert.equal(item.committed_days, 4)
    assert.deepEqual(item.materials.at(-1), { ...item.materials.at(-1), name: '职业技能等级证书复印件', required: true, tolerable: true })
    assertNoProblems(problems, 'officer')
  })

  it('officer adds the 2027 holiday notice (a refused day named), deadlines are recomputed; 2028 comes from a spreadsheet', async () => {
    const { page, problems } = await signedIn('officer_demo', DESKTOP)
    // Without 2027 the calendar cannot say what follows New Year's Eve.
    assert.equal((await apiCall(page, 'GET', '/services/calendar/add?from=2026-12-31&days=1')).body.calendar_missing_year, 2027)
    await page.goto('/service-calendar')
    await page.locator('[data-test=calendar-year-2026]').waitFor()
    await page.locator('[data-test=calendar-add]').click()
    const rows = [['2027-01-01', 'off', '元旦'], ['2027-01-04', 'work', '元旦'], ['2027-02-06', 'work', '春节']]
    for (const [i, [date, kind, name]] of rows.entries()) {
      if (i) await page.locator('[data-test=calendar-add-row]').click()
      const row = page.locator(`[data-test=calendar-row-${i}]`)
      await row.locator('.el-date-editor input').fill(date)
      await row.locator('.el-date-editor input').press('Enter')
      if (kind === 'work') await chooseOption(page, row.locator('[data-test=calendar-kind]'), '调休上班')
      await row.locator('input[data-test=calendar-name]').fill(name)
      // What is saved is what the rows show (a pick or a date lost under load would save
      // another notice and the refusal below would never come).
      assert.equal(await row.locator('.el-date-editor input').inputValue(), date)
      await row.locator('[data-test=calendar-kind] .el-select__selected-item', { hasText: kind === 'work' ? '调休上班' : '放假' }).waitFor()
    }
    await page.locator('textarea[data-test=calendar-notice]').fill('国务院办公厅关于2027年部分节假日安排的通知（测试）')
    // 2027-01-04 is a Monday: not a weekend working day; the error names it on the days.
    await page.locator('[data-test=calendar-save]').click()
    await page.locator('.el-form-item.is-error', { hasText: '2027-01-04' }).waitFor()
    await screenshot(page, 'services-calendar-refused-desktop', { fullPage: false })
    await page.locator('[data-test=calendar-row-1] .el-date-editor input').fill('2027-01-02')
    await page.locator('[data-test=calendar-row-1] .el-date-editor input').press('Enter')
    await chooseOption(page, page.locator('[data-test=calendar-row-1] [data-test=calendar-kind]'), '放假')
    await page.locator('[data-test=calendar-save]').click()
    const banner = page.locator('[data-test=calendar-recomputed]')
    await banner.waitFor()
    assert.match(await banner.innerText(), /2027 年安排已保存（3 天）：已重新计算 \d+ 个未办结办件/)
    await page.locator('[data-test=calendar-year-2027] .el-tag', { hasText: '人工补录' }).waitFor()
    await page.locator('[data-test=calendar-days]', { hasText: '2027 年节假日安排' }).waitFor()
    await screenshot(page, 'services-calendar-saved-desktop')
    const added = (await apiCall(page, 'GET', '/services/calendar/add?from=2026-12-31&days=1')).body
    assert.equal(added.calendar_missing_year, null)
    assert.equal(added.date, '2027-01-04', '1 and 2 January off, the 3rd a Sunday')

    // 2028 by import: a row in error is reported (row and reason), the clean file is imported.
    await page.locator('[data-test=calendar-import]').click()
    const file = (csv) => ({ name: '2028.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await page.locator('input[data-test=calendar-import-file]').setInputFiles(file('日期,类型,名称\n2028-01-01,休,元旦\n2028-01-03,班,元旦\n'))
    await page.locator('[data-test=calendar-import-report] .el-table__row').first().waitFor()
    assert.ok(await page.locator('[data-test=calendar-import-commit]').isDisabled(), 'no import with errors')
    await page.locator('input[data-test=calendar-import-file]').setInputFiles(file('日期,类型,名称\n2028-01-01,休,元旦\n'))
    await page.locator('[data-test=calendar-import-report]', { hasText: '共 1 行，1 天，0 处错误' }).waitFor()
    await page.locator('[data-test=calendar-import-commit]').click()
    await page.locator('[data-test=calendar-year-2028]').waitFor()
    const y2028 = (await apiCall(page, 'GET', '/services/calendar/years/2028')).body
    assert.deepEqual(y2028.days.map((d) => [d.date, d.kind, d.name]), [['2028-01-01', 'off', '元旦']])
    assertNoProblems(problems, 'officer')
  })
})
