// A team enters the competition (issue #10): the operator creates an edition with the four
// tracks and opens registration; student_demo, on a 390-px phone, forms a team, tries to
// submit and is told everything missing at once, invites a member (a wrong name is refused
// on the field), withdraws the invitation, names an advisor, uploads the business plan PDF
// (downloadable again, byte for byte) and submits; college_demo endorses the team (推荐);
// the operator checks its eligibility.  Screenshots at 390 px and 1440 px.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import {
  DEMO, PHONE, apiCall, assertNoProblems, assertNoSideScroll, confirmBox, launchBrowser, login, openPage, settled,
  startServer,
} from './harness.mjs'
import { apiSession, assertAccessible, snap } from './competition_lib.mjs'

const WIDE = { width: 1440, height: 900 }
const EDITION = '第二届清远高新杯大学生创新创业大赛（测试）'
const PROJECT = '智能产线质检视觉系统'
const PDF = Buffer.from('%PDF-1.4\n% 商业计划书\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')

describe('competition: a student forms a team and the college endorses it', () => {
  let server
  let browser
  let op
  let editionId
  let teamId
  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
    op = await openPage(browser, server, { viewport: WIDE })
    await login(op.page, DEMO.operator.login)
  })
  after(async () => {
    if (browser) await browser.close()
    if (server) await server.stop()
  })

  it('the operator creates an edition and opens registration', async () => {
    const { page, problems } = op
    await page.goto('/competition/editions')
    await page.locator('[data-test=edition-create]').click()
    await page.locator('input[data-test=edition-name]').fill(EDITION)
    await assertAccessible(page, 'edition dialog', '[data-test=edition-dialog]')
    await snap(page, 'competition-operator-edition-dialog-desktop', { fullPage: false })
    await page.locator('[data-test=edition-save]').click()
    await page.waitForURL(/\/competition\/editions\/\d+$/)
    editionId = Number(page.url().split('/').pop())
    await page.locator('[data-test=edition-name]', { hasText: EDITION }).waitFor()
    const tracks = (await apiCall(page, 'GET', `/competition/editions/${editionId}`)).body.edition.tracks.map((t) => t.name)
    assert.deepEqual(tracks, ['新材料', '智能制造', '文化创意', '生物科技'])
    await page.locator('[data-test=edition-advance]').click()
    await confirmBox(page)
    await page.getByText('报名中').first().waitFor()
    assert.equal((await apiCall(page, 'GET', `/competition/editions/${editionId}`)).body.edition.status, 'open')
    assertNoProblems(problems, 'operator')
  })

  it('student_demo forms a team, invites, names an advisor, uploads the plan and submits', async () => {
    const { context, page, problems } = await openPage(browser, server, { viewport: PHONE })
    await login(page, DEMO.student.login)
    await page.goto('/competition/mine')
    await page.locator(`[data-test=open-edition-${editionId}]`).waitFor()
    await assertNoSideScroll(page, 'mine')
    await snap(page, 'competition-student-mine-phone')
    await page.locator(`[data-test=team-form-${editionId}]`).click()
    await page.locator('input[data-test=team-name]').fill(PROJECT)
    await page.locator('[data-test=team-track] label', { hasText: '智能制造' }).click()
    await page.locator('textarea[data-test=team-summary]').fill('面向清远高新区电子制造企业的产线视觉质检，已在两家企业试点。')
    await assertAccessible(page, 'team dialog', '[data-test=team-dialog]')
    await snap(page, 'competition-student-form-phone', { fullPage: false })
    await page.locator('[data-test=team-save]').click()
    await page.waitForURL(/\/competition\/teams\/\d+$/)
    teamId = Number(page.url().split('/').pop())
    await page.locator('[data-test=team-title]', { hasText: PROJECT }).waitFor()

    // Submitting too early lists everything missing at once.
    await page.locator('[data-test=team-submit]').click()
    await confirmBox(page)
    const missing = page.locator('[data-test=team-incomplete]')
    await missing.waitFor()
    const codes = await missing.locator('li').evaluateAll((els) => els.map((e) => e.dataset.code))
    assert.ok(codes.includes('advisors') && codes.includes('plan'), `missing: ${codes}`)

    // A member by college, number and name; a wrong name is refused on the field.
    const college = await apiSession(browser, server, DEMO.college.login)
    const me = (await apiCall(page, 'GET', '/competition/teams/' + teamId)).body.team
    const mate = (await college.get('/students?page_size=50')).body.items.find((s) => s.name && s.student_no && !me.members.some((m) => m.name === s.name))
    await college.close()
    assert.ok(mate, 'a classmate to invite')
    await page.locator('input[data-test=member-no]').fill(mate.student_no)
    await page.locator('input[data-test=member-name]').fill(`${mate.name}乙`)
    await page.locator('[data-test=member-invite]').click()
    await page.locator('[data-test=team-members] .el-form-item__error').waitFor()
    await page.locator('input[data-test=member-name]').fill(mate.name)
    await page.locator('[data-test=member-invite]').click()
    await page.locator('[data-test=team-members] li', { hasText: mate.name }).getByText('待确认').waitFor()
    await snap(page, 'competition-student-team-draft-phone')
    await page.locator('[data-test=team-submit]').click()
    await confirmBox(page)
    await missing.locator('li[data-code=invitations]').waitFor()
    await page.locator('[data-test=team-members] li', { hasText: mate.name }).getByRole('button', { name: '移除' }).click()
    await page.locator('[data-test=team-members] li', { hasText: mate.name }).waitFor({ state: 'detached' })

    // An advisor by name; the plan as a PDF.
    await page.locator('[data-test=advisors-edit]').click()
    await page.locator('input[data-test=advisor-name-0]').fill('王建国')
    await page.locator('[data-test=advisors-save]').click()
    await page.locator('[data-test=team-advisors] li', { hasText: '王建国' }).waitFor()
    await page.locator('[data-test=plan-input]').setInputFiles({ name: '商业计划书.pdf', mimeType: 'application/pdf', buffer: PDF })
    await page.getByText('计划书已上传').waitFor()
    await page.locator('[data-test=plan-present]').waitFor()
    const download = page.waitForEvent('download')
    await page.locator('[data-test=plan-download]').click()
    assert.deepEqual(readFileSync(await (await download).path()), PDF, 'the plan comes back byte for byte')

    await page.locator('[data-test=team-submit]').click()
    await confirmBox(page)
    await page.getByText('已提交，等待院校推荐').waitFor()
    await page.locator('[data-test=team-recall]').waitFor()
    assert.equal((await apiCall(page, 'GET', `/competition/teams/${teamId}`)).body.team.status, 'submitted')
    await assertNoSideScroll(page, 'team')
    await assertAccessible(page, 'team page')
    await snap(page, 'competition-student-team-submitted-phone')

    const wide = await openPage(browser, server, { viewport: WIDE })
    await wide.context.addCookies(await context.cookies())
    for (const [path, name] of [['/competition/mine', 'mine'], [`/competition/teams/${teamId}`, 'team-submitted'], ['/competition/teams/1', 'team-demo']]) {
      await wide.page.goto(path)
      await settled(wide.page)
      await snap(wide.page, `competition-student-${name}-desktop`)
    }
    await page.goto('/competition/teams/1')
    await page.locator('[data-test=team-rounds]').waitFor()
    await snap(page, 'competition-student-team-demo-phone')
    assertNoProblems(wide.problems, 'student desktop')
    await wide.context.close()
    assertNoProblems(problems, 'student phone')
    await context.close()
  })

  it('college_demo endorses the team; the operator checks its eligibility', async () => {
    for (const [viewport, tag] of [[WIDE, 'desktop'], [PHONE, 'phone']]) {
      const { context, page, problems } = await openPage(browser, server, { viewport })
      await login(page, DEMO.college.login)
      await page.goto(`/competition/editions/${editionId}?tab=teams`)
      await page.locator(`[data-test=team-link-${teamId}]`).waitFor()
      if (tag === 'desktop') {
        await assertAccessible(page, 'college teams')
        await snap(page, 'competition-college-teams-desktop')
        await page.locator(`[data-test=team-endorse-${teamId}]`).click()
        await page.getByText(`已推荐“${PROJECT}”`).waitFor()
        assert.equal((await apiCall(page, 'GET', `/competition/teams/${teamId}`)).body.team.status, 'endorsed')
      } else {
        await assertNoSideScroll(page, 'college teams')
        await snap(page, 'competition-college-teams-phone')
      }
      assertNoProblems(problems, `college ${tag}`)
      await context.close()
    }

    const { page } = op
    await page.goto(`/competition/editions/${editionId}?tab=teams`)
    await page.locator(`[data-test=team-check-${teamId}]`).click()
    await page.getByText(new RegExp(`${PROJECT}：(资格通过|资格不符)`)).waitFor()
    const team = (await apiCall(page, 'GET', `/competition/teams/${teamId}`)).body.team
    assert.equal(team.status, 'eligible', `reasons: ${JSON.stringify(team.reasons)}`)
    await page.locator(`[data-test=teams-table] .el-table__row`, { hasText: PROJECT }).getByText('资格通过').waitFor()
  })
})
