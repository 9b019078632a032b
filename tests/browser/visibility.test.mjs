// Enterprise approval and student visibility through the pages (docs/security.md):
// the HR of an enterprise under review sees "企业资质审核通过后可查看人才库" instead of
// the talent pool and the candidates (in Chinese and in English), and a student on a
// 390-px phone blocks an enterprise in the privacy settings and unblocks it again.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  DEMO, DESKTOP, PHONE, apiCall, assertNoProblems, assertNoSideScroll, launchBrowser, login,
  openPage, screenshot, settled, startServer,
} from './harness.mjs'

describe('enterprise approval and student visibility', () => {
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

  for (const [locale, text] of [['zh-CN', '企业资质审核通过后可查看人才库'], ['en', 'The talent pool opens once the platform has approved your enterprise']]) {
    it(`an enterprise under review sees why instead of students (${locale})`, async () => {
      const { context, page, problems } = await openPage(browser, server, { viewport: DESKTOP, locale })
      // The app's language is the one kept in localStorage (what the language switch sets).
      await context.addInitScript((l) => window.localStorage.setItem('skyway.locale', l), locale)
      await login(page, 'hr_pending')
      for (const path of ['/talent', '/candidates']) {
        await page.goto(path)
        const gate = page.locator('[data-test=talent-gate]')
        await gate.waitFor()
        assert.ok((await gate.innerText()).includes(text), `${path}: ${await gate.innerText()}`)
        assert.equal(await page.locator('[data-test=students-table], [data-test=candidates-table]').count(), 0, `${path} shows a table`)
      }
      // The server says the same to anyone who asks it directly.
      const r = await apiCall(page, 'GET', '/students')
      assert.equal(r.status, 403)
      assert.equal(r.body.error.code, 'org_not_approved')
      await screenshot(page, `enterprise-pending-talent-${locale}`)
      assertNoProblems(problems, 'hr_pending')
      await context.close()
    })
  }

  it('an approved enterprise still gets its talent pool', async () => {
    const { context, page, problems } = await openPage(browser, server, { viewport: DESKTOP })
    await login(page, DEMO.enterprise.login)
    await page.goto('/talent')
    await page.locator('[data-test=students-table]').waitFor()
    assert.equal(await page.locator('[data-test=talent-gate]').count(), 0)
    assertNoProblems(problems, 'hr_demo')
    await context.close()
  })

  it('a student blocks an enterprise on a phone, and unblocks it', async () => {
    const { context, page, problems } = await openPage(browser, server, { viewport: PHONE })
    await login(page, DEMO.student.login)
    const found = await apiCall(page, 'GET', `/students/me/blocks/search?q=${encodeURIComponent('有限公司')}`)
    assert.equal(found.status, 200)
    assert.ok(found.body.items.length > 0, 'no approved enterprise to block in the demo')
    const target = found.body.items[0]
    await page.goto('/profile#privacy')
    const blocks = page.locator('[data-test=blocks]')
    await blocks.waitFor()
    await blocks.locator('[data-test=blocks-empty]').waitFor()
    await blocks.locator('[data-test=blocks-search]').click()
    await page.keyboard.type(target.name.slice(0, 6))
    await page.locator(`[data-test=blocks-option-${target.id}]`).click()
    await blocks.locator('[data-test=blocks-add]').click()
    await blocks.locator(`[data-test=blocked-${target.id}]`).waitFor()
    assert.ok((await blocks.locator(`[data-test=blocked-${target.id}]`).innerText()).includes(target.name))
    const saved = await apiCall(page, 'GET', '/students/me/blocks')
    assert.deepEqual(saved.body.items.map((b) => b.enterprise_id), [target.id])
    await settled(page)
    await assertNoSideScroll(page, 'privacy settings with a blocked enterprise')
    await blocks.scrollIntoViewIfNeeded()
    await screenshot(page, 'student-blocks-phone', { fullPage: false })

    await blocks.locator(`[data-test=unblock-${target.id}]`).click()
    await blocks.locator('[data-test=blocks-empty]').waitFor()
    assert.deepEqual((await apiCall(page, 'GET', '/students/me/blocks')).body.items, [])
    assertNoProblems(problems, 'student blocks')
    await context.close()
  })
})
