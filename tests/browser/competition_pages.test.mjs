// Every competition page of every role on the demo edition as `skyway demo` leaves it
// (初赛 done, 复赛 judging, 决赛 set up): each opens without console errors, names its form
// controls and keeps text contrast (1440 px), fits a 390-px phone without sideways scroll,
// and is photographed at both widths into test-results/screenshots/.  The flows (scoring,
// assignment, roadshow, registration, certificates) have files of their own.
import { after, before, describe, it } from 'node:test'
import {
  DEMO, PHONE, assertAccessible as assertAxe, assertNoProblems, axeWidth, sweepsWidth, assertNoSideScroll, launchBrowser, login, openPage, settled, startServer, visit,
} from './harness.mjs'
import { assertAccessible, demoEdition, snap } from './competition_lib.mjs'

const WIDE = { width: 1440, height: 900 }

/** Pages per role: [path, what shows once loaded, name, live (an event stream: no network idle)]. */
function pagesFor(role, ids) {
  const e = ids.edition.id
  return {
    operator: [
      ['/competition/editions', '[data-test=editions-list] .el-card', 'editions'],
      [`/competition/editions/${e}`, '[data-test=rounds-table]', 'edition'],
      [`/competition/editions/${e}?tab=teams`, '[data-test=teams-table] .el-table__row', 'teams'],
      [`/competition/editions/${e}?tab=judges`, '[data-test=judges-table] .el-table__row', 'judges'],
      [`/competition/editions/${e}?tab=appeals`, '[data-test=appeals-table]', 'appeals'],
      [`/competition/editions/${e}?tab=stats`, '[data-test=stats-colleges]', 'stats'],
      [`/competition/rounds/${ids.r1.id}?tab=results`, '[data-test=leniency-chart] canvas', 'round1-results'],
      [`/competition/rounds/${ids.r2.id}?tab=assign`, '[data-test=assign-table] .el-table__row', 'round2-assign'],
      [`/competition/rounds/${ids.r2.id}?tab=scores`, '[data-test=scores-table] .el-table__row', 'round2-scores'],
      [`/competition/rounds/${ids.r3.id}?tab=setup`, '[data-test=quotas-editor]', 'round3-setup'],
      [`/competition/rounds/${ids.r3.id}?tab=stage`, '[data-test=stage-control]', 'round3-stage', true],
      ['/competition/teams/1', '[data-test=team-rounds]', 'team'],
    ],
    college: [
      ['/competition/editions', '[data-test=editions-list] .el-card', 'editions'],
      [`/competition/editions/${e}`, '[data-test=rounds-table]', 'edition'],
      [`/competition/editions/${e}/results`, '[data-test=published-rounds]', 'published'],
    ],
    student: [
      [`/competition/editions/${e}/results`, '[data-test=published-rounds]', 'published'],
      [`/competition/rounds/${ids.r3.id}/screen`, '[data-test=screen-idle]', 'screen', true],
    ],
    mentor: [['/competition/judging', '[data-test=judging-list]', 'judging']],
  }[role]
}

describe('competition pages: every role, 1440 px and 390 px', () => {
  let server
  let browser
  let ids
  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
  })
  after(async () => {
    if (browser) await browser.close()
    if (server) await server.stop()
  })

  for (const role of ['operator', 'college', 'student', 'mentor']) {
    it(`${role}`, async () => {
      const wide = await openPage(browser, server, { viewport: WIDE })
      await login(wide.page, DEMO[role].login)
      if (!ids) ids = await demoEdition(wide.page) // every role of the competition reads the edition
      const phone = await openPage(browser, server, { viewport: PHONE })
      await phone.context.addCookies(await wide.context.cookies())
      for (const [path, ready, name, live] of pagesFor(role, ids)) {
        for (const [s, tag] of [[wide, 'desktop'], [phone, 'phone']]) {
          if (!sweepsWidth(role, tag === 'phone' ? PHONE : WIDE)) continue
          // Inside the app even from one tab or round to the next: those views follow
          // their route (the tab shown must be the one asked for).
          await visit(s.page, path, { sameView: true })
          await s.page.locator(ready).first().waitFor()
          if (!live) await settled(s.page)
          if (tag === 'phone') await assertNoSideScroll(s.page, `${role} ${path}`)
          else await assertAccessible(s.page, `${role} ${path}`)
          if (axeWidth(role, tag === 'phone' ? PHONE : WIDE)) await assertAxe(s.page, `${role} ${path} (${tag})`)
          await snap(s.page, `competition-${role}-${name}-${tag}`)
        }
      }
      assertNoProblems(wide.problems, `${role} desktop`)
      assertNoProblems(phone.problems, `${role} phone`)
      await wide.context.close()
      await phone.context.close()
    })
  }
})
