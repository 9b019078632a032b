// Staff two-factor login in the browser: the demo officer's forced enrolment at first login
// on a phone (QR, key in groups of 4, a code, recovery codes shown once with download),
// the second login step with a code and with a recovery code ("使用恢复码"), optional
// enabling and disabling by college staff on the password page, and the operator's reset.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import {
  DEMO, DEMO_PASSWORD, DESKTOP, PHONE, assertNoProblems, assertNoSideScroll, authenticatorFor, confirmBox,
  launchBrowser, login, openPage, screenshot, settled, startServer,
} from './harness.mjs'
import { Authenticator, totpCode } from '../lib/totp.mjs'

async function typePassword(page, loginName, password = DEMO_PASSWORD) {
  await page.goto('/login')
  await page.locator('input[data-test=login-input]').fill(loginName)
  await page.locator('input[data-test=password-input]').fill(password)
  await page.locator('[data-test=login-submit]').click()
}

describe('staff two-factor login (MFA)', () => {
  let server
  let browser
  let officer // the Authenticator of officer_demo, enrolled in the first test
  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
  })
  after(async () => {
    if (browser) await browser.close()
    if (server) await server.stop()
  })

  it('the demo officer must link an authenticator at first login (phone, 390 px)', async () => {
    const { context, page, problems } = await openPage(browser, server, { viewport: PHONE })
    await typePassword(page, DEMO.officer.login)
    await page.waitForURL('**/mfa/setup**')
    await page.locator('[data-test=mfa-setup-required]').waitFor()
    // Nowhere else to go until enrolled.
    await page.goto('/fairs')
    await page.waitForURL('**/mfa/setup**')
    const secretText = await page.locator('[data-test=mfa-secret]').innerText()
    assert.match(secretText.trim(), /^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$/, `key grouped in 4s: ${secretText}`)
    const qr = page.locator('[data-test=mfa-qr]')
    assert.ok((await qr.evaluate((img) => img.decode().then(() => img.naturalWidth))) > 0, 'the QR code image shows')
    await assertNoSideScroll(page, 'enrolment at 390 px')
    await screenshot(page, 'mfa-enrol-phone')

    const auth = new Authenticator(secretText)
    const next = await auth.next()
    const wrong = next.code === '000000' ? '111111' : '000000'
    await page.locator('input[data-test=mfa-enrol-code]').fill(wrong)
    await page.locator('[data-test=mfa-enrol-confirm]').click()
    await page.locator('.el-form-item__error', { hasText: '验证码不正确' }).waitFor()
    await page.locator('input[data-test=mfa-enrol-code]').fill(next.code)
    await page.locator('[data-test=mfa-enrol-confirm]').click()

    await page.locator('[data-test=mfa-recovery-code]').first().waitFor()
    const codes = await page.locator('[data-test=mfa-recovery-code]').allInnerTexts()
    assert.equal(codes.length, 10)
    for (const c of codes) assert.match(c, /^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/)
    auth.recovery = codes
    const done = page.locator('[data-test=mfa-enrol-done]')
    assert.equal(await done.isDisabled(), true, 'done waits for "saved"')
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-test=mfa-codes-download]').click()])
    const text = readFileSync(await download.path(), 'utf8')
    for (const c of codes) assert.ok(text.includes(c), `download holds ${c}`)
    await assertNoSideScroll(page, 'recovery codes at 390 px')
    await screenshot(page, 'mfa-recovery-codes-phone')
    await page.locator('[data-test=mfa-codes-saved]').click()
    await done.click()
    // Back to where the officer was sent away from.
    await page.waitForURL('**/fairs')
    officer = auth
    assertNoProblems(problems, 'enrolment')
    await context.close()
  })

  it('the second step: a wrong code says how many tries are left; the code from the app logs in', async () => {
    assert.ok(officer, 'enrolled in the test before')
    const { context, page, problems } = await openPage(browser, server, { viewport: PHONE })
    await typePassword(page, DEMO.officer.login)
    await page.locator('[data-test=mfa-step]').waitFor()
    await assertNoSideScroll(page, 'second step at 390 px')
    await screenshot(page, 'mfa-login-step-phone')
    await page.locator('input[data-test=mfa-code-input]').fill('000000')
    await page.locator('[data-test=mfa-submit]').click()
    await page.locator('[data-test=mfa-error]', { hasText: '还可尝试 4 次' }).waitFor()
    await page.locator('input[data-test=mfa-code-input]').fill((await officer.next()).code)
    await page.locator('[data-test=mfa-submit]').click()
    await page.waitForURL('**/home')
    assertNoProblems(problems, 'second step')
    await context.close()
  })

  it('"使用恢复码": a recovery code instead of the app, once', async () => {
    const { context, page, problems } = await openPage(browser, server, { viewport: PHONE })
    await typePassword(page, DEMO.officer.login)
    await page.locator('[data-test=mfa-use-recovery]').click()
    await page.locator('input[data-test=mfa-code-input]').fill(officer.recovery.shift().toUpperCase())
    await page.locator('[data-test=mfa-submit]').click()
    await page.waitForURL('**/home')
    await page.goto('/password')
    await page.locator('[data-test=mfa-codes-left]', { hasText: '9' }).waitFor()
    assert.equal((await page.locator('[data-test=mfa-status]').innerText()).trim(), '已开启')
    assertNoProblems(problems, 'recovery code')
    await context.close()
  })

  it('college staff may turn it on and off on the password page', async () => {
    const { context, page, problems } = await openPage(browser, server, { viewport: DESKTOP })
    await login(page, DEMO.college.login)
    await page.goto('/password')
    await page.locator('[data-test=mfa-status]', { hasText: '未开启' }).waitFor()
    await page.locator('[data-test=mfa-enable-open]').click()
    const secret = await page.locator('.el-dialog [data-test=mfa-secret]').innerText()
    const auth = new Authenticator(secret)
    await page.locator('.el-dialog input[data-test=mfa-enrol-code]').fill((await auth.next()).code)
    await page.locator('.el-dialog [data-test=mfa-enrol-confirm]').click()
    await page.locator('.el-dialog [data-test=mfa-recovery-code]').first().waitFor()
    await page.locator('.el-dialog [data-test=mfa-codes-saved]').click()
    await page.locator('.el-dialog [data-test=mfa-enrol-done]').click()
    await page.locator('[data-test=mfa-status]', { hasText: '已开启' }).waitFor()
    await screenshot(page, 'mfa-security-desktop')

    // Off: the password and a current code.
    await page.locator('[data-test=mfa-disable-open]').click()
    await page.locator('input[data-test=mfa-disable-password]').fill(DEMO_PASSWORD)
    await page.locator('input[data-test=mfa-disable-code]').fill('000000')
    await page.locator('[data-test=mfa-disable-submit]').click()
    await page.locator('.el-dialog .el-form-item__error', { hasText: '验证码不正确' }).waitFor()
    await page.locator('input[data-test=mfa-disable-code]').fill((await auth.next()).code)
    await page.locator('[data-test=mfa-disable-submit]').click()
    await page.locator('[data-test=mfa-status]', { hasText: '未开启' }).waitFor()
    assertNoProblems(problems, 'college MFA')
    await context.close()
  })

  it('the operator resets the officer\'s MFA; the officer links an authenticator again', async () => {
    const { context, page, problems } = await openPage(browser, server, { viewport: DESKTOP })
    await login(page, DEMO.operator.login) // enrols admin on the way (harness)
    assert.ok(authenticatorFor(page, DEMO.operator.login), 'the harness enrolled admin')
    await page.goto('/accounts')
    await settled(page)
    await page.locator('input[data-test=search-q]').fill(DEMO.officer.login)
    await page.locator('[data-test=search-submit]').click()
    await page.locator(`[data-test=mfa-reset-${DEMO.officer.login}]`).click()
    await confirmBox(page)
    await page.locator(`[data-test=mfa-reset-${DEMO.officer.login}]`).waitFor({ state: 'detached' })
    assertNoProblems(problems, 'reset')
    await context.close()

    const again = await openPage(browser, server, { viewport: PHONE })
    await typePassword(again.page, DEMO.officer.login)
    await again.page.waitForURL('**/mfa/setup**')
    // The old authenticator's code is no use now: a new key is shown.
    const secret = (await again.page.locator('[data-test=mfa-secret]').innerText()).replace(/\s+/g, '')
    assert.notEqual(secret, officer.secret)
    assert.notEqual(totpCode(secret), totpCode(officer.secret))
    assertNoProblems(again.problems, 'enrol again')
    await again.context.close()
  })
})
