// Cooperation in the browser, as people do it: college staff draft a co-built base
// agreement with an enterprise they find by name, are told the signed scan comes first,
// upload it (a PDF) and sign, and the agreement is active; that enterprise's HR finds it
// in its own list and adds a milestone the college then sees.  HR posts a need and reads
// the counterparts proposed with their reasons.  The operator's 合作概览 shows the figures
// and the funnel the API answers, on a desktop and on a 390-px phone.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  DEMO, DESKTOP, PHONE, apiCall, assertNoProblems, assertNoSideScroll, launchBrowser, login,
  openPage, pickOption, screenshot, settled, startServer,
} from './harness.mjs'

const TITLE = '智能制造产教融合实训基地共建协议（浏览器测试）'
const MILESTONE = '首批 20 名学生进入实训基地'
const NEED = '招聘化工设备维护实习生 12 名（浏览器测试）'
// The smallest file whose bytes say PDF (the server trusts the signature, not the name).
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n')

/** "YYYY-MM-DD" in Beijing, n days from today. */
const beijingDay = (n = 0) => new Date(Date.now() + 8 * 3600e3 + n * 86400e3).toISOString().slice(0, 10)

/** Types a day into the date picker of the form item labelled `label` (Enter closes its panel). */
async function fillDate(page, scope, label, day) {
  const input = scope.locator('.el-form-item', { has: page.locator('.el-form-item__label', { hasText: label }) }).locator('input').first()
  await input.click()
  await input.fill(day)
  await input.press('Enter')
}

describe('cooperation: an agreement from draft to active, a need and its matches, the figures', () => {
  let server
  let browser
  let college
  let hr
  let agreementId
  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
    college = await openPage(browser, server, { viewport: DESKTOP })
    await login(college.page, DEMO.college.login)
    hr = await openPage(browser, server, { viewport: DESKTOP })
    await login(hr.page, DEMO.enterprise.login)
  })
  after(async () => {
    if (college) assertNoProblems(college.problems, 'college pages')
    if (hr) assertNoProblems(hr.problems, 'HR pages')
    if (browser) await browser.close()
    if (server) await server.stop()
  })

  it('college staff draft, attach the scan, sign: the agreement is active', async () => {
    const { page } = college
    const enterprise = (await apiCall(hr.page, 'GET', '/me')).body.account.org
    await page.goto('/coop/agreements')
    await settled(page)
    await page.locator('[data-test=agreement-create]').click()
    const dialog = page.locator('[data-test=agreement-dialog]')
    await dialog.waitFor()
    // The college's own side is written out; the enterprise is found by a part of its name.
    assert.match(await dialog.innerText(), new RegExp((await apiCall(page, 'GET', '/me')).body.account.org.name.replace(/[()（）]/g, '.')))
    await dialog.locator('[data-test=agreement-enterprise]').click()
    await page.keyboard.type(enterprise.name.slice(2, 6), { delay: 30 })
    await pickOption(page, enterprise.name)
    await dialog.locator('input[data-test=agreement-title]').fill(TITLE)
    await fillDate(page, dialog, '开始日期', beijingDay(0))
    await fillDate(page, dialog, '结束日期', beijingDay(730))
    await page.locator('[data-test=agreement-save]').click()
    await page.waitForURL(/\/coop\/agreements\/\d+$/)
    agreementId = Number(page.url().match(/(\d+)$/)[1])
    await page.locator('[data-test=agreement-state]', { hasText: '草稿' }).waitFor()
    const draft = (await apiCall(page, 'GET', `/coop/agreements/${agreementId}`)).body.agreement
    assert.equal(draft.title, TITLE)
    assert.equal(draft.enterprise_id, enterprise.id)
    assert.equal(draft.state, 'draft')

    // Signing asks for the scan first.
    await page.locator('[data-test=agreement-sign]').click()
    await page.locator('[data-test=sign-needs-scan]').waitFor()
    await page.keyboard.press('Escape')
    await page.locator('[data-test=sign-dialog]').waitFor({ state: 'hidden' })
    await page.locator('input[data-test=scan-input]').setInputFiles({ name: '合作协议盖章版.pdf', mimeType: 'application/pdf', buffer: PDF })
    await page.locator('[data-test=scan-link]').waitFor()
    await page.locator('[data-test=agreement-sign]').click()
    await page.locator('[data-test=sign-dialog]').waitFor()
    assert.equal(await page.locator('[data-test=sign-needs-scan]').count(), 0, 'no warning once the scan is there')
    await page.locator('[data-test=sign-save]').click()
    await page.locator('[data-test=agreement-state]', { hasText: '生效中' }).waitFor()
    const signed = (await apiCall(page, 'GET', `/coop/agreements/${agreementId}`)).body.agreement
    assert.equal(signed.state, 'active')
    assert.equal(signed.signed_on, beijingDay(0))
    await screenshot(page, 'coop-agreement-active-desktop')
  })

  it('the enterprise’s HR finds it and adds a milestone the college sees', async () => {
    const { page } = hr
    await page.goto('/coop/agreements')
    await settled(page)
    await page.locator(`[data-test=agreement-link-${agreementId}]`).click()
    await page.locator('[data-test=agreement-title]', { hasText: TITLE }).waitFor()
    await page.locator('[data-test=milestone-add]').click()
    const dialog = page.locator('[data-test=milestone-dialog]')
    await dialog.waitFor()
    await dialog.locator('input[data-test=milestone-title]').fill(MILESTONE)
    await page.locator('[data-test=milestone-save]').click()
    await page.locator('[data-test=agreement-milestones]', { hasText: MILESTONE }).waitFor()
    const m = (await apiCall(college.page, 'GET', `/coop/agreements/${agreementId}`)).body.agreement.milestones.find((x) => x.title === MILESTONE)
    assert.ok(m, 'the college sees the milestone')
    assert.equal(m.owner_org_id, (await apiCall(page, 'GET', '/me')).body.account.org.id, 'owned by the enterprise that added it')
    await college.page.reload()
    await college.page.locator('[data-test=agreement-milestones]', { hasText: MILESTONE }).waitFor()
  })

  it('HR posts a need and reads the offers proposed for it, with their reasons', async () => {
    const { page } = hr
    await page.goto('/coop/listings')
    await settled(page)
    await page.locator('[data-test=listing-create]').click()
    const dialog = page.locator('[data-test=listing-dialog]')
    await dialog.waitFor()
    await dialog.locator('[data-test=listing-kind] .el-radio-button', { hasText: '人才需求' }).click()
    await dialog.locator('input[data-test=listing-title]').fill(NEED)
    await dialog.locator('[data-test=listing-quantity] input').fill('12')
    await page.locator('[data-test=listing-save]').click()
    await page.locator('.el-message--success').waitFor()
    await page.locator('input[data-test=listing-q]').fill('化工设备维护实习生')
    await page.locator('[data-test=listing-search]').click()
    await settled(page)
    const mine = (await apiCall(page, 'GET', `/coop/listings?q=${encodeURIComponent('化工设备维护实习生')}`)).body.items.find((l) => l.title === NEED)
    assert.ok(mine, 'the need is listed')
    assert.equal(mine.side, 'need')
    await page.locator(`[data-test=counterparts-${mine.id}]`).click()
    const drawer = page.locator('[data-test=counterparts-drawer]')
    await drawer.waitFor()
    await settled(page)
    const api = (await apiCall(page, 'GET', `/coop/listings/${mine.id}/counterparts?limit=10`)).body.items
    await page.waitForFunction((n) => document.querySelectorAll('[data-test=counterparts-drawer] [data-test^=counterpart-]').length === n, api.length)
    for (const c of api.slice(0, 3)) {
      const card = drawer.locator(`[data-test=counterpart-${c.listing.id}]`)
      const text = await card.innerText()
      assert.ok(text.includes(c.listing.title), 'the offer is named')
      assert.ok(text.includes(String(c.score)), 'its score is shown')
      for (const part of c.components) assert.ok(text.includes(part.reason), `the reason of ${part.key} is written`)
    }
    await screenshot(page, 'coop-counterparts-desktop', { fullPage: false })
  })

  it('the operator’s 合作概览 shows the API’s figures and funnel, desktop and phone', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const { context, page, problems } = await openPage(browser, server, { viewport })
      await login(page, DEMO.operator.login)
      await page.goto('/coop')
      await page.locator('[data-test=coop-cards]').waitFor()
      await page.locator('[data-test=funnel-chart] canvas').waitFor()
      await settled(page)
      const stats = (await apiCall(page, 'GET', '/coop/stats')).body
      const value = async (key) => Number((await page.locator(`[data-test=card-${key}] [data-test=value]`).innerText()).replace(/[^\d]/g, ''))
      assert.equal(await value('agreements'), stats.agreements.by_state.active || 0, 'active agreements')
      assert.equal(await value('interns'), stats.internships.by_status.active || 0, 'active interns')
      assert.equal(await value('followups'), stats.visits.followups_open, 'open follow-ups')
      assert.equal(await value('incidents'), stats.internships.incidents_open, 'open incidents')
      assert.ok(stats.internships.by_status.active > 0, 'the demo has interns')

      for (const by of ['enterprise', 'college', 'pair']) {
        if (by !== 'enterprise') {
          const answer = page.waitForResponse((r) => r.url().includes(`/api/v1/coop/funnel?by=${by}`))
          await page.locator('[data-test=funnel-by] .el-radio-button', { hasText: { college: '按院校', pair: '按企业–院校' }[by] }).click()
          await answer
          await settled(page)
        }
        const funnel = (await apiCall(page, 'GET', `/coop/funnel?by=${by}`)).body
        assert.ok(funnel.items.length > 0, `the demo's funnel by ${by}`)
        const rows = await page.locator('[data-test=funnel-table] .el-table__body-wrapper tr').count()
        assert.equal(rows, funnel.items.length, `one row per ${by}`)
        const first = await page.locator('[data-test=funnel-table] .el-table__body-wrapper tr').first().innerText()
        assert.ok(first.includes(funnel.items[0].name || funnel.items[0].enterprise), 'the first row is the API’s first')
      }
      const phone = viewport === PHONE
      if (phone) await assertNoSideScroll(page, 'coop figures on a phone')
      await screenshot(page, `coop-figures-${phone ? 'phone' : 'desktop'}`)
      assertNoProblems(problems, `operator coop figures ${phone ? 'phone' : 'desktop'}`)
      await context.close()
    }
  })
})
