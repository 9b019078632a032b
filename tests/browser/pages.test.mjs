// Every recruitment page of every role opens without console errors, fits a 390-px
// phone without sideways scrolling, and is photographed on a desktop (1366×768) and
// a phone (390×844) into test-results/screenshots/.  Also: the student's profile
// (contact shown in full on request, privacy switch, data download, closing an
// account) and the English switch on the new pages.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import {
  DEMO, DEMO_PASSWORD, DESKTOP, PHONE, apiCall, assertAccessible, assertNoProblems, axeWidth, sweepsWidth, assertNoSideScroll, confirmBox,
  chooseOption, claimableStudents, launchBrowser, visit, login, openPage, screenshot, settled, startServer,
} from './harness.mjs'

/** Pages per demo login ({id} is filled in once known). */
const PAGES = {
  student: ['/recommendations', '/jobs', '/jobs/{position}', '/my-applications', '/my-applications/{application}', '/profile', '/match-rounds'],
  enterprise: ['/my-positions', '/pipeline', '/talent', '/candidates', '/match-rounds', '/enterprise-profile'],
  college: ['/home', '/students', '/applications', '/employment', '/college-profile'],
  operator: ['/home', '/position-review', '/positions', '/match-rounds', '/students', '/applications', '/employment', '/enterprise-import', '/majors'],
  officer: ['/home'],
}
// What each page must show once loaded (a data-test inside the content).
const READY = {
  '/majors': '[data-test=majors-levels]',
  '/jobs': '[data-test=job-list]',
  '/jobs/{position}': '[data-test=job-title]',
  '/my-applications': '[data-test=applications-list]',
  '/my-applications/{application}': '[data-test=my-app-history]',
  '/profile': '[data-test=privacy]',
  '/my-positions': '[data-test=mine-table]',
  '/pipeline': '[data-test=pipeline-table]',
  '/talent': '[data-test=students-table]',
  '/enterprise-profile': '[data-test=org-facts]',
  '/college-profile': '[data-test=org-facts]',
  '/students': '[data-test=students-table]',
  '/applications': '[data-test=apps-table]',
  '/employment': '[data-test=bars-chart] canvas',
  '/position-review': '[data-test=review-positions-table]',
  '/positions': '[data-test=all-positions-table]',
  '/enterprise-import': '[data-test=enterprise-import]',
  '/home': '[data-test=home-hello]',
  '/recommendations': '[data-test=recommend-list] [data-test^=recommend-card-]',
  '/candidates': '[data-test=candidates-table]',
  '/match-rounds': '[data-test=rounds-list]',
}

describe('recruitment pages: every role, desktop and phone', () => {
  let server
  let browser
  const ids = {}
  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
    // The student applies to an open position without restrictions, so that the
    // detail pages have something to show.
    const s = await openPage(browser, server)
    await login(s.page, DEMO.student.login)
    const open = (await apiCall(s.page, 'GET', '/positions?limit=50')).body.items
    for (const p of open) {
      const r = await apiCall(s.page, 'POST', `/positions/${p.id}/apply`)
      if (r.status === 201) {
        ids.position = p.id
        ids.application = r.body.application.id
        break
      }
    }
    assert.ok(ids.application, 'the demo student could apply somewhere')
    await s.context.close()
  })
  after(async () => {
    if (browser) await browser.close()
    if (server) await server.stop()
  })

  for (const [role, paths] of Object.entries(PAGES)) {
    it(`${role}: ${paths.join(' ')}`, async () => {
      for (const [viewport, tag] of [[DESKTOP, 'desktop'], [PHONE, 'phone']]) {
        if (!sweepsWidth(role, viewport)) continue
        const { context, page, problems } = await openPage(browser, server, { viewport })
        await login(page, DEMO[role].login)
        for (const template of paths) {
          const path = template.replace(/\{(\w+)\}/g, (_, k) => ids[k])
          await visit(page, path)
          await page.locator(READY[template]).first().waitFor()
          await settled(page)
          if (tag === 'phone') await assertNoSideScroll(page, `${role} ${path}`)
          if (axeWidth(role, viewport)) await assertAccessible(page, `${role} ${path} (${tag})`, { once: template })
          const name = `${role}-${template.replace(/^\//, '').replace(/[/{}]+/g, '-').replace(/-+$/, '') || 'root'}-${tag}`
          await screenshot(page, name)
        }
        assertNoProblems(problems, `${role} ${tag}`)
        await context.close()
      }
    })
  }

  it('student profile: full contact on request, privacy switch, data download', async () => {
    const { context, page, problems } = await openPage(browser, server, { viewport: PHONE })
    await login(page, DEMO.student.login)
    await page.locator('[data-test=tab-profile]').click()
    await page.waitForURL('**/profile')
    await page.locator('[data-test=privacy]').waitFor()
    const masked = (await page.locator('[data-test=phone-shown]').innerText()).trim()
    assert.match(masked, /^\d{3}\*{4}\d{4}$/)
    await page.locator('[data-test=reveal-contact]').click()
    await page.locator('[data-test=phone-shown]', { hasText: /^\d{11}$/ }).waitFor()

    // Add a skill by its alias and save.
    await page.locator('[data-test=profile-skills]').click()
    await page.keyboard.type('CAD', { delay: 30 })
    await page.locator('.el-select-dropdown__item:visible').first().click()
    await page.keyboard.press('Escape')
    await page.locator('[data-test=profile-save]').click()
    await page.getByText('档案已保存').waitFor()

    // Withdraw the "discoverable" consent, then give it again (with its text).
    const sw = page.locator('[data-test=switch-discoverable]')
    const wasOn = await sw.locator('input').isChecked()
    await sw.click()
    if (!wasOn) await confirmBox(page)
    await page.getByText(wasOn ? '已关闭：企业将无法在人才库中搜索到您' : '已开启').waitFor()
    await sw.click()
    if (wasOn) {
      await page.locator('.el-message-box', { hasText: '人才库' }).waitFor()
      await screenshot(page, 'student-discoverable-consent-phone', { fullPage: false })
      await confirmBox(page)
    }

    // Their own 毕业去向: saved at once, the category's definition shown.
    await chooseOption(page, page.locator('[data-test=my-destination-select]'), '升学')
    await page.locator('[data-test=my-destination]', { hasText: '国内升学' }).waitFor()
    assert.equal((await apiCall(page, 'GET', '/students/me')).body.student.destination, 'further_study')

    const download = page.waitForEvent('download')
    await page.locator('[data-test=export-my-data]').click()
    const file = await download
    assert.match(file.suggestedFilename(), /\.json$/)
    const data = JSON.parse(readFileSync(await file.path(), 'utf8'))
    assert.equal(data.account.login, DEMO.student.login)
    await assertNoSideScroll(page, '/profile')

    // Large text (适老化): a browser font of 24 px instead of 16 (as a person sets it in the
    // browser's settings: the root element's size).  Texts grow with it (rem) and the
    // pages still fit the phone.
    const heading = page.locator('[data-test=privacy] h2')
    const size = () => heading.evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
    const base = await size()
    await page.evaluate(() => { document.documentElement.style.fontSize = '24px' })
    const large = await size()
    assert.ok(large >= base * 1.4, `text follows the browser's font size: ${base} px -> ${large} px`)
    // Measured against the phone's width itself: a phone-emulating Chromium widens its
    // window (innerWidth) to a page that overflows, which assertNoSideScroll compares with.
    const fits = async (what) => {
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(width <= PHONE.width, `${what} at 24 px: ${width} px wide on a ${PHONE.width} px phone`)
    }
    await fits('/profile')
    await screenshot(page, 'student-profile-phone-large-text')
    await page.locator('[data-test=tab-jobs]').click()
    await page.locator('[data-test=job-list] [data-test^=position-card-]').first().waitFor()
    await settled(page)
    await fits('/jobs')
    // Each sort tab on one line (a 3-character tab once broke after its second character).
    const sortLines = await page.locator('[data-test^=sort-]').evaluateAll((els) => els.map((el) => {
      const range = document.createRange()
      range.selectNodeContents(el)
      return [...range.getClientRects()].filter((r) => r.width > 0).length
    }))
    assert.deepEqual(sortLines, sortLines.map(() => 1), `sort tabs' lines at 24 px: ${sortLines}`)
    await screenshot(page, 'student-jobs-phone-large-text')
    assertNoProblems(problems, 'student profile')
    await context.close()
  })

  it('a student closes their account: password confirmed, then back to login for good', async () => {
    const { context, page, problems } = await openPage(browser, server, { viewport: PHONE })
    const [record] = await claimableStudents(browser, server, 1, { fresh: [{ student_no: '2099770001', name: '注销测试' }] })
    await page.goto('/login')
    const registered = await page.evaluate(async (record) => {
      const res = await fetch('/api/v1/register/student', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...record, login: 'close_me', password: 'farewell-lantern-1' }),
      })
      return res.status
    }, record)
    assert.equal(registered, 201)
    await login(page, 'close_me', 'farewell-lantern-1')
    await page.goto('/profile')
    await page.locator('[data-test=close-account]').click()
    await page.locator('input[data-test=close-password]').fill('wrong-password-1')
    await page.locator('[data-test=close-confirm]').click()
    await page.locator('[data-test=close-dialog] .el-form-item.is-error').waitFor()
    await screenshot(page, 'student-close-account-phone', { fullPage: false })
    await page.locator('input[data-test=close-password]').fill('farewell-lantern-1')
    await page.locator('[data-test=close-confirm]').click()
    await page.waitForURL('**/login')
    await page.locator('input[data-test=login-input]').fill('close_me')
    await page.locator('input[data-test=password-input]').fill('farewell-lantern-1')
    await page.locator('[data-test=login-submit]').click()
    await page.locator('[data-test=login-error]').waitFor()
    assertNoProblems(problems, 'close account')
    await context.close()
  })

  it('English: the new pages switch language', async () => {
    const { context, page, problems } = await openPage(browser, server, { viewport: PHONE })
    await login(page, DEMO.student.login)
    await page.goto('/jobs')
    await page.locator('[data-test=job-list]').waitFor()
    await page.locator('[data-test=lang-en]').click()
    await page.waitForFunction(() => document.documentElement.lang === 'en')
    assert.equal((await page.locator('[data-test=page-title]').innerText()).trim(), 'Find jobs')
    assert.match(await page.locator('[data-test=job-search-submit]').innerText(), /Search/)
    // The count shows once the search has answered (it may still be running).
    await page.locator('[data-test=job-count]', { hasText: /positions/ }).waitFor()
    assert.match(await page.locator('[data-test=chip-major]').innerText(), /^Major: /)
    assert.match(await page.locator('[data-test=tabbar]').innerText(), /My applications/)
    const firstCard = page.locator('[data-test^=position-card-]').first()
    assert.match(await firstCard.innerText(), /yuan\/mo|Negotiable/)
    await screenshot(page, 'student-jobs-phone-en')
    await page.goto('/profile')
    await page.locator('[data-test=privacy]').waitFor()
    assert.match(await page.locator('[data-test=privacy]').innerText(), /Let enterprises find me/)
    await screenshot(page, 'student-profile-phone-en')
    assertNoProblems(problems, 'student in English')
    await context.close()

    const op = await openPage(browser, server, { viewport: DESKTOP })
    await login(op.page, DEMO.operator.login)
    await op.page.locator('[data-test=lang-en]').click()
    // English is loaded on demand: the choice is kept once the page has switched.
    await op.page.waitForFunction(() => document.documentElement.lang === 'en')
    await op.page.goto('/employment')
    await op.page.locator('[data-test=bars-chart] canvas').waitFor()
    assert.equal((await op.page.locator('[data-test=page-title]').innerText()).trim(), 'Employment figures')
    assert.match(await op.page.locator('[data-test=employment-cards]').innerText(), /Interviewed/)
    await screenshot(op.page, 'operator-employment-desktop-en')
    await op.page.locator('[data-test=lang-zh]').click()
    await op.page.waitForFunction(() => document.documentElement.lang === 'zh-CN')
    assertNoProblems(op.problems, 'operator in English')
    await op.context.close()
  })
})
