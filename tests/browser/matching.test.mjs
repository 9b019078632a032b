// Matching in the browser (issue #4), as people use it:
//  - a student on a 390-px phone opens 为你推荐, asks "为什么推荐" and reads parts that
//    add up to the score; switches personalised recommendations off in 我的档案 and
//    sees a plainly-labelled listing without scores, then switches back;
//  - HR opens 推荐人选 of a position from 岗位管理 (phones masked) and "为什么推荐此人";
//  - a centralised match round: the operator creates it in the dialog; the student
//    fills in 志愿 (adds, reorders, submits) and sees a vetoed choice explained;
//    HR ranks who chose a position (buttons and drag), saves, and is told when an
//    explanation is not theirs to see; the operator previews (figures and charts),
//    publishes; the student sees the result with its explanation, HR theirs;
//    another round is cancelled.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  DEMO, DESKTOP, PHONE, apiCall, assertNoProblems, assertNoSideScroll, claimableStudents, confirmBox,
  launchBrowser, login, openPage, screenshot, settled, startServer,
} from './harness.mjs'

const ROUND = '2026 届暑期实习集中匹配（浏览器测试）'

/** The numbers of the open explanation dialog: total and each component's points. */
async function dialogNumbers(page) {
  const dialog = page.locator('[data-test=explain-dialog]')
  await dialog.locator('[data-test=score-breakdown]').waitFor()
  const num = (s) => Number(s.replace(/[^\d]/g, ''))
  const total = num(await dialog.locator('[data-test=explain-total]').innerText())
  const parts = (await dialog.locator('[data-test^=component-] .pts b').allInnerTexts()).map(num)
  return { total, parts }
}

async function closeDialog(page) {
  await page.locator('[data-test=explain-close]').click()
  await page.locator('[data-test=explain-dialog]').waitFor({ state: 'hidden' })
}

/** Logs a context in through the API (set-up only: the people under test use the UI). */
async function apiLogin(page, loginName, password) {
  const status = await page.evaluate(async ({ loginName, password }) => (await fetch('/api/v1/auth/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: loginName, password }),
  })).status, { loginName, password })
  assert.equal(status, 200, `login ${loginName}`)
}

describe('matching: recommendations, candidates, match rounds', () => {
  let server
  let browser
  let student
  let hr
  let op
  let roundId
  const ids = {} // chosen positions: first, second (eligible, HR's), vetoed (HR's)
  const others = [] // registered students who also choose HR's position

  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
    student = await openPage(browser, server, { viewport: PHONE })
    await login(student.page, DEMO.student.login)
    hr = await openPage(browser, server, { viewport: DESKTOP })
    await login(hr.page, DEMO.enterprise.login)
    op = await openPage(browser, server, { viewport: DESKTOP })
    await login(op.page, DEMO.operator.login)

    // Positions of hr_demo's enterprise: two the student is eligible for (they are
    // recommended) and one a hard filter rules out.
    const org = (await apiCall(hr.page, 'GET', '/organizations/mine')).body.organization
    const mine = (await apiCall(hr.page, 'GET', '/positions/mine?status=open&page_size=200')).body.items
    const recs = (await apiCall(student.page, 'GET', '/recommendations?k=100')).body.items
    const eligible = recs.filter((r) => r.position.enterprise_name === org.name).map((r) => r.position_id)
    assert.ok(eligible.length >= 2, 'the demo student is recommended two positions of hr_demo')
    ;[ids.first, ids.second] = eligible
    for (const p of mine) {
      const why = (await apiCall(student.page, 'GET', `/match/explain?position_id=${p.id}`)).body
      if (why && why.explanation && !why.explanation.eligible) {
        ids.vetoed = p.id
        break
      }
    }
    assert.ok(ids.vetoed, 'one of hr_demo\'s positions rules the demo student out')
  })
  after(async () => {
    for (const who of [student, hr, op]) if (who) assertNoProblems(who.problems, 'matching pages')
    if (browser) await browser.close()
    if (server) await server.stop()
  })

  it('student: 为你推荐 on a phone, "为什么推荐" adds up', async () => {
    const { page } = student
    await page.locator('[data-test=tab-recommend]').click()
    await page.waitForURL('**/recommendations')
    await page.locator('[data-test=mode-personalised]').waitFor()
    const cards = page.locator('[data-test^=recommend-card-]')
    await cards.first().waitFor()
    assert.ok(await cards.count() >= 2)
    // Best first: the scores shown on the cards never increase.
    const scores = (await page.locator('[data-test=recommend-list] [data-test=mini-score] b').allInnerTexts()).map((s) => Number(s.replace(/,/g, '')))
    assert.deepEqual(scores, [...scores].sort((a, b) => b - a))
    await assertNoSideScroll(page, '/recommendations')
    await screenshot(page, 'student-recommendations-phone')

    const firstId = (await cards.first().getAttribute('data-test')).replace('recommend-card-', '')
    const explained = page.waitForResponse((r) => r.url().includes('/api/v1/match/explain') && r.url().includes(`position_id=${firstId}`))
    await page.locator(`[data-test=why-${firstId}]`).click()
    assert.equal((await explained).status(), 200)
    const { total, parts } = await dialogNumbers(page)
    assert.equal(parts.length, 7, 'seven named components')
    assert.equal(parts.reduce((a, b) => a + b, 0), total, 'the parts add up to the total')
    assert.equal(total, scores[0])
    assert.match(await page.locator('[data-test=explain-formula]').innerText(), new RegExp(`= ${total.toLocaleString('en-US')}$`))
    assert.equal(await page.locator('[data-test=explain-vetoes]').count(), 0, 'a recommended position has no veto')
    await screenshot(page, 'student-recommendation-why-phone', { fullPage: false })
    await closeDialog(page)
  })

  it('student: switching personalised recommendations off gives a plain listing, and back', async () => {
    const { page } = student
    await page.locator('[data-test=recommend-settings]').click()
    await page.waitForURL('**/profile#privacy')
    const sw = page.locator('[data-test=switch-personalised]')
    await sw.waitFor()
    assert.equal(await sw.locator('input').isChecked(), true)
    await sw.click()
    await page.getByText('已关闭个性化推荐').waitFor()
    await page.locator('[data-test=tab-recommend]').click()
    await page.locator('[data-test=mode-plain]').waitFor()
    assert.match(await page.locator('[data-test=mode-plain]').innerText(), /个性化推荐已关闭/)
    await page.locator('[data-test^=recommend-card-]').first().waitFor()
    assert.equal(await page.locator('[data-test^=why-]').count(), 0, 'no scores, no explanations')
    assert.equal(await page.locator('[data-test=mini-score]').count(), 0)
    await assertNoSideScroll(page, '/recommendations (plain)')
    await screenshot(page, 'student-recommendations-off-phone')

    await page.locator('[data-test=recommend-turn-on]').click()
    await page.waitForURL('**/profile#privacy')
    await sw.click()
    await page.getByText('已开启个性化推荐').waitFor()
    await page.locator('[data-test=tab-recommend]').click()
    await page.locator('[data-test=mode-personalised]').waitFor()
    await page.locator('[data-test^=why-]').first().waitFor()
  })

  it('HR: 推荐人选 from 岗位管理, masked phones, "为什么推荐此人"', async () => {
    const { page } = hr
    await page.locator('[data-test=menu-myPositions]').click()
    await page.locator(`[data-test=candidates-${ids.first}]`).click()
    await page.waitForURL(`**/candidates?position=${ids.first}`)
    const table = page.locator('[data-test=candidates-table]')
    await table.locator('.el-table__body tr').first().waitFor()
    await settled(page)
    const text = await table.innerText()
    assert.doesNotMatch(text, /1[3-9]\d{9}/, 'no phone number in full')
    const candidates = (await apiCall(page, 'GET', `/positions/${ids.first}/candidates?k=20`)).body.items
    assert.ok(candidates.length > 0)
    assert.equal(await table.locator('.el-table__body tr').count(), candidates.length)
    const firstRow = candidates[0]
    await page.locator(`[data-test=why-student-${firstRow.student_id}]`).click()
    const { total, parts } = await dialogNumbers(page)
    assert.equal(total, firstRow.score)
    assert.equal(parts.reduce((a, b) => a + b, 0), total)
    assert.match(await page.locator('[data-test=explain-subtitle]').innerText(), new RegExp(firstRow.student.name))
    await screenshot(page, 'hr-candidate-why-desktop', { fullPage: false })
    await closeDialog(page)
    await screenshot(page, 'hr-candidates-desktop')
  })

  it('operator creates a match round in the dialog', async () => {
    const { page } = op
    await page.goto('/match-rounds')
    await page.locator('[data-test=rounds-list]').waitFor()
    await page.locator('[data-test=round-create]').click()
    const dialog = page.locator('[data-test=round-create-dialog]')
    await dialog.waitFor()
    // The name is required (2–60 characters): an empty one is refused on the form.
    await page.locator('[data-test=round-create-submit]').click()
    await dialog.locator('.el-form-item.is-error').waitFor()
    await dialog.locator('input[data-test=round-name]').fill(ROUND)
    await dialog.locator('[data-test=round-list-max] input').fill('5')
    await dialog.locator('[data-test=round-list-max] input').blur()
    await screenshot(page, 'operator-round-create-desktop', { fullPage: false })
    const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/match/rounds') && r.request().method() === 'POST')
    await page.locator('[data-test=round-create-submit]').click()
    const answer = await (await created).json()
    roundId = answer.round.id
    assert.equal(answer.round.list_max, 5)
    await page.waitForURL(`**/match-rounds/${roundId}`)
    assert.equal((await page.locator('[data-test=round-status]').innerText()).trim(), '填报中')
    await page.locator('[data-test=round-no-preview]').waitFor()
    assert.equal(await page.locator('[data-test=round-publish]').isDisabled(), true, 'nothing to publish before a preview')
  })

  it('student fills in 志愿: adds, reorders, submits; a vetoed choice says why', async () => {
    const { page } = student
    // The open round is announced on 为你推荐 (opened afresh: it was made just now).
    await page.goto('/recommendations')
    await page.locator('[data-test=round-banner]').click()
    await page.waitForURL(`**/match-rounds/${roundId}`)
    await page.locator('[data-test=round-positions]').waitFor()
    // Find each position through the pages of the round's list and add it.
    async function addPosition(id) {
      for (let tries = 0; tries < 20; tries++) {
        await settled(page)
        const add = page.locator(`[data-test=add-${id}]`)
        if (await add.count()) {
          await add.click()
          return
        }
        await page.locator('[data-test=round-positions] .btn-next').click()
      }
      assert.fail(`position ${id} not found in the round's list`)
    }
    for (const id of [ids.second, ids.vetoed, ids.first]) {
      await page.locator('[data-test=round-positions] .el-pager li').first().click()
      await addPosition(id)
    }
    await page.locator('[data-test=choices-unsaved]').waitFor()
    // Order: first, second, vetoed — by the arrows (down and back up once too).
    await page.locator(`[data-test=choice-up-${ids.first}]`).click()
    await page.locator(`[data-test=choice-up-${ids.first}]`).click()
    await page.locator(`[data-test=choice-down-${ids.first}]`).click()
    await page.locator(`[data-test=choice-up-${ids.first}]`).click()
    const order = await page.locator('[data-test=my-choices] [data-test^=choice-]').evaluateAll((els) => els
      .map((e) => e.getAttribute('data-test')).filter((s) => /^choice-\d+$/.test(s)).map((s) => Number(s.slice(7))))
    assert.deepEqual(order, [ids.first, ids.second, ids.vetoed])
    assert.equal((await page.locator('[data-test=choices-count]').innerText()).trim(), '3 / 5')
    await assertNoSideScroll(page, 'round (student)')
    await screenshot(page, 'student-round-choices-phone')
    await page.locator('[data-test=choices-save]').click()
    await page.getByText('已提交 3 个志愿').waitFor()
    await page.locator('[data-test=choices-unsaved]').waitFor({ state: 'detached' })
    const saved = (await apiCall(page, 'GET', `/match/rounds/${roundId}/choices`)).body.items
    assert.deepEqual(saved.map((c) => c.position_id), [ids.first, ids.second, ids.vetoed])

    // The vetoed choice is flagged, and "匹配说明" names the hard filter.
    await page.locator(`[data-test=choice-ruled-out-${ids.vetoed}]`).waitFor()
    assert.equal(await page.locator(`[data-test=choice-ruled-out-${ids.first}]`).count(), 0)
    await page.locator(`[data-test=choice-why-${ids.vetoed}]`).click()
    const dialog = page.locator('[data-test=explain-dialog]')
    await dialog.locator('[data-test=explain-vetoes]').waitFor()
    assert.match(await dialog.innerText(), /不符合硬性条件/)
    const { total, parts } = await dialogNumbers(page)
    assert.equal(parts.reduce((a, b) => a + b, 0), total)
    await screenshot(page, 'student-round-veto-phone', { fullPage: false })
    await closeDialog(page)

    // Two more students choose the first position (set-up through the API).
    const records = await claimableStudents(browser, server, 2, {
      fresh: [1, 2].map((i) => ({ student_no: `20998800${i}`, name: `志愿测试${i}` })),
    })
    for (let i = 1; i <= 2; i++) {
      const other = await openPage(browser, server, { viewport: DESKTOP })
      await other.page.goto('/login')
      const body = { ...records[i - 1], login: `round_student_${i}`, password: 'round-student-pass' }
      const status = await other.page.evaluate(async (b) => (await fetch('/api/v1/register/student', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(b),
      })).status, body)
      assert.equal(status, 201)
      await apiLogin(other.page, body.login, body.password)
      const me = (await apiCall(other.page, 'GET', '/students/me')).body.student
      others.push({ id: me.id, name: body.name })
      const r = await apiCall(other.page, 'POST', `/match/rounds/${roundId}/choices`, { position_ids: [ids.first] })
      assert.equal(r.status, 200)
      await other.context.close()
    }
  })

  it('HR ranks who chose their position (buttons and drag) and saves', async () => {
    const { page } = hr
    await page.locator('[data-test=menu-matchRounds]').click()
    await page.locator(`[data-test=round-card-${roundId}]`).click()
    const group = page.locator(`[data-test=applicants-${ids.first}]`)
    await group.waitFor()
    assert.equal((await page.locator(`[data-test=ranking-mode-${ids.first}]`).innerText()).trim(), '按匹配分排序')
    const rows = () => group.locator('[data-test^=applicant-]').evaluateAll((els) => els
      .map((e) => e.getAttribute('data-test')).filter((s) => /^applicant-\d+-\d+$/.test(s)).map((s) => Number(s.split('-')[2])))
    const before = await rows()
    assert.equal(before.length, 3, 'the demo student and the two others chose it')
    // The last one up by the buttons, then the (new) last dragged to the top.
    const last = before[2]
    await page.locator(`[data-test=applicant-up-${ids.first}-${last}]`).click()
    let now = await rows()
    assert.deepEqual(now, [before[0], last, before[1]])
    await group.locator(`[data-test=applicant-${ids.first}-${before[1]}]`).dragTo(group.locator(`[data-test=applicant-${ids.first}-${before[0]}]`))
    now = await rows()
    assert.deepEqual(now, [before[1], before[0], last])
    await page.locator(`[data-test=ranking-unsaved-${ids.first}]`).waitFor()
    await screenshot(page, 'hr-round-ranking-desktop')
    await page.locator(`[data-test=ranking-save-${ids.first}]`).click()
    await page.getByText('排序已保存').waitFor()
    await page.locator(`[data-test=ranking-mode-${ids.first}]`, { hasText: '按企业排序' }).waitFor()
    const saved = (await apiCall(page, 'GET', `/match/rounds/${roundId}/applicants`)).body.items
      .filter((a) => a.position_id === ids.first).sort((a, b) => a.hr_rank - b.hr_rank).map((a) => a.student_id)
    assert.deepEqual(saved, now)

    // A registered student is neither discoverable nor an applicant, but chose this
    // position in the round, which ranks them by this score: HR sees why.
    await page.locator(`[data-test=applicant-why-${ids.first}-${others[0].id}]`).click()
    await page.locator('[data-test=explain-total]').waitFor()
    const api = (await apiCall(page, 'GET', `/match/explain?student_id=${others[0].id}&position_id=${ids.first}`)).body
    assert.equal(Number((await page.locator('[data-test=explain-total]').innerText()).replace(/[^\d]/g, '')), api.explanation.total)
    assert.equal(await page.locator('[data-test=explain-failure]').count(), 0)
    await closeDialog(page)
  })

  it('operator previews (figures, charts) and publishes', async () => {
    const { page } = op
    await page.reload()
    await page.locator('[data-test=round-preview]').click()
    await page.locator('[data-test=round-stats]').waitFor()
    await page.locator('[data-test=chart-share] canvas').waitFor()
    for (const chart of ['chart-college', 'chart-enterprise', 'chart-unfilled']) await page.locator(`[data-test=${chart}] canvas`).waitFor()
    // Three students chose; the demo student at least fits their first two choices.
    assert.match(await page.locator('[data-test=stat-matched]').innerText(), /[1-3] \/ 3/)
    assert.match(await page.locator('[data-test=stat-stable]').innerText(), /通过/)
    assert.equal((await page.locator('[data-test=round-status]').innerText()).trim(), '已预览')
    await page.locator('[data-test=round-result-table] .el-table__body tr').first().waitFor()
    await settled(page)
    await screenshot(page, 'operator-round-preview-desktop')
    await page.locator('[data-test=round-publish]').click()
    await confirmBox(page)
    await page.locator('[data-test=round-status]', { hasText: '已发布' }).waitFor()
    assert.equal(await page.locator('[data-test=round-preview]').count(), 0, 'no more previews once published')
  })

  it('the student sees the result with its explanation; HR theirs', async () => {
    const { page } = student
    await page.reload()
    const result = page.locator('[data-test=my-round-result]')
    await result.waitFor()
    // HR put another student first: the demo student has their first or second choice.
    assert.match(await result.locator('[data-test=my-round-matched]').innerText(), /第 [12] 志愿/)
    const total = Number((await result.locator('[data-test=explain-total]').innerText()).replace(/,/g, ''))
    const parts = (await result.locator('[data-test^=component-] .pts b').allInnerTexts()).map((s) => Number(s.replace(/,/g, '')))
    assert.equal(parts.reduce((a, b) => a + b, 0), total)
    assert.equal(await page.locator('[data-test=choices-save]').count(), 0, 'choices are closed')
    await assertNoSideScroll(page, 'round result (student)')
    await screenshot(page, 'student-round-result-phone')

    await hr.page.reload()
    const table = hr.page.locator('[data-test=hr-round-result] [data-test=round-result-table]')
    await table.locator('.el-table__body tr').first().waitFor()
    assert.match(await table.innerText(), /第 \d 志愿/)
    assert.equal(await hr.page.locator(`[data-test=ranking-save-${ids.first}]`).count(), 0, 'rankings are closed')
    await screenshot(hr.page, 'hr-round-result-desktop')
  })

  it('operator cancels another round; students no longer see it', async () => {
    const { page } = op
    const other = (await apiCall(page, 'POST', '/match/rounds', { name: '取消测试轮次', list_max: 3 })).body.round
    await page.goto(`/match-rounds/${other.id}`)
    await page.locator('[data-test=round-cancel]').click()
    await confirmBox(page)
    await page.locator('[data-test=round-status]', { hasText: '已取消' }).waitFor()
    await page.goto('/match-rounds')
    await page.locator(`[data-test=round-status-${other.id}]`, { hasText: '已取消' }).waitFor()
    await screenshot(page, 'operator-rounds-desktop')
    await student.page.goto('/match-rounds')
    await student.page.locator(`[data-test=round-card-${roundId}]`).waitFor()
    assert.equal(await student.page.locator(`[data-test=round-card-${other.id}]`).count(), 0)
    await screenshot(student.page, 'student-rounds-phone')
  })
})
