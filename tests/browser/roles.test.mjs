// Each demo role logs in and sees its own sidebar and home page, on a desktop and
// on a 390-px phone; screenshots of every home go to test-results/screenshots/.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  ALL_MENU, DEMO, DEMO_PASSWORD, DESKTOP, PHONE, assertNoProblems, launchBrowser, login, menuNames,
  openPage, screenshot, settled, startServer, confirmBox,
} from './harness.mjs'

const ROLE_ZH = {
  operator: '平台运营', college: '院校', enterprise: '企业HR', student: '学生',
  judge: '评委', mentor: '导师', officer: '政务',
}

describe('every role: menu and home', () => {
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

  for (const [role, demo] of Object.entries(DEMO)) {
    it(`${role} (${demo.login}) sees the ${role} menu and home, desktop and phone`, async () => {
      const { context, page, problems } = await openPage(browser, server, { viewport: DESKTOP })
      await login(page, demo.login)
      await settled(page)

      assert.deepEqual(await menuNames(page), demo.menu, 'sidebar entries')
      for (const other of ALL_MENU.filter((m) => !demo.menu.includes(m))) {
        assert.equal(await page.locator(`[data-test=menu-${other}]`).count(), 0, `${role} must not see ${other}`)
      }
      assert.equal((await page.locator('[data-test=home-role]').innerText()).trim(), ROLE_ZH[role])
      assert.match(await page.locator('[data-test=home-profile]').innerText(), new RegExp(demo.login))
      if (['college', 'enterprise', 'student'].includes(role)) {
        assert.ok((await page.locator('[data-test=home-org]').innerText()).trim().length > 0, 'organisation shown')
      }
      if (role === 'operator') {
        await page.locator('[data-test=accounts-chart] canvas').waitFor()
        const total = await page.locator('[data-test=stat-accounts] .stat-value').innerText()
        assert.match(total, /^[\d,]+$/, 'account total is a number')
      }
      // Pages of other roles are refused by the router: 无权限, with the way back home.
      if (role !== 'operator') {
        await page.goto('/accounts')
        await page.waitForURL(/\/forbidden\?from=(%2F|\/)accounts$/)
        const refused = page.locator('[data-test=forbidden]')
        assert.match(await refused.innerText(), new RegExp(`无权限[\\s\\S]*${ROLE_ZH[role]}`))
        if (role === 'student') await screenshot(page, 'student-forbidden-desktop')
        await page.locator('[data-test=forbidden-home] button').click()
        await page.waitForURL('**/home')
        await page.locator('[data-test=home-hello]').waitFor()
      }
      await screenshot(page, `${role}-home-desktop`)
      assertNoProblems(problems, `${role} desktop`)

      // Same session on a phone.
      const phone = await openPage(browser, server, { viewport: PHONE })
      await phone.context.addCookies(await context.cookies())
      await phone.page.goto('/home')
      await phone.page.locator('[data-test=home-hello]').waitFor()
      await settled(phone.page)
      assert.ok(await phone.page.locator('[data-test=hamburger]').isVisible(), 'hamburger on a phone')
      assert.equal(await phone.page.locator('[data-test=sidebar]').count(), 0, 'no fixed sidebar on a phone')
      const width = await phone.page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(width <= PHONE.width, `no horizontal scroll on a phone (scrollWidth ${width})`)
      await screenshot(phone.page, `${role}-home-phone`)
      assert.deepEqual(await menuNames(phone.page), demo.menu, 'drawer menu on a phone')
      assertNoProblems(phone.problems, `${role} phone`)
      await phone.context.close()
      await context.close()
    })
  }

  it('the HR of a pending enterprise sees the 企业资质审核中 banner', async () => {
    const { context, page, problems } = await openPage(browser, server, { viewport: DESKTOP })
    await login(page, 'hr_pending')
    const banner = page.locator('[data-test=org-pending-banner]')
    await banner.waitFor()
    assert.match(await banner.innerText(), /企业资质审核中/)
    await screenshot(page, 'enterprise-pending-home-desktop')
    assertNoProblems(problems, 'hr_pending')
    await context.close()
  })

  it('college staff see only their own organisation on 本单位账号 (read only)', async () => {
    const { context, page, problems } = await openPage(browser, server, { viewport: DESKTOP })
    await login(page, DEMO.college.login)
    const org = (await page.locator('[data-test=home-org]').innerText()).trim()
    await page.locator('[data-test=menu-orgAccounts]').click()
    await page.waitForURL('**/org-accounts')
    await settled(page)
    const rows = page.locator('[data-test=org-accounts-table] .el-table__body tr')
    await rows.first().waitFor()
    assert.ok((await rows.count()) > 1, 'the college has staff and students')
    // No edit controls on this page.
    assert.equal(await page.locator('[data-test=org-accounts-table] button').count(), 0)
    await screenshot(page, 'college-org-accounts-desktop')
    // The API answers only this organisation's accounts.
    const answer = await page.evaluate(async () => (await fetch('/api/v1/accounts?page_size=200')).json())
    assert.ok(answer.items.length > 0)
    for (const a of answer.items) assert.equal(a.org && a.org.name, org, `${a.login} belongs to ${org}`)

    // 系统对接: a token for the college's student register, shown once, that works with
    // the Bearer header alone and stops when revoked.
    await page.locator('[data-test=menu-orgTokens]').click()
    await page.waitForURL('**/org-tokens')
    await page.locator('[data-test=token-new]').click()
    await page.locator('input[data-test=token-name]').fill('学籍系统夜间同步')
    await page.locator('[data-test="scope-students:read"]').click()
    await page.locator('input[data-test=token-password]').fill(DEMO_PASSWORD)
    await page.locator('[data-test=token-create]').click()
    const secret = (await page.locator('[data-test=token-secret]').innerText()).trim()
    assert.match(secret, /^sky_[0-9a-f]{64}$/)
    await screenshot(page, 'college-org-token-made-desktop', { fullPage: false })
    await page.locator('[data-test=token-secret-done]').click()
    const asSystem = () => fetch(`${server.url}/api/v1/students?page_size=1`, { headers: { Authorization: `Bearer ${secret}` } })
    assert.equal((await asSystem()).status, 200)
    const row = page.locator('[data-test=tokens-table] .el-table__row', { hasText: '学籍系统夜间同步' })
    await row.locator('[data-test^=token-revoke-]').click()
    await confirmBox(page)
    await row.locator('[data-test^=token-state-]', { hasText: '已吊销' }).waitFor()
    assert.equal((await asSystem()).status, 401)
    assertNoProblems(problems, 'college accounts and tokens')
    await context.close()
  })

  it('changing one\'s password: wrong old password on the field, then success', async () => {
    const { context, page, problems } = await openPage(browser, server, { viewport: PHONE })
    await login(page, DEMO.mentor.login)
    await page.goto('/password')
    await page.locator('input[data-test=old-password]').fill('not-my-password')
    await page.locator('input[data-test=new-password]').fill('mentor-new-pass-1')
    await page.locator('input[data-test=confirm-password]').fill('mentor-new-pass-1')
    await page.locator('[data-test=password-submit]').click()
    await page.locator('.el-form-item.is-error input[data-test=old-password]').waitFor()
    assert.match(await page.locator('.el-form-item.is-error').first().innerText(), /原密码/)
    await page.locator('input[data-test=old-password]').fill(DEMO_PASSWORD)
    await page.locator('[data-test=password-submit]').click()
    await page.getByText('密码已修改').waitFor()
    const other = await openPage(browser, server)
    await login(other.page, DEMO.mentor.login, 'mentor-new-pass-1')
    assertNoProblems(other.problems, 'login with the new password')
    await other.context.close()
    assertNoProblems(problems, 'password change')
    await context.close()
  })

  it('the student pages fit a 390-px phone', async () => {
    const { context, page, problems } = await openPage(browser, server, { viewport: PHONE })
    await login(page, DEMO.student.login)
    for (const path of ['/home', '/password']) {
      await page.goto(path)
      await settled(page)
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(width <= PHONE.width, `${path}: scrollWidth ${width} > ${PHONE.width}`)
    }
    await screenshot(page, 'student-password-phone')
    // The drawer opens and navigates.
    await page.locator('[data-test=hamburger]').click()
    await page.locator('[data-test=menu-drawer] [data-test=menu-home]').click()
    await page.waitForURL('**/home')
    assertNoProblems(problems, 'student phone pages')
    await context.close()
  })
})
