// The login page: readable errors (wrong password, too many attempts, disabled
// account), logout, and the language switch (menu texts change, choice remembered);
// with the last, the keyboard basics of the app frame (issue 15): a page title per page
// in both languages, the skip link, the sidebar menu reached and used with the keyboard,
// focus on the page heading after a navigation, a visible focus on the language buttons.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  DEMO, DEMO_PASSWORD, DESKTOP, PHONE, apiCall, assertAccessible, assertNoProblems, launchBrowser, login, menuTexts,
  openPage, screenshot, settled, startServer,
} from './harness.mjs'

async function tryLogin(page, loginName, password) {
  await page.locator('input[data-test=login-input]').fill(loginName)
  await page.locator('input[data-test=password-input]').fill(password)
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/login'))
  await page.locator('[data-test=login-submit]').click()
  return answer
}

describe('login page', () => {
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

  it('renders with links to both registrations, desktop and phone', async () => {
    for (const [name, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
      const { context, page, problems } = await openPage(browser, server, { viewport })
      await page.goto('/login')
      await page.locator('[data-test=login-submit]').waitFor()
      assert.match(await page.locator('[data-test=product-name]').innerText(), /天空走廊/)
      assert.equal(await page.locator('[data-test=link-register-student]').getAttribute('href'), '/register/student')
      assert.equal(await page.locator('[data-test=link-register-enterprise]').getAttribute('href'), '/register/enterprise')
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(width <= viewport.width, `login page scrollWidth ${width}`)
      await screenshot(page, `login-${name}`)
      await assertAccessible(page, `login (${name})`)
      // 忘记密码: no self-service reset; the page says whom each kind of user asks.
      assert.equal(await page.locator('[data-test=forgot-help]').count(), 0)
      await page.locator('[data-test=forgot-password]').click()
      const help = await page.locator('[data-test=forgot-help]').innerText()
      assert.match(help, /学生[\s\S]*院校[\s\S]*企业 HR[\s\S]*平台运营方/)
      await screenshot(page, `login-forgot-${name}`)
      assertNoProblems(problems, `login ${name}`)
      await context.close()
    }
  })

  it('a wrong password shows 账号或密码错误, then too many attempts shows the 429 text', async () => {
    const { context, page, problems } = await openPage(browser, server)
    await page.goto('/login')
    const first = await tryLogin(page, DEMO.judge.login, 'not-the-password')
    assert.equal(first.status(), 401)
    const error = page.locator('[data-test=login-error]')
    await error.waitFor()
    assert.match(await error.innerText(), /账号或密码错误/)
    assert.equal(new URL(page.url()).pathname, '/login')
    await screenshot(page, 'login-wrong-password')

    // Unknown login: the same answer (no account enumeration).
    const unknown = await tryLogin(page, 'no_such_login_x', 'whatever-password')
    assert.equal(unknown.status(), 401)
    assert.match(await error.innerText(), /账号或密码错误/)

    // Four more failures for judge_demo from this address make five; the next attempt from
    // here is refused, with the server's words (how long to wait).
    for (let i = 0; i < 4; i++) await tryLogin(page, DEMO.judge.login, `wrong-password-${i}`)
    const locked = await tryLogin(page, DEMO.judge.login, DEMO_PASSWORD)
    assert.equal(locked.status(), 429)
    await page.waitForFunction(() => /登录失败次数过多，请 \d+ 分钟后再试/.test(document.querySelector('[data-test=login-error]')?.innerText || ''))
    await screenshot(page, 'login-too-many-attempts')
    assertNoProblems(problems, 'login errors')
    await context.close()
  })

  it('logout returns to the login page and the session is gone', async () => {
    const { context, page, problems } = await openPage(browser, server)
    await login(page, DEMO.officer.login)
    await page.locator('[data-test=user-trigger]').click()
    await page.locator('[data-test=logout]').click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.waitForURL('**/login')
    await page.goto('/home')
    await page.waitForURL('**/login**')
    assertNoProblems(problems, 'logout')
    await context.close()
  })

  it('a student\'s entry pass shows without a network once loaded, and logout forgets it', async () => {
    const { context, page, problems } = await openPage(browser, server, { viewport: PHONE })
    await login(page, DEMO.student.login)
    const fairs = (await apiCall(page, 'GET', '/fairs')).body.items
    const live = fairs.find((f) => f.status === 'live')
    assert.ok(live, 'the demo has no live fair')
    const reg = await apiCall(page, 'POST', `/fairs/${live.id}/register`, {})
    assert.ok([201, 409].includes(reg.status), `register: ${reg.status}`)
    // The phone's home shows the live fair with the pass one tap away; the bottom bar has 招聘会.
    await page.goto('/home')
    const card = page.locator('[data-test=home-fair]')
    await card.waitFor()
    assert.match(await card.innerText(), new RegExp(`招聘会进行中[\\s\\S]*${live.name}[\\s\\S]*出示入场码`))
    assert.equal(await page.locator('[data-test=tab-fair]').getAttribute('href'), `/fairs/${live.id}`)
    assert.match(await page.locator('[data-test=tab-fair]').innerText(), /招聘会/)
    await screenshot(page, 'student-home-fair-phone')
    await page.locator('[data-test=home-fair-link]').click()
    await page.waitForURL(`**/fairs/${live.id}/pass`)
    const code = await page.locator('[data-test=pass-code]').getAttribute('aria-label')
    await page.locator('[data-test=pass-qr] svg').waitFor()
    assert.equal(await page.locator('[data-test=pass-offline]').count(), 0)
    // The hall's network drops; the page reads the pass again (as when the phone wakes up).
    await context.setOffline(true)
    const failed = page.waitForEvent('requestfailed', (r) => r.url().includes(`/fairs/${live.id}/pass`))
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')))
    await failed
    await page.locator('[data-test=pass-offline]').waitFor()
    assert.equal(await page.locator('[data-test=pass-code]').getAttribute('aria-label'), code)
    await page.locator('[data-test=pass-qr] svg').waitFor()
    await context.setOffline(false)
    // Logout leaves no pass behind on the phone.
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')))
    await page.locator('[data-test=pass-offline]').waitFor({ state: 'detached' })
    assert.ok(await page.evaluate(() => Object.keys(localStorage).some((k) => k.startsWith('skyway.pass.'))), 'the pass was not kept')
    await page.locator('[data-test=user-trigger]').click()
    await page.locator('[data-test=logout]').click()
    await page.locator('.el-message-box__btns .el-button--primary').click()
    await page.waitForURL('**/login')
    assert.deepEqual(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('skyway.pass.'))), [])
    assertNoProblems(problems.filter((p) => !/ERR_INTERNET_DISCONNECTED/.test(p)), 'offline pass')
    await context.close()
  })

  it('switching to English changes the menu texts and is remembered', async () => {
    const { context, page, problems } = await openPage(browser, server)
    await login(page, DEMO.operator.login)
    await settled(page)
    const zh = await menuTexts(page)
    assert.ok(zh.includes('账号管理') && zh.includes('首页'), `Chinese menu: ${zh}`)

    await page.locator('[data-test=lang-en]').click()
    await page.waitForFunction(() => document.documentElement.lang === 'en')
    const en = await menuTexts(page)
    assert.ok(en.includes('Accounts') && en.includes('Home') && en.includes('Audit log'), `English menu: ${en}`)
    assert.ok(!en.some((t) => /[\u4e00-\u9fff]/.test(t)), `no Chinese left in the menu: ${en}`)
    assert.equal(await page.title(), 'Home - Skyway talent corridor')
    await settled(page)
    await screenshot(page, 'operator-home-desktop-en')
    // The chosen language's button shows keyboard focus like the other one.
    const focused = (selector) => page.evaluate((s) => !!document.activeElement && document.activeElement.matches(s), selector)
    await page.locator('[data-test=lang-zh]').focus()
    await page.keyboard.press('Tab')
    assert.ok(await focused('[data-test=lang-en]'), 'Tab from 中文 does not reach EN')
    assert.notEqual(await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle), 'none',
      'the active language button shows no focus')

    await page.reload()
    await page.locator('[data-test=home-hello]').waitFor()
    assert.ok((await menuTexts(page)).includes('Accounts'), 'English kept after reload')

    // Keyboard: the first Tab reaches the skip link, the next few the sidebar menu.
    await page.keyboard.press('Tab')
    assert.ok(await focused('[data-test=skip-link]'), 'the first Tab does not reach the skip link')
    assert.ok((await page.locator('[data-test=skip-link]').boundingBox()).y >= 0, 'the focused skip link is off screen')
    let inMenu = false
    for (let i = 0; i < 4 && !inMenu; i++) {
      await page.keyboard.press('Tab')
      inMenu = await focused('[data-test=side-menu] .el-menu-item, [data-test=side-menu] .el-sub-menu__title')
    }
    assert.ok(inMenu, 'Tab does not reach the sidebar menu')
    const untabbable = await page.locator('[data-test=side-menu] .el-menu-item:not([tabindex="0"]), [data-test=side-menu] .el-sub-menu__title:not([tabindex="0"])').count()
    assert.equal(untabbable, 0, 'menu items left out of the Tab order')
    // Enter on a menu item opens its page; focus lands on the page heading; the tab says where.
    await page.locator('[data-test=menu-accounts]').focus()
    await page.keyboard.press('Enter')
    await page.waitForURL('**/accounts')
    await page.waitForFunction(() => document.activeElement && document.activeElement.matches('[data-test=page-title]'))
    assert.equal(await page.title(), 'Accounts - Skyway talent corridor')
    // The skip link moves focus past the menu, to the page's content.
    await page.locator('[data-test=skip-link]').focus()
    await page.keyboard.press('Enter')
    assert.ok(await focused('main#main-content'), 'the skip link does not lead to the content')

    // English words for the server's Chinese codes: fair statuses; plurals (1 opening,
    // 2 openings); a class of majors named 自动化类 gets no second 类 (nor "class").
    await page.goto('/fairs')
    await page.locator('[data-test=fair-status]').first().waitFor() // the list has loaded
    const statuses = await page.locator('[data-test=fair-status]').allInnerTexts()
    assert.ok(statuses.length > 0 && statuses.every((s) => /^[A-Za-z -]+$/.test(s.trim())), `fair statuses: ${statuses}`)
    const positions = (await apiCall(page, 'GET', '/positions?limit=100')).body.items
    const one = positions.find((p) => p.headcount === 1)
    const many = positions.find((p) => p.headcount > 1)
    const classed = positions.find((p) => (p.majors || []).some((m) => m.level === 'class'))
    assert.ok(one && many && classed, 'demo positions with 1 and more openings and a class of majors')
    for (const [p, text] of [[one, '1 opening'], [many, `${many.headcount} openings`]]) {
      await page.goto(`/jobs/${p.id}`)
      assert.equal((await page.locator('[data-test=job-headcount]').innerText()).trim(), text)
    }
    await page.goto(`/jobs/${classed.id}`)
    const majors = await page.locator('[data-test=job-majors]').innerText()
    assert.doesNotMatch(majors, /类\s*(类|class)/, `majors: ${majors}`)
    await screenshot(page, 'job-detail-en')

    // Back to Chinese: the title follows.
    await page.locator('[data-test=lang-zh]').click()
    await page.waitForFunction(() => document.documentElement.lang === 'zh-CN')
    assert.ok((await menuTexts(page)).includes('账号管理'))
    assert.equal(await page.title(), '岗位详情 - 天空走廊 · 人才对接平台')
    assertNoProblems(problems, 'language switch')
    await context.close()
  })
})
