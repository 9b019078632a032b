// A judge scores on a 390-px phone (issue #10): judge_demo opens 我的评审, the 复赛 with its
// progress, the list of their assigned teams (only theirs), one team's materials (its own
// plan; another team's plan is refused), marks a criterion by tapping an anchor and the
// others by typing, saves a draft (kept after a reload), sees the weighted total, submits
// and finds the sheet locked (the API refuses a change: 409).  No page names another
// judge.  Screenshots at 390 px and 1440 px; no sideways scroll; controls named, contrast.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  DEMO, PHONE, apiCall, assertNoProblems, assertNoSideScroll, confirmBox, launchBrowser, login, openPage, settled,
  startServer,
} from './harness.mjs'
import { assertAccessible, demoEdition, snap } from './competition_lib.mjs'

const WIDE = { width: 1440, height: 900 }

describe('competition: a judge scores on a phone', () => {
  let server
  let browser
  let op
  let ids
  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
    op = await openPage(browser, server, { viewport: WIDE })
    await login(op.page, DEMO.operator.login)
    ids = await demoEdition(op.page)
  })
  after(async () => {
    if (browser) await browser.close()
    if (server) await server.stop()
  })

  it('judge_demo: my rounds, the team list, draft, submit, locked', async () => {
    const { context, page, problems } = await openPage(browser, server, { viewport: PHONE })
    await login(page, DEMO.judge.login)
    const r2 = ids.r2.id
    const review = (await apiCall(page, 'GET', `/competition/rounds/${r2}/review`)).body
    const mine = new Set(review.items.map((x) => x.team_id))
    const todo = review.items.find((x) => !x.score_status)
    assert.ok(todo, 'judge_demo has a 复赛 team not yet scored')

    // 我的评审 → the 复赛 → the team list.
    await page.goto('/competition/judging')
    const round = page.locator(`[data-test=judging-round-${r2}]`)
    await round.waitFor()
    assert.match(await round.innerText(), new RegExp(`已提交 0/${review.items.length}`))
    await assertAccessible(page, 'judging')
    await snap(page, 'competition-judge-judging-phone')
    await page.locator(`[data-test=judging-open-${r2}]`).click()
    await page.waitForURL(`**/competition/rounds/${r2}/review`)
    await page.locator('[data-test=review-list] li').first().waitFor()
    const listed = await page.locator('[data-test^=review-team-]').evaluateAll((els) => els.map((e) => Number(e.dataset.test.split('-').pop())))
    assert.deepEqual(new Set(listed), mine, 'exactly the assigned teams are listed')
    await assertNoSideScroll(page, 'review list')
    await assertAccessible(page, 'review list')
    await snap(page, 'competition-judge-review-phone')

    // The team's sheet: its own plan is readable, another team's is not.
    await page.locator(`[data-test=review-team-${todo.team_id}]`).click()
    await page.waitForURL(`**/competition/rounds/${r2}/review/${todo.team_id}`)
    await page.locator('[data-test=score-sheet]').waitFor()
    assert.equal((await page.locator('[data-test=score-team]').innerText()).trim(), todo.name)
    const href = await page.locator('[data-test=score-plan]').getAttribute('href')
    assert.equal(href, `/api/v1/competition/teams/${todo.team_id}/plan`)
    const planStatus = (url) => page.evaluate(async (u) => (await fetch(u)).status, url)
    assert.equal(await planStatus(href), 200, 'the assigned team’s plan downloads')
    const entries = (await apiCall(page, 'GET', `/competition/editions/${ids.edition.id}/entries`)).body.items
    const other = entries.find((e) => !mine.has(e.id))
    assert.ok([403, 404].includes(await planStatus(`/api/v1/competition/teams/${other.id}/plan`)), 'another team’s plan is refused')

    // Tap the first anchor of the first criterion; type the others but the last.
    const criteria = review.criteria
    const anchored = criteria.find((c) => c.anchors.length)
    await page.locator(`[data-test=criterion-${anchored.id}] .anchor`).first().click()
    const marks = { [anchored.id]: anchored.anchors[0].score }
    const typed = criteria.filter((c) => c.id !== anchored.id)
    for (const [i, c] of typed.slice(0, -1).entries()) {
      const v = 6 + i * 0.5
      await page.locator(`[data-test=mark-${c.id}] input`).fill(String(v))
      await page.locator(`[data-test=mark-${c.id}] input`).press('Tab')
      marks[c.id] = v
    }
    assert.equal(await page.locator('[data-test=score-submit]').isDisabled(), true, 'a partial sheet cannot be submitted')
    await page.locator('textarea[data-test=score-comment]').fill('商业模式清晰，建议补充市场数据')
    await page.locator('[data-test=score-draft]').click()
    await page.getByText('草稿已保存').waitFor()
    const draft = (await apiCall(page, 'GET', `/competition/rounds/${r2}/review`)).body.items.find((x) => x.team_id === todo.team_id)
    assert.equal(draft.score_status, 'draft')
    for (const [k, v] of Object.entries(marks)) assert.equal(draft.marks[k], v, `criterion ${k} saved`)
    await snap(page, 'competition-judge-score-draft-phone')

    // A reload keeps the draft; the last mark completes the sheet and the total adds up.
    await page.reload()
    await page.locator('[data-test=score-sheet]').waitFor()
    const last = typed[typed.length - 1]
    assert.equal(await page.locator(`[data-test=mark-${typed[0].id}] input`).inputValue(), marks[typed[0].id].toFixed(1))
    await page.locator(`[data-test=mark-${last.id}] input`).fill('8.3')
    await page.locator(`[data-test=mark-${last.id}] input`).press('Tab')
    marks[last.id] = 8.3
    const total = criteria.reduce((s, c) => s + (c.weight * marks[c.id]) / 10, 0)
    await page.locator('[data-test=score-total]', { hasText: total.toFixed(1) }).waitFor()
    await assertNoSideScroll(page, 'score sheet')
    await assertAccessible(page, 'score sheet')

    // Submit: confirmed, then locked.
    await page.locator('[data-test=score-submit]').click()
    await confirmBox(page)
    await page.locator('[data-test=score-locked]').waitFor()
    assert.equal(await page.locator('[data-test^=mark-] input').count(), 0, 'no mark can be typed once submitted')
    assert.equal(await page.locator('[data-test=score-submit], [data-test=score-draft]').count(), 0)
    assert.equal((await page.locator(`[data-test=mark-${last.id}]`).innerText()).trim(), '8.3')
    const again = await apiCall(page, 'POST', `/competition/rounds/${r2}/scores`, { team_id: todo.team_id, marks, submit: true })
    assert.equal(again.status, 409, 'a submitted score is locked')
    const stored = (await apiCall(op.page, 'GET', `/competition/rounds/${r2}/scores?team_id=${todo.team_id}`)).body.items
      .find((s) => s.team === todo.name && s.status === 'submitted' && Math.abs(s.total - total) < 0.001)
    assert.ok(stored, 'the operator sees the submitted total')
    await assertAccessible(page, 'locked sheet')
    await snap(page, 'competition-judge-score-locked-phone')

    // No judge's name but judge_demo's own on the judge's pages.
    const own = (await apiCall(page, 'GET', '/me')).body.account.display_name
    const others = [...new Set((await apiCall(op.page, 'GET', `/competition/editions/${ids.edition.id}/judges`)).body.items
      .map((j) => j.name).filter((n) => n !== own))]
    for (const path of [`/competition/rounds/${r2}/review`, `/competition/rounds/${r2}/review/${todo.team_id}`, '/competition/judging']) {
      await page.goto(path)
      await settled(page)
      const text = await page.locator('#app').innerText()
      const named = others.filter((n) => text.includes(n))
      assert.deepEqual(named, [], `${path} names other judges`)
    }

    // The same pages at 1440 px.
    const wide = await openPage(browser, server, { viewport: WIDE })
    await wide.context.addCookies(await context.cookies())
    for (const [path, name] of [['/competition/judging', 'judging'], [`/competition/rounds/${r2}/review`, 'review'],
      [`/competition/rounds/${r2}/review/${todo.team_id}`, 'score-locked']]) {
      await wide.page.goto(path)
      await settled(wide.page)
      await snap(wide.page, `competition-judge-${name}-desktop`)
    }
    assertNoProblems(wide.problems, 'judge desktop')
    await wide.context.close()
    assertNoProblems(problems, 'judge phone')
    await context.close()
  })
})
