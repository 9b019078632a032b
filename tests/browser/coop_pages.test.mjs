// Every cooperation page (校企合作, 岗位实习) of every role that has them opens on the demo
// without console errors, shows its content, fits a 390-px phone without sideways
// scrolling, and is photographed on a desktop (1366×768) and a phone (390×844) into
// test-results/screenshots/.  The operator's visit calendar holds the visits the API
// answers for the month; the pages switch to English.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  DEMO, DESKTOP, PHONE, apiCall, assertAccessible, assertNoProblems, axeWidth, sweepsWidth, assertNoSideScroll, launchBrowser, login,
  openPage, screenshot, settled, startServer, visit,
} from './harness.mjs'

const STAFF_PAGES = ['/coop', '/coop/listings', '/coop/visits', '/coop/visits/{visit}', '/coop/meetings', '/coop/meetings/{meeting}',
  '/coop/agreements', '/coop/agreements/{agreement}', '/coop/order-classes', '/coop/order-classes/{class}', '/internships', '/internships/{internship}']
/** Pages per role ({x} is the first record of that kind the role sees). */
const PAGES = {
  operator: STAFF_PAGES,
  college: STAFF_PAGES,
  enterprise: [...STAFF_PAGES, '/internships/posts'],
  student: ['/my-internship', '/coop/visits/{visit}'],
}
// What each page shows once loaded (a data-test inside the content).
const READY = {
  '/coop': '[data-test=coop-cards]',
  '/coop/listings': '[data-test=listings-table]',
  '/coop/visits': '[data-test=visits-calendar], [data-test=visits-table]',
  '/coop/visits/{visit}': '[data-test=visit-title]',
  '/coop/meetings': '[data-test=meetings-list]',
  '/coop/meetings/{meeting}': '[data-test=meeting-title]',
  '/coop/agreements': '[data-test=agreements-table]',
  '/coop/agreements/{agreement}': '[data-test=agreement-title]',
  '/coop/order-classes': '[data-test=classes-table]',
  '/coop/order-classes/{class}': '[data-test=class-title]',
  '/internships': '[data-test=internships-table]',
  '/internships/{internship}': '[data-test=intern-title]',
  '/internships/posts': '[data-test=posts-table]',
  '/my-internship': '[data-test=my-intern]',
}

/** The first record of each kind the logged-in user sees (through the API, set-up only). */
async function firstIds(page) {
  const first = async (path) => {
    const r = await apiCall(page, 'GET', path)
    return r.status === 200 && r.body.items && r.body.items.length ? r.body.items[0].id : null
  }
  const now = Math.floor(Date.now() / 1000)
  return {
    visit: await first(`/coop/visits?from=${now - 120 * 86400}&to=${now + 60 * 86400}`),
    meeting: await first('/coop/meetings'),
    agreement: await first('/coop/agreements?page_size=1'),
    class: await first('/coop/order-classes'),
    internship: await first('/internships?page_size=1&status=active'),
  }
}

describe('cooperation pages: every role, desktop and phone', () => {
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

  for (const [role, paths] of Object.entries(PAGES)) {
    it(`${role}: every cooperation page opens, fits a phone, is photographed`, async () => {
      for (const viewport of [DESKTOP, PHONE]) {
        if (!sweepsWidth(role, viewport)) continue
        const phone = viewport === PHONE
        const { context, page, problems } = await openPage(browser, server, { viewport })
        await login(page, DEMO[role].login)
        const ids = await firstIds(page)
        for (const path of paths) {
          const key = path.match(/\{(\w+)\}/)
          if (key) assert.ok(ids[key[1]], `${role} sees a ${key[1]} in the demo`)
          const url = key ? path.replace(key[0], ids[key[1]]) : path
          await visit(page, url)
          await page.locator(READY[path]).first().waitFor()
          await settled(page)
          if (phone) await assertNoSideScroll(page, `${role} ${url}`)
          if (axeWidth(role, viewport)) await assertAccessible(page, `${role} ${url} (${phone ? 'phone' : 'desktop'})`, { once: path })
          await screenshot(page, `coop-${role}${path.replace(/[/{}]+/g, '-')}-${phone ? 'phone' : 'desktop'}`)
        }
        assertNoProblems(problems, `${role} cooperation pages (${phone ? 'phone' : 'desktop'})`)
        await context.close()
      }
    })
  }

  it('the operator’s calendar holds the month’s visits the API answers', async () => {
    const { context, page, problems } = await openPage(browser, server, { viewport: DESKTOP })
    await login(page, DEMO.operator.login)
    await page.goto('/coop/visits')
    await page.locator('[data-test=visits-calendar]').waitFor()
    await settled(page)
    // The calendar asks for its month with a week either side (the browser's days): the
    // legend counts those visits, and every visit of the month itself is a chip.
    const [wide, month] = await page.evaluate(() => {
      const d = new Date()
      const s = (x) => Math.floor(x / 1000)
      const first = new Date(d.getFullYear(), d.getMonth(), 1).getTime()
      const next = new Date(d.getFullYear(), d.getMonth() + 1, 1).getTime()
      return [[s(first - 7 * 86400e3), s(next + 7 * 86400e3)], [s(first), s(next)]]
    })
    const around = (await apiCall(page, 'GET', `/coop/visits?from=${wide[0]}&to=${wide[1]}`)).body.items
    const legend = await page.locator('.legend').innerText()
    assert.equal(Number(legend.match(/(\d+)/)[1]), around.length, 'the legend counts the visits answered')
    const shown = await page.locator('[data-test^=cal-visit-]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-test').slice('cal-visit-'.length))))
    const api = (await apiCall(page, 'GET', `/coop/visits?from=${month[0]}&to=${month[1]}`)).body.items
    assert.ok(api.length > 0, 'the demo has visits this month')
    for (const v of api) assert.ok(shown.includes(v.id), `visit ${v.id} (${v.title}) is on the calendar`)
    await page.locator(`[data-test=cal-visit-${api[0].id}]`).click()
    await page.waitForURL(`**/coop/visits/${api[0].id}`)
    assert.equal((await page.locator('[data-test=visit-title]').innerText()).trim(), api[0].title)
    assertNoProblems(problems, 'operator calendar')
    await context.close()
  })

  it('English: the cooperation pages switch language', async () => {
    const { context, page, problems } = await openPage(browser, server, { viewport: DESKTOP })
    await login(page, DEMO.college.login)
    await page.goto('/internships')
    await page.locator('[data-test=internships-table]').waitFor()
    await page.locator('[data-test=lang-en]').click()
    await page.waitForFunction(() => document.documentElement.lang === 'en')
    assert.equal((await page.locator('[data-test=page-title]').innerText()).trim(), 'Internships')
    assert.match(await page.locator('[data-test=internships-table]').innerText(), /Student/)
    await page.goto('/coop')
    await page.locator('[data-test=coop-cards]').waitFor()
    assert.match(await page.locator('[data-test=coop-funnel]').innerText(), /Cooperation funnel/)
    await screenshot(page, 'coop-college-figures-en-desktop')
    assertNoProblems(problems, 'college in English')
    await context.close()
  })
})
