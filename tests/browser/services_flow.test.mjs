// A service case end to end in Chromium: enterprise HR (hr_demo, on a phone) apply for a
// service, upload every material and submit; the officer (officer_demo, desktop, with the
// second factor) finds it in the queue, accepts it — the clock turns green with the
// committed working days left and the deadline the calendar gives — and finishes it; HR see
// it done on time and rate it 不满意, which needs a comment and opens a follow-up.  The queue
// shows the demo's clocks in colour and the overdue banner.  Then 补正: the officer lists
// every point at once, HR on a phone see them, upload the rest and resubmit.  Then a
// funding round from draft to payment: the officer creates and publishes it, HR apply on a
// phone after the pre-check, the officer starts the publicity (补录 to a past day),
// confirms the result and records the payments (one beyond the approved amount refused).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  startServer, launchBrowser, apiCall, screenshot, assertNoProblems, assertNoSideScroll, confirmBox, settled, pickOption,
  DESKTOP, PHONE,
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

const TITLE = `技改备案（浏览器测试${process.pid}）`

test('HR apply and submit, the officer accepts and finishes, HR rate: the case flow with its clock', async () => {
  const hr = await signedIn('hr_demo', PHONE)

  // 办事服务: apply for 工业企业技术改造备案 (GX-JF-001).
  await hr.page.goto('/service-apply')
  await hr.page.locator('[data-test=apply-GX-JF-001]').click()
  await hr.page.locator('input[data-test=apply-title]').fill(TITLE)
  await screenshot(hr.page, 'services-apply-dialog-phone', { fullPage: false })
  await hr.page.locator('[data-test=apply-submit]').click()
  await hr.page.waitForURL(/\/my-service-cases\/\d+$/)
  const caseId = Number(hr.page.url().match(/(\d+)$/)[1])
  await hr.page.locator('[data-test=case-head] [data-status=draft]').waitFor()
  await hr.page.locator('[data-test=case-hint]').waitFor()

  // Upload a PDF for every material (the buttons open the file chooser), then submit.
  const kase = (await apiCall(hr.page, 'GET', `/services/cases/${caseId}`)).body.case
  assert.ok(kase.materials.length > 0, 'the item asks for materials')
  for (const m of kase.materials) {
    const [chooser] = await Promise.all([hr.page.waitForEvent('filechooser'), hr.page.locator(`[data-test=upload-${m.id}]`).click()])
    await chooser.setFiles({ name: `${m.name}.pdf`, mimeType: 'application/pdf', buffer: PDF })
    await hr.page.locator(`[data-test=material-${m.id}] [data-state=uploaded]`).waitFor()
  }
  await assertNoSideScroll(hr.page, 'draft case at 390 px')
  await screenshot(hr.page, 'services-case-draft-phone')
  await hr.page.locator('[data-test=case-submit]').click()
  await confirmBox(hr.page)
  await hr.page.locator('[data-test=case-head] [data-status=received]').waitFor()
  assert.match(await hr.page.locator('[data-test=case-head] [data-test=clock]').innerText(), /待受理/)

  // The officer: the queue (clocks in colour, the overdue banner), the case, 受理.
  const of = await signedIn('officer_demo', DESKTOP)
  await of.page.goto('/service-cases')
  await settled(of.page)
  await of.page.locator('[data-test=case-queue] [data-test=clock]').first().waitFor()
  for (const colour of ['green', 'overdue']) {
    assert.ok(await of.page.locator(`[data-test=case-queue] [data-test=clock][data-colour=${colour}]`).count() > 0, `a ${colour} clock in the queue`)
  }
  await of.page.locator('[data-test=escalation-banner]').waitFor()
  await screenshot(of.page, 'services-queue-desktop')
  await of.page.locator('input[data-test=case-q]').fill(TITLE)
  await of.page.locator('.search-form button[type=submit]').click()
  await of.page.locator(`[data-test=case-link-${caseId}]`).click()
  await of.page.waitForURL(`**/service-cases/${caseId}`)
  await of.page.locator('[data-test=case-accept]').click()
  await of.page.locator('[data-test=case-step-submit]').click()
  await of.page.locator('[data-test=case-head] [data-status=accepted]').waitFor()

  // Accepted today: nothing used yet, the committed limit left, the deadline the calendar gives.
  const accepted = (await apiCall(of.page, 'GET', `/services/cases/${caseId}`)).body.case
  const clockTag = of.page.locator('[data-test=case-head] [data-test=clock]')
  assert.equal(await clockTag.getAttribute('data-colour'), 'green')
  assert.equal(await clockTag.innerText(), `剩 ${accepted.committed_days} 个工作日`)
  const due = (await apiCall(of.page, 'GET', `/services/calendar/add?from=${accepted.clock.start}&days=${accepted.committed_days}`)).body.date
  assert.equal(await of.page.locator('[data-test=case-deadline]').innerText(), due)
  await screenshot(of.page, 'services-case-accepted-desktop')

  // 办结, approved.
  await of.page.locator('[data-test=case-finish]').click()
  await of.page.locator('[data-test=case-step-submit]').click()
  await of.page.locator('[data-test=case-head] [data-status=done]').waitFor()
  assert.equal(await clockTag.innerText(), '按时办结')
  assertNoProblems(of.problems, 'officer')

  // HR: my cases shows it done; the case asks for a rating.
  await hr.page.goto('/my-service-cases')
  await hr.page.locator('[data-test=my-case-tabs] label', { hasText: '已办结' }).click()
  await hr.page.locator(`[data-test=my-case-${caseId}]`).click()
  await hr.page.waitForURL(`**/my-service-cases/${caseId}`)
  await hr.page.locator('[data-test=case-rate]').click()
  await hr.page.locator('[data-test=rate-level-2]').click()
  await hr.page.locator('[data-test=rate-submit]').click()
  // 不满意 needs a comment: nothing sent yet.
  await hr.page.locator('.el-form-item.is-error').waitFor()
  await screenshot(hr.page, 'services-rate-phone', { fullPage: false })
  await hr.page.locator('textarea[data-test=rate-comment]').fill('材料要求在窗口和网上说法不一致，来回跑了两次。')
  await hr.page.locator('[data-test=rate-submit]').click()
  await hr.page.locator('.el-message', { hasText: '整改回访' }).waitFor()
  await hr.page.locator('[data-test=case-ratings]', { hasText: '不满意' }).waitFor()
  assert.equal(await hr.page.locator('[data-test=case-rate]').count(), 0, 'rated once')
  await assertNoSideScroll(hr.page, 'rated case at 390 px')
  await screenshot(hr.page, 'services-case-rated-phone')
  assertNoProblems(hr.problems, 'HR')

  // The bad rating opened a follow-up, on the officer's side.
  const ratings = (await apiCall(of.page, 'GET', '/services/ratings?level=2&subject_kind=case&page_size=100')).body.items
  const mine = ratings.find((r) => r.subject_id === caseId)
  assert.ok(mine, 'the rating is listed for officers')
  assert.ok(mine.followup_id, 'with its follow-up')
})

test('an enterprise answers 补正 on a phone: the officer lists every point at once, HR upload and resubmit', async () => {
  const title = `节能审查（补正测试${process.pid}）`
  const hr = await signedIn('hr_demo', PHONE)
  await hr.page.goto('/service-apply')
  await hr.page.locator('[data-test=apply-GX-JF-001]').click()
  await hr.page.locator('input[data-test=apply-title]').fill(title)
  await hr.page.locator('[data-test=apply-submit]').click()
  await hr.page.waitForURL(/\/my-service-cases\/\d+$/)
  const caseId = Number(hr.page.url().match(/(\d+)$/)[1])
  const [first, ...rest] = (await apiCall(hr.page, 'GET', `/services/cases/${caseId}`)).body.case.materials
  assert.ok(rest.length > 0, 'the item asks for more than one material')
  // Only the first material, then submit.
  const [chooser] = await Promise.all([hr.page.waitForEvent('filechooser'), hr.page.locator(`[data-test=upload-${first.id}]`).click()])
  await chooser.setFiles({ name: 'first.pdf', mimeType: 'application/pdf', buffer: PDF })
  await hr.page.locator(`[data-test=material-${first.id}] [data-state=uploaded]`).waitFor()
  await hr.page.locator('[data-test=case-submit]').click()
  await confirmBox(hr.page)
  await hr.page.locator('[data-test=case-head] [data-status=received]').waitFor()

  // The officer asks for the missing materials and one more point, all at once.
  const of = await signedIn('officer_demo', DESKTOP)
  await of.page.goto(`/service-cases/${caseId}`)
  await of.page.locator('[data-test=case-correction]').click()
  for (const m of rest) await of.page.locator('.el-dialog .el-checkbox', { hasText: m.name }).click()
  await of.page.locator('textarea[data-test=correction-points]').fill('备案表请加盖企业公章')
  await of.page.locator('[data-test=case-step-submit]').click()
  await of.page.locator('[data-test=case-head] [data-status=correcting]').waitFor()
  assertNoProblems(of.problems, 'officer')

  // HR on the phone: the points, the hint, the uploads, resubmit.
  await hr.page.reload()
  await hr.page.locator('[data-test=case-head] [data-status=correcting]').waitFor()
  const points = await hr.page.locator('[data-test=case-correction] li').allInnerTexts()
  assert.deepEqual(points, [...rest.map((m) => m.name), '备案表请加盖企业公章'])
  await hr.page.locator('[data-test=case-hint]').waitFor()
  await assertNoSideScroll(hr.page, 'case to correct at 390 px')
  await screenshot(hr.page, 'services-case-correcting-phone')
  for (const m of rest) {
    const [c] = await Promise.all([hr.page.waitForEvent('filechooser'), hr.page.locator(`[data-test=upload-${m.id}]`).click()])
    await c.setFiles({ name: `${m.name}.pdf`, mimeType: 'application/pdf', buffer: PDF })
    await hr.page.locator(`[data-test=material-${m.id}] [data-state=uploaded]`).waitFor()
  }
  await hr.page.locator('[data-test=case-resubmit]').click()
  await confirmBox(hr.page)
  await hr.page.locator('[data-test=case-head] [data-status=received]').waitFor()
  assert.match(await hr.page.locator('[data-test=case-head] [data-test=clock]').innerText(), /待受理/)
  const answered = (await apiCall(hr.page, 'GET', `/services/cases/${caseId}`)).body.case
  assert.ok(answered.correction.answered_on, 'the correction is answered')
  assert.equal(answered.materials.filter((m) => m.state === 'missing').length, 0, 'nothing missing any more')
  assertNoProblems(hr.problems, 'HR')
})

// A day counted from today in China, as YYYY-MM-DD.
const chinaDay = (offset) => new Date(Date.now() + 8 * 3600e3 + offset * 86400e3).toISOString().slice(0, 10)

test('a funding round from draft to payment: create and publish, HR apply on a phone, publicity, result, payments', async () => {
  const name = `2026年补充批次（测试${process.pid}）`
  const of = await signedIn('officer_demo', DESKTOP)
  const policy = (await apiCall(of.page, 'GET', '/services/policies')).body.items.find((p) => !p.no_application)
  await of.page.goto('/service-rounds')
  await of.page.locator('[data-test=round-create]').click()
  await of.page.locator('[data-test=round-policy]').click()
  await pickOption(of.page, policy.title)
  await of.page.locator('input[data-test=round-name]').fill(name)
  for (const [label, day] of [['申报开始', chinaDay(-30)], ['申报截止', chinaDay(1)]]) {
    const input = of.page.locator('.el-dialog .el-form-item', { hasText: label }).locator('.el-date-editor input')
    await input.fill(day)
    await input.press('Enter')
  }
  await of.page.locator('[data-test=round-create-submit]').click()
  await of.page.locator('.el-message', { hasText: '已创建批次' }).waitFor()
  const round = (await apiCall(of.page, 'GET', '/services/rounds')).body.items.find((r) => r.name === name)
  assert.equal(round.phase, 'draft')
  await of.page.locator(`[data-test=round-publish-${round.id}]`).click()
  await confirmBox(of.page)
  await of.page.locator(`[data-test=round-${round.id}] .el-tag`, { hasText: '申报中' }).waitFor()

  // HR on a phone: the pre-check, the amount, the application on the card.
  const hr = await signedIn('hr_demo', PHONE)
  await hr.page.goto('/service-rounds')
  await hr.page.locator(`[data-test=round-apply-${round.id}]`).click()
  await hr.page.locator('[data-test=precheck] .el-alert', { hasText: '符合申报条件' }).waitFor()
  await hr.page.locator('[data-test=round-amount] input').fill('200000')
  await assertNoSideScroll(hr.page, 'apply dialog at 390 px')
  await screenshot(hr.page, 'services-round-apply-phone', { fullPage: false })
  await hr.page.locator('[data-test=round-apply-submit]').click()
  await hr.page.locator(`[data-test=round-${round.id}] [data-test=round-mine] [data-status=submitted]`).waitFor()
  const app = (await apiCall(hr.page, 'GET', `/services/policy-applications?round_id=${round.id}`)).body.items[0]
  assert.equal(app.amount_requested, 200000)
  assertNoProblems(hr.problems, 'HR')

  // Set-up through the API: the round closed 20 days ago, the application reviewed (passed).
  assert.equal((await apiCall(of.page, 'POST', `/services/rounds/${round.id}`, { closes_on: chinaDay(-20), publicity_days: 1 })).status, 200)
  const scores = Object.fromEntries(policy.score_sheet.map((l) => [l.key, l.max]))
  assert.equal((await apiCall(of.page, 'POST', `/services/policy-applications/${app.id}/review`, { scores, amount: 150000 })).body.application.status, 'passed')

  // 公示 from the day after the close (补录), one working day: over by now.
  await of.page.reload()
  await of.page.locator(`[data-test=round-publicity-${round.id}]`).click()
  const on = of.page.locator('.el-dialog .el-form-item', { hasText: '公示开始日期' }).locator('.el-date-editor input')
  await on.fill(chinaDay(-19))
  await on.press('Enter')
  await of.page.locator('[data-test=round-publicity-submit]').click()
  await of.page.locator(`[data-test=round-${round.id}] .el-tag`, { hasText: '公示中' }).waitFor()
  await of.page.locator(`[data-test=round-finalize-${round.id}]`).click()
  await confirmBox(of.page)
  await of.page.locator(`[data-test=round-${round.id}] .el-tag`, { hasText: '已完成' }).waitFor()

  // 拨付: 100,000 then the rest; one beyond the approved 150,000 is refused, the field named.
  await of.page.locator(`[data-test=round-open-${round.id}]`).click()
  for (const [amount, ok] of [['100000', true], ['80000', false], ['50000', true]]) {
    await of.page.locator(`[data-test=pay-${app.id}]`).click()
    await of.page.locator('[data-test=pay-amount] input').fill(amount)
    await of.page.locator('input[data-test=pay-voucher]').fill(`GK2026-${amount}`)
    await of.page.locator('[data-test=pay-submit]').click()
    if (!ok) {
      await of.page.locator('.el-dialog .el-form-item.is-error', { hasText: '本次拨付金额' }).waitFor()
      await screenshot(of.page, 'services-round-pay-refused-desktop', { fullPage: false })
      await of.page.locator('.el-dialog__footer button', { hasText: '取消' }).last().click()
    } else {
      await of.page.locator('.el-message', { hasText: '已登记拨付' }).last().waitFor()
    }
  }
  await of.page.locator('[data-test=round-applications]', { hasText: '¥150,000 / 150,000' }).waitFor()
  assert.equal(await of.page.locator(`[data-test=pay-${app.id}]`).count(), 0, 'paid in full')
  const paid = (await apiCall(of.page, 'GET', `/services/policy-applications/${app.id}`)).body.application
  assert.equal(paid.status, 'approved')
  assert.deepEqual(paid.payments.map((p) => p.amount), [100000, 50000])
  assertNoProblems(of.problems, 'officer')
})


test('policies and round dates: a 免申即享 policy with a condition (a bad score line named on its field), a round\'s close date changed, the grant', async () => {
  const title = `园区企业稳岗免申即享（测试${process.pid}）`
  const of = await signedIn('officer_demo', DESKTOP)
  await of.page.setViewportSize({ width: 1440, height: 900 })
  await of.page.goto('/service-rounds')
  await of.page.locator('[data-test=policies-open]').click()
  await of.page.locator('[data-test=policies-drawer] [data-test=policy-conditions-text]').first().waitFor()
  await of.page.locator('[data-test=policy-create]').click()
  await of.page.locator('input[data-test=policy-title]').fill(title)
  await of.page.locator('[data-test=policy-no-application]').click()
  await of.page.locator('[data-test=policy-in-zone]').click()
  // The first score line has no name: the server refuses it and 评分表 shows why.
  await of.page.locator('[data-test=policy-submit]').click()
  await of.page.locator('.el-dialog .el-form-item.is-error', { hasText: '评分表' }).waitFor()
  await screenshot(of.page, 'services-policy-refused-desktop', { fullPage: false })
  await of.page.locator('[data-test=policy-line-0] input').first().fill('稳岗人数')
  await of.page.locator('[data-test=policy-add-line]').click()
  await of.page.locator('[data-test=policy-line-1] input').first().fill('社保缴纳')
  await of.page.locator('[data-test=policy-submit]').click()
  await of.page.locator('.el-message', { hasText: '政策已保存' }).waitFor()
  const policy = (await apiCall(of.page, 'GET', '/services/policies')).body.items.find((p) => p.title === title)
  assert.deepEqual(policy.conditions, { in_zone: true })
  assert.equal(policy.no_application, true)
  assert.deepEqual(policy.score_sheet.map((l) => [l.name, l.max]), [['稳岗人数', 100], ['社保缴纳', 10]])
  const card = of.page.locator(`[data-test=policy-${policy.id}]`)
  await card.locator('.el-tag', { hasText: '在本园区注册' }).waitFor()

  // A published round of it (set up through the API; the rounds reload after the next save).
  const round = (await apiCall(of.page, 'POST', '/services/rounds', { policy_id: policy.id, name: '2026年免申批次', opens_on: chinaDay(-5), closes_on: chinaDay(10) })).body.round
  assert.equal((await apiCall(of.page, 'POST', `/services/rounds/${round.id}/step`, { step: 'publish' })).status, 200)

  // Edit: the pass score; the keys of the lines stay.
  await of.page.locator(`[data-test=policy-edit-${policy.id}]`).click()
  await of.page.locator('[data-test=policy-pass] input').fill('70')
  await of.page.locator('[data-test=policy-submit]').click()
  await card.getByText('合格线 70').waitFor()
  const edited = (await apiCall(of.page, 'GET', `/services/policies/${policy.id}`)).body.policy
  assert.deepEqual(edited.score_sheet.map((l) => l.key), policy.score_sheet.map((l) => l.key))

  // The round's close date changed on its card: before the opening the server names the
  // field, then a later one is saved.
  await of.page.keyboard.press('Escape')
  const closes = of.page.locator('.el-dialog .el-form-item', { hasText: '申报截止' }).locator('.el-date-editor input')
  for (const [day, ok] of [[chinaDay(-10), false], [chinaDay(20), true]]) {
    await of.page.locator(`[data-test=round-edit-${round.id}]`).click()
    await closes.fill(day)
    await closes.press('Enter')
    await of.page.locator('[data-test=round-edit-submit]').click()
    if (ok) break
    await of.page.locator('.el-dialog .el-form-item.is-error', { hasText: '申报截止' }).waitFor()
    await screenshot(of.page, 'services-round-edit-refused-desktop', { fullPage: false })
    await of.page.locator('.el-dialog__footer:visible button', { hasText: '取消' }).click()
  }
  await of.page.locator('.el-message', { hasText: '批次已修改' }).waitFor()
  await of.page.locator(`[data-test=round-${round.id}]`, { hasText: chinaDay(20) }).waitFor()
  assert.equal((await apiCall(of.page, 'GET', `/services/rounds/${round.id}`)).body.round.closes_on, chinaDay(20))

  // 免申即享: the eligible enterprises (in the zone) ticked, granted without applying.
  await of.page.locator(`[data-test=round-grant-${round.id}]`).click()
  const grant = of.page.locator('[data-test=round-grant-dialog]')
  await grant.locator('.el-checkbox.is-checked').first().waitFor()
  const ticked = await grant.locator('.el-checkbox.is-checked').count()
  await of.page.locator('[data-test=round-grant-submit]').click()
  await of.page.locator('.el-message', { hasText: `已向 ${ticked} 家企业发放` }).waitFor()
  const apps = (await apiCall(of.page, 'GET', `/services/policy-applications?round_id=${round.id}`)).body
  assert.equal(apps.total, ticked)
  assert.ok(apps.items.every((a) => a.source === 'granted' && a.status === 'passed'))

  // At 390 px: the policies as cards, the dialog filling the screen.
  await of.page.setViewportSize(PHONE)
  await of.page.reload()
  await of.page.locator('[data-test=policies-open]').click()
  await card.waitFor()
  await assertNoSideScroll(of.page, 'policies at 390 px')
  await screenshot(of.page, 'services-policies-phone', { fullPage: false })
  await of.page.locator(`[data-test=policy-edit-${policy.id}]`).click()
  await of.page.locator('input[data-test=policy-title]').waitFor()
  await screenshot(of.page, 'services-policy-dialog-phone', { fullPage: false })
  await of.page.setViewportSize(DESKTOP)
  assertNoProblems(of.problems, 'officer')
})
