// Operator pages: accounts (search, create, disable/enable, reset password),
// organisations (create), audit log (filter, export).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  DEMO, DESKTOP, apiCall, assertNoProblems, launchBrowser, login, openPage, screenshot, settled,
  startServer,
} from './harness.mjs'

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
function creditCode(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]) * WEIGHTS[i]
  return first17 + ALPHABET[(31 - (sum % 31)) % 31]
}

async function confirmBox(page) {
  await page.locator('.el-message-box__btns .el-button--primary').click()
}

describe('operator pages', () => {
  let server
  let browser
  let op
  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
    op = await openPage(browser, server, { viewport: DESKTOP })
    await login(op.page, DEMO.operator.login)
  })
  after(async () => {
    if (op) assertNoProblems(op.problems, 'operator pages')
    if (browser) await browser.close()
    if (server) await server.stop()
  })

  it('accounts: search by login, create, disable and enable, reset password', async () => {
    const { page } = op
    await page.locator('[data-test=menu-accounts]').click()
    await page.waitForURL('**/accounts')
    await settled(page)
    await screenshot(page, 'operator-accounts')

    // Search.
    await page.locator('input[data-test=search-q]').fill('student_demo')
    await page.locator('[data-test=search-submit]').click()
    await settled(page)
    const rows = page.locator('[data-test=accounts-table] .el-table__body tr')
    await rows.first().waitFor()
    assert.ok((await rows.allInnerTexts()).every((r) => r.includes('student_demo')), 'search result rows match')

    // Create a judge.
    await page.locator('[data-test=account-create]').click()
    const dialog = page.locator('[data-test=account-create-dialog]')
    await dialog.waitFor()
    await page.locator('[data-test=create-role]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '评委' }).click()
    await page.locator('input[data-test=create-login]').fill('judge_browser')
    await page.locator('input[data-test=create-name]').fill('测试评委')
    await page.locator('input[data-test=create-password]').fill('judge-password-1')
    await screenshot(page, 'operator-account-create')
    await page.locator('[data-test=create-submit]').click()
    await page.getByText('账号已创建').waitFor()

    // A duplicate login is shown on the login field.
    await page.locator('[data-test=account-create]').click()
    await page.locator('[data-test=create-role]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '评委' }).click()
    await page.locator('input[data-test=create-login]').fill('judge_browser')
    await page.locator('input[data-test=create-name]').fill('重复评委')
    await page.locator('input[data-test=create-password]').fill('judge-password-1')
    await page.locator('[data-test=create-submit]').click()
    await dialog.locator('.el-form-item.is-error input[data-test=create-login]').waitFor()
    await dialog.locator('.el-dialog__headerbtn').click()

    // Find it, disable it (with confirmation), enable it again.
    await page.locator('input[data-test=search-q]').fill('judge_browser')
    await page.locator('[data-test=search-submit]').click()
    const row = page.locator('[data-test=accounts-table] .el-table__body tr', { hasText: 'judge_browser' })
    await row.waitFor()
    await page.locator('[data-test=toggle-judge_browser]').first().click()
    await confirmBox(page)
    await row.getByText('停用').first().waitFor()
    await page.getByText('账号已停用').waitFor()
    // A disabled account cannot log in, and is told why.
    const locked = await openPage(browser, server)
    await locked.page.goto('/login')
    await locked.page.locator('input[data-test=login-input]').fill('judge_browser')
    await locked.page.locator('input[data-test=password-input]').fill('judge-password-1')
    await locked.page.locator('[data-test=login-submit]').click()
    await locked.page.locator('[data-test=login-error]').waitFor()
    assert.match(await locked.page.locator('[data-test=login-error]').innerText(), /停用/)
    await screenshot(locked.page, 'login-account-disabled')
    assertNoProblems(locked.problems, 'disabled login')
    await locked.context.close()
    await page.locator('[data-test=toggle-judge_browser]').first().click()
    await confirmBox(page)
    await page.getByText('账号已启用').waitFor()

    // Reset its password, then log in with the new one in another context.
    await page.locator('[data-test=reset-judge_browser]').first().click()
    await page.locator('input[data-test=reset-password]').fill('judge-password-2')
    await page.locator('input[data-test=reset-confirm]').fill('judge-password-2')
    await page.locator('[data-test=reset-submit]').click()
    await page.getByText('密码已重置').waitFor()
    const judge = await openPage(browser, server)
    await login(judge.page, 'judge_browser', 'judge-password-2')
    assertNoProblems(judge.problems, 'new judge')
    await judge.context.close()
  })

  it('organisations: filter and create a college', async () => {
    const { page } = op
    await page.locator('[data-test=menu-organizations]').click()
    await page.waitForURL('**/organizations')
    await settled(page)
    await screenshot(page, 'operator-organizations')

    await page.locator('[data-test=org-create]').click()
    await page.locator('input[data-test=org-name]').fill('清远测试职业学院')
    await page.locator('input[data-test=org-code]').fill('19999')
    await page.locator('[data-test=org-create-submit]').click()
    await page.getByText('机构已创建').waitFor()
    await page.locator('[data-test=orgs-table] .el-table__body tr', { hasText: '清远测试职业学院' }).waitFor()

    // An enterprise with a bad credit code is refused in the form.
    await page.locator('[data-test=org-create]').click()
    await page.locator('[data-test=org-create-dialog] .el-radio-button', { hasText: '企业' }).click()
    await page.locator('input[data-test=org-name]').fill('清远测试企业有限公司')
    await page.locator('input[data-test=org-credit-code]').fill('91441800MA5TEXT0ZZ')
    await page.locator('[data-test=org-create-submit]').click()
    await page.locator('[data-test=org-create-dialog] .el-form-item.is-error input[data-test=org-credit-code]').waitFor()
    await page.locator('input[data-test=org-credit-code]').fill(creditCode('91441800MA5TEXT03'))
    await page.locator('[data-test=org-create-submit]').click()
    await page.getByText('机构已创建').first().waitFor()
    await page.locator('[data-test=orgs-table] .el-table__body tr', { hasText: '清远测试企业有限公司' }).waitFor()
  })

  it('audit log: filter by action and outcome, export xlsx', async () => {
    const { page } = op
    await page.locator('[data-test=menu-audit]').click()
    await page.waitForURL('**/audit')
    await settled(page)
    const rows = page.locator('[data-test=audit-table] .el-table__body tr')
    await rows.first().waitFor()
    await screenshot(page, 'operator-audit')

    await page.locator('[data-test=audit-action]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: 'auth.login' }).click()
    await page.locator('[data-test=audit-outcome]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '成功' }).click()
    const answer = page.waitForResponse((r) => r.url().includes('/api/v1/audit?'))
    await page.locator('[data-test=audit-submit]').click()
    const url = new URL((await answer).url())
    assert.equal(url.searchParams.get('action'), 'auth.login')
    assert.equal(url.searchParams.get('outcome'), 'ok')
    await settled(page)
    const texts = await rows.allInnerTexts()
    assert.ok(texts.length > 0 && texts.every((r) => r.includes('auth.login')), 'filtered rows')

    const download = page.waitForEvent('download')
    await page.locator('[data-test=audit-export]').click()
    const file = await download
    assert.match(file.suggestedFilename(), /\.xlsx$/)
    const exportUrl = new URL(file.url())
    assert.equal(exportUrl.pathname, '/api/v1/audit/export')
    assert.equal(exportUrl.searchParams.get('action'), 'auth.login')
    assert.equal(await file.failure(), null)
  })

  it('audit log in words: an HR\'s résumé view reads 查看学生简历 · 学生 · 简历', async () => {
    const { page } = op
    // An HR opens one résumé (the server audits it as student.view / student / résumé).
    const hr = await openPage(browser, server, { viewport: DESKTOP })
    await login(hr.page, DEMO.enterprise.login)
    const list = await apiCall(hr.page, 'GET', '/students?page_size=1')
    assert.equal(list.status, 200)
    assert.equal((await apiCall(hr.page, 'GET', `/students/${list.body.items[0].id}`)).status, 200)
    await hr.context.close()

    await page.locator('[data-test=audit-action]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: 'student.view' }).click()
    const answer = page.waitForResponse((r) => r.url().includes('/api/v1/audit?') && r.url().includes('student.view'))
    await page.locator('[data-test=audit-submit]').click()
    await answer
    await settled(page)
    const row = page.locator('[data-test=audit-table] .el-table__body tr').first()
    assert.equal((await row.locator('[data-test=audit-action-label]').innerText()).trim(), '查看学生简历')
    assert.equal((await row.locator('[data-test=audit-object-label]').innerText()).trim(), '学生')
    assert.equal((await row.locator('[data-test=audit-detail]').innerText()).trim(), '简历')
    await screenshot(page, 'operator-audit-words')
  })
})
