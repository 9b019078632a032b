// The organiser (operator) runs the competition's rounds in the browser (issue #10):
//   复赛 results: the teams whose 90% rank interval straddles the cut-off are highlighted,
//   with the proposal of one more judge each — taken for one track; once those judges
//   scored, the round is promoted.  The 决赛: an assignment asked for 30 judges a team is
//   refused with every team named and its counts, nothing written; with 7 it runs (the
//   largest load shown is the API's), a manual swap is re-checked (a judge of the team's
//   college is refused, another accepted), and a team gets an extra judge.  ECharts loads
//   only with the results.  Screenshots of these steps at 1440 px (every page of every role
//   at 1440 px and 390 px: competition_pages.test.mjs).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DEMO, apiCall, assertNoProblems, confirmBox, launchBrowser, login, openPage, settled, startServer } from './harness.mjs'
import { assertAccessible, demoEdition, scoreRound, snap } from './competition_lib.mjs'

const WIDE = { width: 1440, height: 900 }

describe('competition: the organiser assigns judges and reads results', () => {
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

  it('复赛: straddling teams highlighted, extra judges proposed and added, then promotion', async () => {
    const { page } = op
    const r2 = ids.r2.id
    await scoreRound(browser, server, page, ids.edition.id, r2) // judge_demo's last teams
    const scripts = []
    page.on('request', (req) => { if (req.resourceType() === 'script') scripts.push(req.url()) })
    await page.goto(`/competition/rounds/${r2}?tab=scores`)
    await page.locator('[data-test=scores-table]').waitFor()
    await settled(page)
    assert.equal(scripts.filter((u) => /echarts/.test(u)).length, 0, 'no chart library before the results')
    await page.locator('#tab-results').click()
    await page.locator('[data-test=results-table]').waitFor()
    await page.locator('[data-test=leniency-chart] canvas').waitFor()
    assert.ok(scripts.some((u) => /echarts/.test(u)), 'ECharts loads with the results')

    const res = (await apiCall(page, 'GET', `/competition/rounds/${r2}/results`)).body
    const track = res.tracks.find((t) => t.straddling > 0)
    assert.ok(track, 'some track has teams whose interval straddles its cut-off')
    assert.equal(res.tracks.reduce((s, t) => s + t.missing, 0), 0, 'every score is in')
    await page.locator('[data-test=results-tracks] label', { hasText: track.track }).click()
    await page.locator('[data-test=straddling-count]', { hasText: String(track.straddling) }).waitFor()
    const straddlers = track.teams.filter((t) => t.straddles).map((t) => t.name).sort()
    const shown = (await page.locator('[data-test=results-table] tr.straddle-row .wrap').allInnerTexts()).map((s) => s.trim()).sort()
    assert.deepEqual(shown, straddlers, 'the straddling teams are the highlighted rows')
    for (const t of track.teams.filter((x) => x.straddles)) {
      assert.ok(t.interval.lo <= track.cutoff && track.cutoff < t.interval.hi, `${t.name}: its interval contains the cut-off`)
    }
    const proposal = page.locator('[data-test=straddle-proposal]')
    assert.match(await proposal.innerText(), new RegExp(`前 ${track.cutoff} 名.*${track.straddling} 支`))
    await assertAccessible(page, 'results')
    await snap(page, 'competition-operator-results-desktop')

    // One more judge for each straddling team of this track (the proposal), then they score.
    await page.locator('[data-test=extra-straddling]').click()
    await page.getByText(`已增加 ${track.straddling} 名评委`).waitFor()
    const a = (await apiCall(page, 'GET', `/competition/rounds/${r2}/assignments`)).body
    const ids2 = new Set(track.teams.filter((t) => t.straddles).map((t) => t.team_id))
    for (const t of a.teams) {
      const extra = t.judges.filter((j) => j.source === 'extra').length
      assert.equal(extra, ids2.has(t.team_id) ? 1 : 0, `${t.name}: extra judges`)
    }
    assert.equal(a.check.rule, 'ok')
    await page.locator('[data-test=results-missing]', { hasText: String(track.straddling) }).waitFor()
    assert.equal(await page.locator('[data-test=results-promote]').isDisabled(), true, 'no promotion while scores are missing')
    await scoreRound(browser, server, page, ids.edition.id, r2)

    await page.getByRole('button', { name: '刷新' }).click()
    await page.locator('[data-test=results-missing]').waitFor({ state: 'detached' })
    await page.locator('[data-test=results-promote]').click()
    await confirmBox(page)
    await page.getByText(/\d+ 支晋级，\d+ 支未晋级/).waitFor()
    const after = (await apiCall(page, 'GET', `/competition/editions/${ids.edition.id}`)).body.edition
    assert.equal(after.rounds[1].status, 'done')
    const quota = (await apiCall(page, 'GET', `/competition/rounds/${r2}`)).body.round.tracks.reduce((s, t) => s + t.quota, 0)
    assert.equal(after.rounds[2].teams, quota, 'each track’s quota entered the final')
    await page.locator('[data-test=results-table]').waitFor()
    await snap(page, 'competition-operator-results-done-desktop')
  })

  it('决赛: infeasible assignment named, then run; swap re-checked; an extra judge', async () => {
    const { page, problems } = op
    const r3 = ids.r3.id
    await page.goto(`/competition/rounds/${r3}?tab=assign`)
    await page.locator('[data-test=assign-run]').waitFor()

    // Ask for 30 judges a team: refused, every team named, nothing written.
    const setK = async (k) => {
      await page.locator('[data-test=round-edit]').click()
      await page.locator('[data-test=round-per-team] input').fill(String(k))
      await page.locator('[data-test=round-save]').click()
      await page.locator('[data-test=round-dialog]').waitFor({ state: 'hidden' })
    }
    await setK(30)
    await page.locator('[data-test=assign-run]').click()
    const report = page.locator('[data-test=assign-infeasible]')
    await report.waitFor()
    const teams = (await apiCall(page, 'GET', `/competition/rounds/${r3}`)).body.round.teams
    const rows = page.locator('[data-test=short-teams] .el-table__body tr')
    assert.equal(await rows.count(), teams, 'every team of the final is named')
    assert.match(await rows.first().innerText(), /30/)
    assert.match(await report.innerText(), new RegExp(`${teams} 支队伍凑不齐评委`))
    assert.equal((await apiCall(page, 'GET', `/competition/rounds/${r3}/assignments`)).body.teams.every((t) => !t.judges.length), true,
      'nothing was written')
    await snap(page, 'competition-operator-assign-infeasible-desktop')

    await setK(7)
    await page.locator('[data-test=assign-run]').click()
    await page.locator('[data-test=assign-summary]').waitFor()
    let a = (await apiCall(page, 'GET', `/competition/rounds/${r3}/assignments`)).body
    assert.equal((await page.locator('[data-test=assign-max-load]').innerText()).trim(), String(a.max_load))
    assert.ok(a.teams.every((t) => t.judges.length === 7))
    await page.locator('[data-test=assign-check]', { hasText: '全部符合规则' }).waitFor()

    // A swap to a judge of the team's own college is refused; to an eligible judge, accepted.
    const judges = (await apiCall(page, 'GET', `/competition/editions/${ids.edition.id}/judges`)).body.items
    let bad = null
    for (const t of a.teams) {
      const on = new Set(t.judges.map((j) => j.judge_id))
      const j = judges.find((x) => x.status === 'active' && !on.has(x.id) && x.college && x.college === t.college &&
        x.tracks.some((tr) => tr.id === t.track_id))
      if (j) { bad = { team: t, judge: j }; break }
    }
    assert.ok(bad, 'a college judge of some finalist’s track exists')
    // Judges may share a name (the demo's do): pick the option of that judge.
    const pick = async (judge) => {
      await page.locator('[data-test=swap-to]').click()
      const option = page.locator(`[data-test=swap-opt-${judge.id}]`)
      assert.match(await option.innerText(), new RegExp(judge.college || judge.enterprise || judge.name))
      // A click while the list still fades in can be lost: let it open fully first.
      await page.evaluate(() => Promise.all(document.getAnimations().filter((a) => a.effect && a.effect.getTiming().iterations !== Infinity)
        .map((a) => a.finished.catch(() => {}))))
      await option.click()
      await page.locator('.el-dialog [data-test=swap-to]', { hasText: judge.name }).waitFor()
      await page.locator('[data-test=swap-confirm]').click()
    }
    const swapTo = async (team, from, judge) => {
      await page.locator('input[data-test=assign-q]').fill(team.name)
      await page.locator(`[data-test=chip-${team.team_id}-${from}]`).click()
      await pick(judge)
    }
    const from = bad.team.judges[0].judge_id
    await page.locator('[data-test=assign-table]').waitFor()
    await swapTo(bad.team, from, bad.judge)
    await page.locator('.el-dialog .el-form-item__error').waitFor()
    assert.match(await page.locator('.el-dialog .el-form-item__error').innerText(), /同校/)
    await snap(page, 'competition-operator-swap-refused-desktop', { fullPage: false })
    const good = judges.find((x) => x.status === 'active' && !x.college_id && !bad.team.judges.some((j) => j.judge_id === x.id) &&
      x.tracks.some((tr) => tr.id === bad.team.track_id) && !x.conflicts)
    assert.ok(good, 'an outside judge of the track without conflicts')
    await pick(good)
    await page.getByText('已调换，分配已重新校验').waitFor()
    a = (await apiCall(page, 'GET', `/competition/rounds/${r3}/assignments`)).body
    const swapped = a.teams.find((t) => t.team_id === bad.team.team_id)
    assert.ok(swapped.judges.some((j) => j.judge_id === good.id && j.source === 'manual'), 'the new judge is on the panel')
    assert.ok(!swapped.judges.some((j) => j.judge_id === from), 'the old judge left it')
    assert.equal(a.check.rule, 'ok')

    // An extra judge for that team.
    await page.locator(`[data-test=extra-${bad.team.team_id}]`).click()
    await page.getByText('已增加 1 名评委').waitFor()
    a = (await apiCall(page, 'GET', `/competition/rounds/${r3}/assignments`)).body
    assert.equal(a.teams.find((t) => t.team_id === bad.team.team_id).judges.length, 8)
    await page.locator(`[data-test=assign-table] [data-test^=chip-${bad.team.team_id}-]`).nth(7).waitFor()
    await assertAccessible(page, 'assignment')
    await snap(page, 'competition-operator-assign-desktop')
    assertNoProblems(problems, 'operator')
  })
})
