// Self-registration through the pages: a student on a phone claims the record their
// college imported; an enterprise waits for approval, which an operator then gives on
// the 企业审核 page.  (Activation codes from the college's page: claims.test.mjs.)
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  DEMO, DESKTOP, PHONE, assertNoProblems, claimableStudents, launchBrowser, login, openPage, pickOption,
  screenshot, settled, startServer,
} from './harness.mjs'

// GB 32100-2015 check character (the app and the server compute it too).
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
function creditCode(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]) * WEIGHTS[i]
  return first17 + ALPHABET[(31 - (sum % 31)) % 31]
}
const otherCheck = (code) => code.slice(0, 17) + (code[17] === '0' ? '1' : '0')

const PASSWORD = 'corridor-2026-test'

describe('registration', () => {
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

  it('a student claims their record on a phone with the last 6 of the ID number and logs in', async () => {
    // The college imported the record with the ID number (set-up through the API).
    const ID = '44180220050316103X'
    const [record] = await claimableStudents(browser, server, 1, { fresh: [{ student_no: '2026990001', name: '林晓雨', id_number: ID }] })
    const { context, page, problems } = await openPage(browser, server, { viewport: PHONE })
    await page.goto('/login')
    await page.locator('[data-test=link-register-student]').click()
    await page.waitForURL('**/register/student')
    await settled(page)

    // Login follows the student number.
    await page.locator('input[data-test=student-no]').fill('2026990001')
    assert.equal(await page.locator('input[data-test=login]').inputValue(), '2026990001')

    // Client-side checks: short password, mismatch, the form of the ID digits.
    await page.locator('input[data-test=name]').fill('林晓雨')
    await page.locator('input[data-test=id-last6]').fill('12X')
    await page.locator('input[data-test=password]').fill('short')
    await page.locator('input[data-test=confirm]').fill('different')
    await page.locator('[data-test=register-submit]').click()
    await page.getByText('密码至少 10 个字符').waitFor()
    await page.getByText('请输入 6 位：前 5 位为数字，最后一位为数字或 X').waitFor()
    await page.locator('.el-form-item.is-error [data-test=college-select]').waitFor()
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= PHONE.width, `registration form scrollWidth ${width}`)
    await screenshot(page, 'register-student-phone-errors')

    // The hints say which ID digits and what a code is.
    assert.match(await page.locator('[data-test=proof]').innerText(), /身份证号后6位[\s\S]*学院发放的激活码/)
    await page.locator('[data-test=college-select]').click()
    await pickOption(page, '广东建设职业技术学院')
    // The rules are shown; a password with the name's pinyin gets the server's words on the field.
    assert.match(await page.locator('[data-test=password-rules]').innerText(), /常见密码/)
    // ID digits of the right form (the form checks that before sending anything).
    await page.locator('input[data-test=id-last6]').fill('123456')
    await page.locator('input[data-test=password]').fill('linxiaoyu-2026')
    await page.locator('input[data-test=confirm]').fill('linxiaoyu-2026')
    const weak = page.waitForResponse((r) => r.url().endsWith('/api/v1/register/student'))
    await page.locator('[data-test=register-submit]').click()
    assert.equal((await weak).status(), 400)
    await page.locator('.el-form-item.is-error').getByText('密码不能包含姓名或姓名拼音').waitFor()
    await screenshot(page, 'register-student-phone-weak-password')
    await page.locator('input[data-test=password]').fill(PASSWORD)
    await page.locator('input[data-test=confirm]').fill(PASSWORD)
    // Wrong digits: the one answer, shown on the student number.
    await page.locator('input[data-test=id-last6]').fill('123456')
    const wrong = page.waitForResponse((r) => r.url().endsWith('/api/v1/register/student'))
    await page.locator('[data-test=register-submit]').click()
    assert.equal((await wrong).status(), 404)
    await page.locator('.el-form-item.is-error [data-test=student-no]').waitFor()
    await page.locator('.el-form-item.is-error', { has: page.locator('[data-test=student-no]') })
      .getByText('学号、姓名或验证信息与学院登记的不一致').waitFor()
    await screenshot(page, 'register-student-phone-refused')
    // The right digits, x in lower case.
    await page.locator('input[data-test=id-last6]').fill(ID.slice(-6).toLowerCase())
    await page.locator('[data-test=register-submit]').click()
    await page.locator('[data-test=register-done]').waitFor()
    await screenshot(page, 'register-student-phone-done')

    // The same record again, with its activation code this time: the same refusal.
    await page.goto('/register/student')
    await page.locator('[data-test=college-select]').click()
    await pickOption(page, '广东建设职业技术学院')
    await page.locator('input[data-test=student-no]').fill('2026990001')
    await page.locator('input[data-test=login]').fill('another_login_1')
    await page.locator('input[data-test=name]').fill('林晓雨')
    await page.locator('[data-test=proof-code]').click()
    await page.locator('input[data-test=activation-code]').fill(record.activation_code)
    await page.locator('input[data-test=password]').fill(PASSWORD)
    await page.locator('input[data-test=confirm]').fill(PASSWORD)
    const dup = page.waitForResponse((r) => r.url().endsWith('/api/v1/register/student'))
    await page.locator('[data-test=register-submit]').click()
    assert.equal((await dup).status(), 404)
    await page.locator('.el-form-item.is-error [data-test=student-no]').waitFor()

    await login(page, '2026990001', PASSWORD)
    assert.equal((await page.locator('[data-test=home-role]').innerText()).trim(), '学生')
    await settled(page)
    await screenshot(page, 'register-student-phone-home')
    assertNoProblems(problems, 'student registration')
    await context.close()
  })

  it('an enterprise registers, waits, and an operator approves it', async () => {
    const code = creditCode('91441800MA5TEXT01')
    const name = '清远测试智造科技有限公司'
    const hr = await openPage(browser, server, { viewport: DESKTOP })
    await hr.page.goto('/register/enterprise')
    await hr.page.locator('input[data-test=ent-name]').fill(name)
    // A wrong check character is caught before anything is sent.
    await hr.page.locator('input[data-test=credit-code]').fill(otherCheck(code))
    await hr.page.locator('input[data-test=contact-name]').fill('周经理')
    await hr.page.getByText('校验位不正确，请核对代码').waitFor()
    await hr.page.locator('input[data-test=credit-code]').fill(code.toLowerCase())
    await hr.page.locator('input[data-test=login]').fill('hr_test_reg')
    await hr.page.locator('input[data-test=password]').fill(PASSWORD)
    await hr.page.locator('input[data-test=confirm]').fill(PASSWORD)
    await hr.page.locator('[data-test=register-submit]').click()
    const done = hr.page.locator('[data-test=register-done]')
    await done.waitFor()
    assert.match(await done.innerText(), /审核/)
    await screenshot(hr.page, 'register-enterprise-done')

    await login(hr.page, 'hr_test_reg', PASSWORD)
    await hr.page.locator('[data-test=org-pending-banner]').waitFor()

    // The operator approves it.
    const op = await openPage(browser, server, { viewport: DESKTOP })
    await login(op.page, DEMO.operator.login)
    await op.page.locator('[data-test=menu-enterpriseReview]').click()
    await op.page.waitForURL('**/enterprise-review')
    await settled(op.page)
    const row = op.page.locator('[data-test=review-table] .el-table__body tr', { hasText: name })
    await row.waitFor()
    await screenshot(op.page, 'operator-enterprise-review')
    await row.locator('[data-test^=approve-]').click()
    await op.page.locator('.el-message-box__btns .el-button--primary').click()
    await op.page.getByText('已通过审核').waitFor()
    await row.waitFor({ state: 'detached' })

    // The HR sees the enterprise verified.
    await hr.page.reload()
    await hr.page.locator('[data-test=home-hello]').waitFor()
    await settled(hr.page)
    assert.equal(await hr.page.locator('[data-test=org-pending-banner]').count(), 0)
    assert.match(await hr.page.locator('[data-test=home-org-status]').innerText(), /已认证/)
    assertNoProblems(hr.problems, 'enterprise registration')
    assertNoProblems(op.problems, 'operator approval')
    await hr.context.close()
    await op.context.close()
  })

  it('an operator rejects a registration with a reason; the HR sees it', async () => {
    const code = creditCode('91441800MA5TEXT02')
    const name = '清远驳回测试有限公司'
    const hr = await openPage(browser, server, { viewport: DESKTOP })
    await hr.page.goto('/register/enterprise')
    await hr.page.locator('input[data-test=ent-name]').fill(name)
    await hr.page.locator('input[data-test=credit-code]').fill(code)
    await hr.page.locator('input[data-test=contact-name]').fill('吴主管')
    await hr.page.locator('input[data-test=login]').fill('hr_test_rej')
    await hr.page.locator('input[data-test=password]').fill(PASSWORD)
    await hr.page.locator('input[data-test=confirm]').fill(PASSWORD)
    await hr.page.locator('[data-test=register-submit]').click()
    await hr.page.locator('[data-test=register-done]').waitFor()

    const op = await openPage(browser, server, { viewport: DESKTOP })
    await login(op.page, DEMO.operator.login)
    await op.page.goto('/enterprise-review')
    const row = op.page.locator('[data-test=review-table] .el-table__body tr', { hasText: name })
    await row.waitFor()
    await row.locator('[data-test^=reject-]').click()
    const dialog = op.page.locator('[data-test=reject-dialog]')
    // The reason is required.
    await op.page.locator('[data-test=reject-submit]').click()
    await dialog.getByText('此项为必填项').waitFor()
    await op.page.locator('textarea[data-test=reject-reason]').fill('营业执照信息与名称不一致')
    await screenshot(op.page, 'operator-reject-dialog')
    await op.page.locator('[data-test=reject-submit]').click()
    await op.page.getByText('已驳回').first().waitFor()
    await row.waitFor({ state: 'detached' })

    await login(hr.page, 'hr_test_rej', PASSWORD)
    const banner = hr.page.locator('[data-test=org-rejected-banner]')
    await banner.waitFor()
    assert.match(await banner.innerText(), /审核未通过/)
    assert.match(await banner.innerText(), /营业执照信息与名称不一致/, 'the reason is shown')
    await screenshot(hr.page, 'enterprise-rejected-home-desktop')
    assertNoProblems(hr.problems, 'rejected enterprise')
    assertNoProblems(op.problems, 'operator rejection')
    await hr.context.close()
    await op.context.close()
  })
})
