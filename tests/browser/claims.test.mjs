// 学籍认领 through the pages: college staff make activation codes for a class, print the
// slips and export the .xlsx; a student on a phone registers with one of the codes; the
// college sees the registration, resets it, and unlocks a record locked by guessing.
// The college's page is checked at 390 px too.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import {
  DEMO, DESKTOP, PHONE, apiCall, assertNoProblems, assertNoSideScroll, confirmBox, launchBrowser, login,
  openPage, pickOption, screenshot, settled, startServer,
} from './harness.mjs'

const PASSWORD = 'claim-code-2026-test'

/** Fills the student registration form for the demo college with an activation code. */
async function fillWithCode(page, { student_no, name, code, login: loginName }) {
  await page.goto('/register/student')
  await page.locator('[data-test=college-select]').click()
  await pickOption(page, '广东建设职业技术学院')
  await page.locator('input[data-test=student-no]').fill(student_no)
  await page.locator('input[data-test=name]').fill(name)
  await page.locator('[data-test=proof-code]').click()
  await page.locator('input[data-test=activation-code]').fill(code)
  await page.locator('input[data-test=login]').fill(loginName)
  await page.locator('input[data-test=password]').fill(PASSWORD)
  await page.locator('input[data-test=confirm]').fill(PASSWORD)
}

describe('activation codes from the college to a student', () => {
  let server
  let browser
  let college
  let slip // the first code made: { student_id, name, student_no, class_name, code, ... }
  let collegeId
  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
    college = await openPage(browser, server, { viewport: DESKTOP })
    await login(college.page, DEMO.college.login)
    collegeId = (await apiCall(college.page, 'GET', '/organizations/mine')).body.organization.id
  })
  after(async () => {
    if (college) assertNoProblems(college.problems, 'college claims pages')
    if (browser) await browser.close()
    if (server) await server.stop()
  })

  it('the college makes codes for a class, sees them once, prints the slips and exports the .xlsx', async () => {
    const { page } = college
    await page.locator('[data-test=menu-claims]').click()
    await page.waitForURL('**/claims')
    await settled(page)
    const classRow = page.locator('[data-test=codes-classes] .el-table__body tr', { has: page.locator('[data-test=codes-for-class]') }).first()
    await classRow.waitFor()
    await screenshot(page, 'claims-codes-desktop')
    await classRow.locator('[data-test=codes-for-class]').click()
    await page.locator('.el-message-box', { hasText: '之前发放的激活码将失效' }).waitFor()
    const made = page.waitForResponse((r) => r.url().endsWith('/api/v1/claims/codes') && r.request().method() === 'POST')
    await confirmBox(page)
    const answer = await (await made).json()
    assert.ok(answer.items.length > 0, 'no code made')
    const dialog = page.locator('[data-test=codes-result]')
    await dialog.getByText('激活码只显示这一次').waitFor()
    const cells = await dialog.locator('[data-test=code-cell]').allInnerTexts()
    assert.deepEqual(cells.map((s) => s.trim()), answer.items.map((x) => x.code))
    slip = answer.items[0]
    await screenshot(page, 'claims-codes-result', { fullPage: false })

    // Export: exactly these codes, as .xlsx.
    const download = page.waitForEvent('download')
    await dialog.locator('[data-test=codes-export]').click()
    const file = await download
    assert.match(file.suggestedFilename(), /\.xlsx$/)
    const bytes = readFileSync(await file.path())
    assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04', 'an xlsx is a zip')

    // Print: one slip per student, outside the app frame, then back to the same codes.
    await dialog.locator('[data-test=codes-print]').click()
    await page.waitForURL('**/claims/print')
    await page.locator('[data-test=print-slips]').waitFor()
    assert.equal(await page.locator('[data-test=print-slip]').count(), answer.items.length)
    assert.equal((await page.locator('[data-test=print-code]').first().innerText()).trim(), slip.code)
    const first = await page.locator('[data-test=print-slip]').first().innerText()
    for (const part of [slip.name, slip.student_no, slip.class_name, '有效期至', '/register/student']) assert.ok(first.includes(part), `the slip lacks ${part}: ${first}`)
    assert.equal(await page.locator('[data-test=side-menu]').count(), 0, 'the print page has no app frame')
    await page.emulateMedia({ media: 'print' })
    assert.equal(await page.locator('[data-test=print-now]').isVisible(), false, 'buttons are printed')
    await screenshot(page, 'claims-print-slips')
    await page.emulateMedia({ media: 'screen' })
    await page.locator('[data-test=print-back]').click()
    await page.waitForURL('**/claims')
    await dialog.locator('[data-test=code-cell]').first().waitFor()
    // Closing asks first; then the codes are gone for good.
    await dialog.locator('[data-test=codes-close]').click()
    await confirmBox(page)
    await dialog.waitFor({ state: 'hidden' })
    await page.goto('/claims/print')
    await page.locator('[data-test=print-empty]').waitFor()
  })

  it('a student on a phone registers with the code; the same code is refused afterwards', async () => {
    const { context, page, problems } = await openPage(browser, server, { viewport: PHONE })
    await fillWithCode(page, { ...slip, code: 'ABCD-EFGH', login: 'code_student_1' })
    await page.locator('[data-test=register-submit]').click()
    await page.getByText('激活码为 12 位字母和数字').waitFor()
    await screenshot(page, 'register-student-code-phone')
    // Typed as a person would: lower case, blanks.
    await page.locator('input[data-test=activation-code]').fill(slip.code.toLowerCase().replace(/-/g, ' '))
    await page.locator('[data-test=register-submit]').click()
    await page.locator('[data-test=register-done]').waitFor()
    await assertNoSideScroll(page, '/register/student')

    await fillWithCode(page, { ...slip, login: 'code_student_2' })
    const again = page.waitForResponse((r) => r.url().endsWith('/api/v1/register/student'))
    await page.locator('[data-test=register-submit]').click()
    assert.equal((await again).status(), 404)
    await page.locator('.el-form-item.is-error [data-test=student-no]').waitFor()

    await login(page, 'code_student_1', PASSWORD)
    assert.equal((await page.locator('[data-test=home-role]').innerText()).trim(), '学生')
    assertNoProblems(problems, 'registration with a code')
    await context.close()
  })

  it('the college sees the registration and its attempts, and resets it with a reason', async () => {
    const { page } = college
    await page.goto('/claims')
    await page.locator('[data-test=claims-tabs] .el-tabs__item', { hasText: '学籍与注册' }).click()
    await page.locator('input[data-test=records-q]').fill(slip.student_no)
    await page.locator('[data-test=records-submit]').click()
    const row = page.locator('[data-test=records-table] .el-table__body tr', { hasText: slip.student_no }).first()
    await row.getByText('code_student_1').waitFor()
    await row.getByText('已注册').waitFor()
    await row.locator(`[data-test=attempts-${slip.student_id}]`).click()
    const drawer = page.locator('[data-test=attempts-drawer]')
    await drawer.locator('[data-test=outcome-ok]').waitFor()
    await drawer.locator('[data-test=outcome-claimed]').waitFor()
    assert.ok(!(await drawer.innerText()).includes(slip.code), 'the code typed is shown')
    await screenshot(page, 'claims-attempts-drawer', { fullPage: false })
    await page.keyboard.press('Escape')
    await drawer.waitFor({ state: 'hidden' })

    await row.locator(`[data-test=reset-${slip.student_id}]`).click()
    const dialog = page.locator('[data-test=reset-dialog]')
    await dialog.getByText('code_student_1').waitFor()
    await dialog.locator('[data-test=reset-submit]').click()
    await dialog.getByText('此项为必填项').waitFor()
    await dialog.locator('textarea[data-test=reset-reason]').fill('学生反映账号被他人注册')
    await dialog.locator('[data-test=reset-submit]').click()
    await page.getByText('已重置，学生可以重新注册').waitFor()
    await row.getByText('未注册').waitFor()
    const gone = await page.evaluate(async (password) => (await fetch('/api/v1/auth/login', {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login: 'code_student_1', password }),
    })).status, PASSWORD)
    assert.ok([401, 403].includes(gone), `the reset account still logs in: ${gone}`)
  })

  it('a record locked by guessing is listed with its attempts and unlocked by the college', async () => {
    const { page } = college
    // Five guesses at a record of the college (from a stranger's browser).
    const stranger = await openPage(browser, server, { viewport: PHONE })
    await stranger.page.goto('/login')
    const guesses = await stranger.page.evaluate(async ({ record }) => {
      const out = []
      for (let i = 0; i < 5; i++) {
        const res = await fetch('/api/v1/register/student', {
          method: 'POST', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ college_id: record.college_id, student_no: record.student_no, name: record.name, id_last6: `00000${i}`, login: `guess_${i}`, password: 'guess-pass-123' }),
        })
        out.push(res.status)
      }
      return out
    }, { record: { college_id: collegeId, student_no: slip.student_no, name: slip.name } })
    assert.deepEqual(guesses, [404, 404, 404, 404, 404])
    await stranger.context.close()

    await page.locator('[data-test=claims-tabs] .el-tabs__item', { hasText: '学籍与注册' }).click()
    await page.locator('[data-test=records-status]').click()
    await pickOption(page, '已锁定')
    await page.locator('input[data-test=records-q]').fill('')
    await page.locator('[data-test=records-submit]').click()
    const row = page.locator('[data-test=records-table] .el-table__body tr', { hasText: slip.student_no }).first()
    await row.getByText('已锁定').waitFor()
    await row.locator(`[data-test=unlock-${slip.student_id}]`).click()
    await confirmBox(page)
    await page.getByText('已解锁').waitFor()
    await row.waitFor({ state: 'detached' })

    await page.locator('[data-test=claims-tabs] .el-tabs__item', { hasText: '认领记录' }).click()
    // Wrong digits, or no ID number on file: either way a failure, and the lock.
    await page.locator('[data-test=attempts-table] [data-test=outcome-id6], [data-test=attempts-table] [data-test=outcome-no_proof]').first().waitFor()
    await screenshot(page, 'claims-attempts-desktop')
  })

  it('the claims page at 390 px: no sideways scroll, codes and records usable', async () => {
    const phone = await openPage(browser, server, { viewport: PHONE })
    await login(phone.page, DEMO.college.login)
    await phone.page.goto('/claims')
    await phone.page.locator('[data-test=codes-classes]').waitFor()
    await settled(phone.page)
    await assertNoSideScroll(phone.page, '/claims codes')
    await screenshot(phone.page, 'claims-codes-phone')
    await phone.page.locator('[data-test=claims-tabs] .el-tabs__item', { hasText: '学籍与注册' }).click()
    await phone.page.locator('[data-test=records-table]').waitFor()
    await settled(phone.page)
    await assertNoSideScroll(phone.page, '/claims records')
    await screenshot(phone.page, 'claims-records-phone')
    // A code for one student, in a dialog that fits the phone.
    const codeButton = phone.page.locator('[data-test=records-table] [data-test^=code-]').first()
    await codeButton.click()
    const dialog = phone.page.locator('[data-test=codes-result]')
    await dialog.locator('[data-test=code-cell]').first().waitFor()
    await assertNoSideScroll(phone.page, '/claims result dialog')
    await screenshot(phone.page, 'claims-result-phone', { fullPage: false })
    await dialog.locator('[data-test=codes-close]').click()
    await confirmBox(phone.page)
    assertNoProblems(phone.problems, 'claims page on a phone')
    await phone.context.close()
  })
})
