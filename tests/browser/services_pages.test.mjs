// The zone-service pages for each role that has them, at desktop and phone width: each
// opens with its data (the demo's year of cases, projects at every stage, two policy
// rounds, indicators), shows no console error and does not scroll sideways on a phone;
// screenshots in test-results/screenshots/services-*.  Then what the pages do besides the
// case flow (services_flow.test.mjs): the officer advances an investment project on the
// board and reviews a policy application with the score sheet; HR see their own application
// on each round.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  startServer, launchBrowser, openPage, login, apiCall, screenshot, assertNoProblems, assertNoSideScroll, settled, confirmBox,
  DESKTOP, PHONE,
} from './harness.mjs'

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

// path, what shows once its data is in, screenshot name.
const PAGES = {
  officer: [
    ['/service-cases', '[data-test=case-queue] [data-test=clock]', 'queue'],
    ['/service-escalations', '[data-test=escalations] [data-test=clock]', 'escalations'],
    ['/service-projects', '[data-test^=project-advance-]', 'projects'],
    ['/service-rounds', '[data-test^=round-open-]', 'rounds'],
    ['/service-indicators', '[data-test=indicators] .el-table__row', 'indicators'],
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
        const { context, page, problems } = await openPage(browser, server, { viewport })
        await login(page, LOGINS[role])
        for (const [path, ready, name] of pages) {
          await page.goto(path)
          await page.locator(ready).first().waitFor()
          await settled(page)
          if (suffix === 'phone') await assertNoSideScroll(page, `${path} at 390 px`)
          await screenshot(page, `services-${name}-${suffix}`)
        }
        assertNoProblems(problems, `${role} ${suffix}`)
        await context.close()
      }
    })
  }

  it('officer advances a project on the board and reviews a policy application with the score sheet', async () => {
    const { page, problems } = await openPage(browser, server, { viewport: DESKTOP })
    await login(page, 'officer_demo')
    await page.goto('/service-projects')
    const card = page.locator('[data-test=stage-1] [data-test^=project-]').first()
    await card.waitFor()
    const id = (await card.getAttribute('data-test')).slice('project-'.length)
    await page.locator(`[data-test=project-advance-${id}]`).click()
    await confirmBox(page)
    await page.locator(`[data-test=stage-2] [data-test=project-${id}]`).waitFor()
    assert.equal(await page.locator(`[data-test=stage-1] [data-test=project-${id}]`).count(), 0, 'left stage 1')
    assert.equal((await apiCall(page, 'GET', `/services/projects/${id}`)).body.project.stage, 2)

    // The open round's applications; one waiting for review gets the full score of each line.
    const round = (await apiCall(page, 'GET', '/services/rounds')).body.items.find((r) => r.phase === 'open')
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
    const { page, problems } = await openPage(browser, server, { viewport: PHONE })
    await login(page, 'hr_demo')
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
})
