// From the 复赛's decision to a verified certificate (issue #10):
//   student_demo appeals the 复赛 decision on a phone, within the window; the operator
//   answers on the appeals tab (an eliminated team is reinstated into the final, a promoted
//   one's appeal is rejected) — either way the team reaches the final; the final is scored
//   (API) and the operator publishes the prizes; the operator offers the first prize an
//   incubator seat; the student accepts it and opens the printable certificate, whose QR
//   code encodes the public verification address; anyone, without logging in, opens it
//   and sees what the certificate says; an unknown code is said to be unknown.
// Screenshots at 1440 px and 390 px.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  DEMO, PHONE, apiCall, assertNoProblems, assertNoSideScroll, confirmBox, launchBrowser, login, openPage, settled, startServer,
} from './harness.mjs'
import { assertAccessible, demoEdition, scoreRound, snap } from './competition_lib.mjs'

const WIDE = { width: 1440, height: 900 }

describe('competition: appeal, prizes, seat offer and a certificate anyone can verify', () => {
  let server
  let browser
  let op
  let student
  let ids
  let team // student_demo's team
  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
    op = await openPage(browser, server, { viewport: WIDE })
    await login(op.page, DEMO.operator.login)
    ids = await demoEdition(op.page)
    student = await openPage(browser, server, { viewport: PHONE })
    await login(student.page, DEMO.student.login)
    team = (await apiCall(student.page, 'GET', '/competition/teams/mine')).body.items.find((t) => t.edition_id === ids.edition.id)
    assert.ok(team && team.round_seq === 2, 'student_demo leads a team of the 复赛')
  })
  after(async () => {
    if (browser) await browser.close()
    if (server) await server.stop()
  })

  it('the student appeals the 复赛 decision; the operator answers; the team reaches the final', async () => {
    await scoreRound(browser, server, op.page, ids.edition.id, ids.r2.id)
    assert.equal((await apiCall(op.page, 'POST', `/competition/rounds/${ids.r2.id}/promote`)).status, 200)
    const outcome = (await apiCall(student.page, 'GET', `/competition/teams/${team.id}`)).body.team.rounds.find((r) => r.round_id === ids.r2.id).outcome

    const { page } = student
    await page.goto(`/competition/teams/${team.id}`)
    await page.locator(`[data-test=appeal-${ids.r2.id}]`).click()
    await page.locator('textarea[data-test=appeal-text]').fill('我们认为复赛评审未充分考虑项目已有的两家企业试点订单，请求复核。')
    await page.locator('[data-test=appeal-submit]').click()
    await page.getByText('申诉已提交，等待主办方答复').waitFor()
    await page.locator('[data-test=team-appeals]', { hasText: '待处理' }).waitFor()
    await assertNoSideScroll(page, 'team with an appeal')
    await snap(page, 'competition-student-appeal-phone')

    await op.page.goto(`/competition/editions/${ids.edition.id}?tab=appeals`)
    const row = op.page.locator('[data-test=appeals-table] .el-table__row', { hasText: team.name })
    await row.waitFor()
    await assertAccessible(op.page, 'appeals')
    await snap(op.page, 'competition-operator-appeals-desktop')
    await row.getByRole('button', { name: '答复' }).click()
    if (outcome === 'eliminated') {
      await op.page.locator('.el-dialog').getByText('已支持').click()
      await op.page.locator('.el-dialog').getByText('恢复该团队进入下一轮').click()
    }
    await op.page.locator('textarea[data-test=appeal-reply]').fill(outcome === 'eliminated' ? '经复核，恢复该团队进入决赛。' : '团队已晋级决赛，无需复核。')
    await op.page.locator('[data-test=appeal-send]').click()
    await op.page.getByText('已答复').waitFor()
    const t = (await apiCall(op.page, 'GET', `/competition/teams/${team.id}`)).body.team
    assert.equal(t.appeals[0].status, outcome === 'eliminated' ? 'upheld' : 'rejected')
    assert.equal(t.status, 'promoted', 'the team goes on to the final')
    await page.reload()
    await page.locator('[data-test=team-appeals] .reply').waitFor()
  })

  it('the final is published; a seat is offered and accepted; the certificate verifies', async () => {
    const r3 = ids.r3.id
    assert.equal((await apiCall(op.page, 'POST', `/competition/rounds/${r3}/assign`)).status, 200)
    await scoreRound(browser, server, op.page, ids.edition.id, r3, { markOf: (t, j) => (t === team.id ? 10 : 6 + ((t * 7 + j) % 30) / 10) })

    // The operator publishes the prizes.
    await op.page.goto(`/competition/rounds/${r3}?tab=results`)
    await op.page.locator('[data-test=results-publish]').click()
    await confirmBox(op.page)
    await op.page.getByText(/已公布，颁发 \d+ 个奖项/).waitFor()
    let award = (await apiCall(op.page, 'GET', `/competition/teams/${team.id}`)).body.team.award
    assert.equal(award.prize, 'first', 'the best-scored team wins its track')
    await op.page.locator('[data-test=results-table]').getByText('一等奖').first().waitFor()
    await snap(op.page, 'competition-operator-final-published-desktop')

    // A seat offer on the prize.
    await op.page.goto(`/competition/teams/${team.id}`)
    await op.page.locator('[data-test=seat-offer]').click()
    await op.page.locator('textarea[data-test=seat-offer-text]').fill('凤翔谷孵化基地免费办公场地一年，物业费全免，创业补贴 5 万元')
    await op.page.locator('[data-test=seat-offer-send]').click()
    await op.page.getByText('已发出入驻邀请').waitFor()

    // The student accepts and opens the certificate.
    const { page, problems } = student
    await page.goto(`/competition/teams/${team.id}`)
    const awardCard = page.locator('[data-test=team-award]')
    await awardCard.getByText('一等奖').waitFor()
    await page.locator('[data-test=seat-accept]').click()
    await awardCard.getByText('已接受').waitFor()
    award = (await apiCall(page, 'GET', `/competition/teams/${team.id}`)).body.team.award
    assert.equal(award.seat_status, 'accepted')
    await assertAccessible(page, 'team with a prize')
    await snap(page, 'competition-student-award-phone')
    await page.locator('[data-test=award-certificate]').click()
    await page.waitForURL(`**/competition/awards/${award.id}/certificate`)
    const cert = page.locator('[data-test=certificate]')
    await cert.waitFor()
    assert.equal((await page.locator('[data-test=certificate-prize]').innerText()).trim(), '一等奖')
    assert.equal((await page.locator('[data-test=certificate-code]').innerText()).trim(), award.code)
    const verifyUrl = `${server.url}/verify/${award.code}`
    const qr = page.locator('[data-test=certificate-qr]')
    assert.equal(new URL(await qr.getAttribute('src'), server.url).searchParams.get('text'), verifyUrl, 'the QR code holds the verification address')
    await page.waitForFunction(() => document.querySelector('[data-test=certificate-qr]').naturalWidth > 0)
    await assertNoSideScroll(page, 'certificate')
    await snap(page, 'competition-student-certificate-phone')
    const wide = await openPage(browser, server, { viewport: WIDE })
    await wide.context.addCookies(await student.context.cookies())
    await wide.page.goto(`/competition/awards/${award.id}/certificate`)
    await wide.page.locator('[data-test=certificate-qr]').waitFor()
    await settled(wide.page)
    await snap(wide.page, 'competition-student-certificate-desktop')
    assertNoProblems(wide.problems, 'certificate desktop')
    await wide.context.close()
    assertNoProblems(problems, 'student')

    // Anyone, not logged in: the address of the QR code shows what the certificate says.
    for (const [viewport, tag] of [[PHONE, 'phone'], [WIDE, 'desktop']]) {
      const anon = await openPage(browser, server, { viewport })
      await anon.page.goto(`/verify/${award.code.toLowerCase()}`)
      const valid = anon.page.locator('[data-test=verify-valid]')
      await valid.waitFor()
      assert.equal((await anon.page.locator('[data-test=verify-project]').innerText()).trim(), team.name)
      assert.match(await anon.page.locator('[data-test=verify-prize]').innerText(), /一等奖/)
      assert.equal(new URL(anon.page.url()).pathname, `/verify/${award.code.toLowerCase()}`, 'no login asked')
      await assertAccessible(anon.page, `verify ${tag}`)
      await snap(anon.page, `competition-public-verify-${tag}`)
      if (tag === 'phone') {
        await assertNoSideScroll(anon.page, 'verify')
        await anon.page.locator('input[data-test=verify-input]').fill('ZZZZ9999ZZZZ')
        await anon.page.locator('[data-test=verify-submit]').click()
        await anon.page.locator('[data-test=verify-unknown]').waitFor()
        await snap(anon.page, 'competition-public-verify-unknown-phone')
      }
      assertNoProblems(anon.problems, `verify ${tag}`)
      await anon.context.close()
    }
  })
})
