// The 决赛 roadshow (路演) live in two browsers (issue #10): the operator's control page and
// the 大屏 (opened by college staff on the venue's screen).  The operator saves a running
// order and calls the first team → the screen shows it; starts the timer → the screen's
// timer runs; pauses; the team's judges submit (API) → both pages count 7/7 through the
// round's event stream; reveal → the screen shows the normalised result the API holds;
// calling another team moves the stage and the board keeps the first result; clear → idle.
// The screen is never reloaded.  Screenshots at 1440 px and 390 px.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  DEMO, PHONE, apiCall, assertNoProblems, launchBrowser, login, openPage, startServer,
} from './harness.mjs'
import { assertAccessible, scoreRound, toFinal, snap } from './competition_lib.mjs'

const WIDE = { width: 1440, height: 900 }
const LIVE_MS = 10_000 // a live update must arrive well within this

describe('competition: the roadshow screen follows the control page', () => {
  let server
  let browser
  let op
  let ids
  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
    op = await openPage(browser, server, { viewport: WIDE })
    await login(op.page, DEMO.operator.login)
    ids = await toFinal(browser, server, op.page)
  })
  after(async () => {
    if (browser) await browser.close()
    if (server) await server.stop()
  })

  it('call, timer, scores, reveal and clear reach the big screen live', async () => {
    const r3 = ids.r3.id
    const control = op.page
    const screen = await openPage(browser, server, { viewport: WIDE })
    await login(screen.page, DEMO.college.login)
    await screen.page.goto(`/competition/rounds/${r3}/screen`)
    await screen.page.locator('[data-test=screen-idle]').waitFor()
    await screen.page.evaluate(() => { window.__kept = 'kept' })
    const screenText = (sel) => screen.page.locator(sel).innerText()

    await control.goto(`/competition/rounds/${r3}?tab=stage`)
    await control.locator('[data-test=running-order] li').first().waitFor()
    // The control page keeps the live stream open (never network-idle): wait until it is connected.
    await control.locator('[data-test=stage-control] .live.on').waitFor()
    // Move the first team down one place and save the order.
    const names = async () => (await control.locator('[data-test=running-order] .otitle').allInnerTexts()).map((s) => s.trim())
    const before = await names()
    await control.locator('[data-test=running-order] li').first().getByRole('button', { name: '下移' }).click()
    await control.locator('[data-test=order-save]').click()
    await control.getByText('出场顺序已保存').waitFor()
    const order = (await apiCall(control, 'GET', `/competition/rounds/${r3}/stage`)).body.order
    assert.deepEqual(order.map((x) => x.name), [before[1], before[0], ...before.slice(2)])
    assert.deepEqual(await names(), order.map((x) => x.name))

    // Call the first team: the screen shows it.
    await control.locator('[data-test=stage-call-next]').click()
    const first = order[0]
    await screen.page.locator('[data-test=screen-team]', { hasText: first.name }).waitFor({ timeout: LIVE_MS })
    await control.locator('[data-test=control-on-stage]', { hasText: first.name }).waitFor()
    const initial = (await screenText('[data-test=screen-timer]')).trim()

    // Start: the screen's timer runs; pause: it stops.
    await control.locator('[data-test=stage-start]').click()
    await screen.page.getByText('计时中').waitFor({ timeout: LIVE_MS })
    await screen.page.waitForFunction((t) => document.querySelector('[data-test=screen-timer]').innerText.trim() !== t, initial, { timeout: LIVE_MS })
    await snap(screen.page, 'competition-roadshow-screen-running-desktop', { fullPage: false })
    await control.locator('[data-test=stage-pause]').click()
    await screen.page.getByText('已暂停').waitFor({ timeout: LIVE_MS })
    assert.equal((await apiCall(control, 'GET', `/competition/rounds/${r3}/stage`)).body.timer.running, false)

    // The team's judges submit: both pages count them, live.
    const assigned = (await apiCall(control, 'GET', `/competition/rounds/${r3}/stage`)).body.on_stage.assigned
    await scoreRound(browser, server, control, ids.edition.id, r3, { teams: [first.team_id], markOf: (t, j) => 7 + (j % 3) * 0.5 })
    await control.locator('[data-test=control-scored]', { hasText: `${assigned}/${assigned}` }).waitFor({ timeout: LIVE_MS })
    await screen.page.locator('[data-test=screen-scoring]', { hasText: `${assigned}/${assigned}` }).waitFor({ timeout: LIVE_MS })

    // Reveal: the screen shows the result the server keeps.
    await control.locator('[data-test=stage-reveal]').click()
    await screen.page.locator('[data-test=screen-result]').waitFor({ timeout: LIVE_MS })
    const revealed = (await apiCall(control, 'GET', `/competition/rounds/${r3}/stage`)).body.on_stage.revealed
    assert.ok(revealed && revealed.judges === assigned)
    assert.match(await screenText('[data-test=screen-result]'), new RegExp(revealed.normalized.toFixed(2).replace('.', '\\.')))
    await snap(screen.page, 'competition-roadshow-screen-revealed-desktop', { fullPage: false })
    await snap(control, 'competition-roadshow-control-desktop')
    await assertAccessible(control, 'stage control')

    // Another team on stage; the board keeps the first one's result.
    const second = order[1]
    await control.locator(`[data-test=stage-call-${second.team_id}]`).click()
    await screen.page.locator('[data-test=screen-team]', { hasText: second.name }).waitFor({ timeout: LIVE_MS })
    await screen.page.locator('.board li', { hasText: first.name }).getByText(revealed.normalized.toFixed(2)).waitFor()
    await control.locator('[data-test=stage-clear]').click()
    await screen.page.locator('[data-test=screen-idle]').waitFor({ timeout: LIVE_MS })
    assert.equal(await screen.page.evaluate(() => window.__kept), 'kept', 'the screen was never reloaded')

    // The screen on a phone (a student following the final).
    const phone = await openPage(browser, server, { viewport: PHONE })
    await login(phone.page, DEMO.student.login)
    await phone.page.goto(`/competition/rounds/${r3}/screen`)
    await phone.page.locator('[data-test=screen-idle]').waitFor()
    await snap(phone.page, 'competition-roadshow-screen-phone')
    await control.setViewportSize(PHONE)
    await control.reload()
    await control.locator('[data-test=running-order] li').first().waitFor()
    await snap(control, 'competition-roadshow-control-phone')
    await control.setViewportSize(WIDE)
    assertNoProblems(phone.problems, 'screen on a phone')
    assertNoProblems(screen.problems, 'big screen')
    assertNoProblems(op.problems, 'control')
    await phone.context.close()
    await screen.context.close()
  })
})
