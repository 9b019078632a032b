// Imports of real spreadsheets written by LibreOffice Calc (tests/fixtures/recruit/make.sh),
// through the pages: a college's student file with bad rows shows each row and column and
// cannot be committed; the clean file commits and its students are in the list; HR imports
// positions the same way.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import {
  DEMO, DESKTOP, apiCall, assertNoProblems, launchBrowser, login, openPage, screenshot,
  settled, startServer,
} from './harness.mjs'

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'recruit')

describe('imports of LibreOffice .xlsx files', () => {
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

  it('college: students_errors.xlsx lists its bad rows; students_clean.xlsx commits', async () => {
    const college = await openPage(browser, server, { viewport: DESKTOP })
    const { page } = college
    await login(page, DEMO.college.login)
    await page.locator('[data-test=menu-students]').click()
    await page.waitForURL('**/students')
    await settled(page)
    await page.locator('[data-test=students-import]').click()
    const dialog = page.locator('[data-test=import-dialog-students]')
    await dialog.waitFor()

    await dialog.locator('input[type=file]').setInputFiles(join(FIXTURES, 'students_errors.xlsx'))
    const errors = dialog.locator('[data-test=import-errors]')
    await errors.waitFor()
    const text = await errors.innerText()
    // Row 3: a phone of 5 digits; row 4: an unknown major; row 5: a repeated 学号;
    // row 6: no name (the header is row 1).
    for (const row of [3, 4, 5, 6]) assert.match(text, new RegExp(`第 ${row} 行`), `row ${row} not reported:\n${text}`)
    assert.doesNotMatch(text, /第 2 行|第 7 行/, 'a valid row reported as wrong')
    assert.ok(await dialog.locator('[data-test=import-commit]').isDisabled(), 'no commit while rows are wrong')
    await screenshot(page, 'import-xlsx-errors-desktop', { fullPage: false })

    await dialog.locator('input[type=file]').setInputFiles(join(FIXTURES, 'students_clean.xlsx'))
    await dialog.locator('[data-test=import-clean]').waitFor()
    await dialog.locator('[data-test=import-commit]').click()
    await page.getByText('导入成功').waitFor()
    await dialog.waitFor({ state: 'hidden' })

    // What Calc typed as numbers (学号, 毕业年份) came back as the same text.
    await page.locator('input[data-test=students-q]').fill('2024030002')
    await page.locator('[data-test=students-submit]').click()
    const row = page.locator('[data-test=students-table] .el-table__body tr', { hasText: '钱小雨' })
    await row.waitFor()
    assert.match(await row.innerText(), /机电一体化技术/)
    assert.match(await row.innerText(), /2026/)
    const api = (await apiCall(page, 'GET', '/students?q=2024030004')).body
    assert.equal(api.items.length, 1, 'the fourth student is there')
    assert.equal(api.items[0].name, '李思琪')
    assertNoProblems(college.problems, 'student import')
    await college.context.close()
  })

  it('HR: positions.xlsx previews and commits two drafts', async () => {
    const hr = await openPage(browser, server, { viewport: DESKTOP })
    const { page } = hr
    await login(page, DEMO.enterprise.login)
    await page.goto('/my-positions')
    await settled(page)
    const before = (await apiCall(page, 'GET', '/positions/mine?page_size=200')).body.total
    await page.locator('[data-test=position-import]').click()
    const dialog = page.locator('[data-test=import-dialog-positions]')
    await dialog.waitFor()
    await dialog.locator('input[type=file]').setInputFiles(join(FIXTURES, 'positions.xlsx'))
    await dialog.locator('[data-test=import-clean]').waitFor()
    await dialog.locator('[data-test=import-commit]').click()
    await page.getByText('导入成功').waitFor()
    const mine = (await apiCall(page, 'GET', '/positions/mine?page_size=200')).body
    assert.equal(mine.total, before + 2)
    assert.ok(mine.items.some((p) => p.title === '电气设备调试员'), 'the imported position is listed')
    assertNoProblems(hr.problems, 'position import')
    await hr.context.close()
  })
})
