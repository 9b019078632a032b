// College staff: 就业统计 (the graduating class by default, its 毕业去向落实率 and Ministry
// categories with their definitions, cards and ECharts agree with the API's totals, another
// class or all of them through the selector, the .xlsx export), the same figures on the
// college's home page, and the student import (a CSV with one bad row shows that row and
// column and cannot be committed; the fixed file commits and the student is in the list,
// where staff record the graduate's destination).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  DEMO, DESKTOP, PHONE, apiCall, assertNoProblems, assertNoSideScroll, dbExec, launchBrowser, login,
  openPage, screenshot, settled, startServer,
} from './harness.mjs'

const num = (s) => Number(String(s).replace(/[^\d]/g, ''))
const rate = (part, whole) => `${((100 * part) / whole).toFixed(1)}%`
const CATEGORIES = ['contract', 'further_study', 'flexible', 'entrepreneurship', 'conscription', 'unplaced']

/** Asserts the destination cards in root show the API's total t (rate and each category). */
async function assertDestinations(root, t, what) {
  assert.equal(await root.locator('[data-test=dest-rate] [data-test=value]').innerText(), rate(t.placed, t.students), `${what}: rate`)
  for (const c of CATEGORIES) {
    assert.equal(num(await root.locator(`[data-test=dest-${c}] [data-test=value]`).innerText()), t[c], `${what}: ${c}`)
  }
}

describe('college staff: employment figures and student import', () => {
  let server
  let browser
  let college
  let tmp
  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
    college = await openPage(browser, server, { viewport: DESKTOP })
    await login(college.page, DEMO.college.login)
    tmp = mkdtempSync(join(tmpdir(), 'skyway-import-'))
  })
  after(async () => {
    if (college) assertNoProblems(college.problems, 'college pages')
    if (browser) await browser.close()
    if (server) await server.stop()
    if (tmp) rmSync(tmp, { recursive: true, force: true })
  })

  it('就业统计: the charts render and the numbers match the API', async () => {
    const { page } = college
    await page.locator('[data-test=menu-employment]').click()
    await page.waitForURL('**/employment')
    await page.locator('[data-test=funnel-chart] canvas').waitFor()
    await page.locator('[data-test=bars-chart] canvas').waitFor()
    await settled(page)
    const api = (await apiCall(page, 'GET', '/stats/employment?group=major')).body
    assert.ok(api.total.students > 0, 'the demo college has students')
    // The graduating class by default (the year in China time, the next one from September).
    const china = new Date(Date.now() + 8 * 3600 * 1000)
    const cohort = china.getUTCFullYear() + (china.getUTCMonth() >= 8 ? 1 : 0)
    assert.equal(api.grad_year, cohort)
    assert.equal(await page.locator('[data-test=dest-title]').innerText(), `${cohort}届毕业生毕业去向`)
    assert.match(await page.locator('[data-test=emp-grad-year]').innerText(), new RegExp(`${cohort}届（应届）`))
    await assertDestinations(page.locator('[data-test=destinations]'), api.total, 'employment page')
    await page.locator('[data-test=dest-definitions] .el-collapse-item__header').click()
    await page.getByText('应征入伍成为义务兵。').waitFor()
    await page.getByText(/落实率 = 已落实毕业去向的毕业生/).waitFor()
    for (const stage of ['students', 'applied', 'interviewed', 'offered', 'accepted']) {
      const shown = await page.locator(`[data-test=emp-${stage}] [data-test=value]`).innerText()
      assert.equal(num(shown), api.total[stage], `card ${stage}`)
    }
    // The table's total row says the same.
    const footer = await page.locator('[data-test=emp-table] .el-table__footer').innerText()
    assert.match(footer, new RegExp(`合计\\s+${api.total.students.toLocaleString('en-US')}`))
    const rows = await page.locator('[data-test=emp-table] .el-table__body-wrapper tr').count()
    assert.equal(rows, api.items.length, 'one table row per major')
    await screenshot(page, 'college-employment-desktop')

    // By graduation year: the bars redraw, the totals stay.
    const answer = page.waitForResponse((r) => r.url().includes('/api/v1/stats/employment?') && r.url().includes('group=grad_year'))
    await page.locator('[data-test=emp-group] .el-radio-button', { hasText: '毕业年份' }).click()
    await answer
    await settled(page)
    const byYear = (await apiCall(page, 'GET', '/stats/employment?group=grad_year')).body
    assert.equal(await page.locator('[data-test=emp-table] .el-table__body-wrapper tr').count(), byYear.items.length)
    assert.equal(num(await page.locator('[data-test=emp-accepted] [data-test=value]').innerText()), byYear.total.accepted)
    await screenshot(page, 'college-employment-by-year-desktop')

    // Every class: the selector keeps the other cohorts reachable.
    const all = page.waitForResponse((r) => r.url().includes('/api/v1/stats/employment?') && r.url().includes('grad_year=all'))
    await page.locator('[data-test=emp-grad-year]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '全部届别' }).click()
    await all
    await settled(page)
    const allYears = (await apiCall(page, 'GET', '/stats/employment?group=grad_year&grad_year=all')).body
    assert.ok(allYears.total.students > byYear.total.students, 'all classes hold more students than the graduating one')
    assert.equal(num(await page.locator('[data-test=emp-students] [data-test=value]').innerText()), allYears.total.students)
    assert.equal(await page.locator('[data-test=dest-title]').innerText(), '全部届别毕业生毕业去向')
    await assertDestinations(page, allYears.total, 'all classes')

    // The export is the server's .xlsx, like every other list.
    const download = page.waitForEvent('download')
    await page.locator('[data-test=emp-export]').click()
    const file = await download
    assert.equal(file.suggestedFilename(), 'employment.xlsx')

    // The home page: the graduating class's figures.
    await page.goto('/')
    const home = page.locator('[data-test=home-figures]')
    await home.locator('[data-test=dest-rate]').waitFor()
    await settled(page)
    assert.equal(await home.locator('[data-test=home-figures-year]').innerText(), `${cohort}届`)
    await assertDestinations(home, api.total, 'home')
    await screenshot(page, 'college-home-figures-desktop')

    const phone = await openPage(browser, server, { viewport: PHONE })
    await phone.context.addCookies(await college.context.cookies())
    await phone.page.goto('/employment')
    await phone.page.locator('[data-test=bars-chart] canvas').waitFor()
    await settled(phone.page)
    await assertNoSideScroll(phone.page, '/employment on a phone')
    await assertDestinations(phone.page, api.total, 'employment on a phone')
    await screenshot(phone.page, 'college-employment-phone')
    await phone.page.goto('/')
    await phone.page.locator('[data-test=home-figures] [data-test=dest-rate]').waitFor()
    await settled(phone.page)
    await assertNoSideScroll(phone.page, 'home on a phone')
    await assertDestinations(phone.page.locator('[data-test=home-figures]'), api.total, 'home on a phone')
    await screenshot(phone.page, 'college-home-figures-phone')
    assertNoProblems(phone.problems, 'employment on a phone')
    await phone.context.close()
  })

  it('student import: one bad row is shown with its row and column; the fixed file commits', async () => {
    const { page } = college
    await page.locator('[data-test=menu-students]').click()
    await page.waitForURL('**/students')
    await settled(page)
    await page.locator('[data-test=students-import]').click()
    const dialog = page.locator('[data-test=import-dialog-students]')
    await dialog.waitFor()

    const header = '学号,姓名,性别,专业,毕业年份,学历层次,手机号'
    const bad = join(tmp, 'students-bad.csv')
    writeFileSync(bad, `\uFEFF${header}\n2099880001,浏览器甲,男,460301,2026,高职专科,13800138000\n2099880002,浏览器乙,女,999999,2026,高职专科,13800138001\n`)
    await dialog.locator('input[type=file]').setInputFiles(bad)
    const errors = dialog.locator('[data-test=import-errors]')
    await errors.waitFor()
    const text = await errors.innerText()
    assert.match(text, /第 3 行/)
    assert.match(text, /D · 专业/)
    assert.match(await dialog.locator('[data-test=import-summary]').innerText(), /错误 1 处/)
    assert.ok(await dialog.locator('[data-test=import-commit]').isDisabled(), 'no commit while a row is wrong')
    await screenshot(page, 'college-import-errors-desktop', { fullPage: false })

    const good = join(tmp, 'students-good.csv')
    writeFileSync(good, `\uFEFF${header}\n2099880001,浏览器甲,男,460301,2026,高职专科,13800138000\n2099880002,浏览器乙,女,机电一体化技术,2026,高职专科,13800138001\n`)
    await dialog.locator('input[type=file]').setInputFiles(good)
    await dialog.locator('[data-test=import-clean]').waitFor()
    await errors.waitFor({ state: 'detached' })
    await screenshot(page, 'college-import-clean-desktop', { fullPage: false })
    await dialog.locator('[data-test=import-commit]').click()
    await page.getByText('导入成功').waitFor()
    await dialog.waitFor({ state: 'hidden' })

    await page.locator('input[data-test=students-q]').fill('2099880002')
    await page.locator('[data-test=students-submit]').click()
    const row = page.locator('[data-test=students-table] .el-table__body tr', { hasText: '浏览器乙' })
    await row.waitFor()
    assert.match(await row.innerText(), /机电一体化技术/)
    assert.match(await row.innerText(), /138\*{4}8001/, 'phone masked in the list')
    const exported = page.waitForEvent('download')
    await page.locator('[data-test=students-export]').click()
    assert.match((await exported).suggestedFilename(), /\.xlsx$/)

    // 毕业去向 recorded in the list: the class of 2026's figures count it.
    const before = (await apiCall(page, 'GET', '/stats/employment?grad_year=2026')).body.total
    const saved = page.waitForResponse((r) => r.url().includes('/destination'))
    await row.locator('[data-test^=dest-select-]').click()
    await page.locator('.el-select-dropdown__item:visible', { hasText: '升学' }).click()
    assert.equal((await saved).status(), 200)
    await page.getByText('毕业去向已登记').waitFor()
    const now = (await apiCall(page, 'GET', '/stats/employment?grad_year=2026')).body.total
    assert.equal(now.further_study, before.further_study + 1)
    assert.equal(now.unplaced, before.unplaced - 1)
  })

  it('旧目录专业: a student whose major code an older catalogue used is flagged; staff pick the new major', async () => {
    const { page } = college
    // The state an upgrade leaves when a major of the old catalogue has no namesake in 2021
    // (src/domain/dict_majors.c): no page makes it, so the database is set as an upgrade would.
    dbExec(server, `INSERT INTO dict_majors (code, name, level, parent, edu_level, origin) VALUES ('460399-old', '旧数控维修（旧目录专业，待改选）', 'major', '4603', 'gz', 'retired');
      INSERT INTO major_code_changes (old_code, old_name, new_code, changed_at) VALUES ('460399', '旧数控维修', '460399-old', 1);
      UPDATE students SET major_code = '460399-old' WHERE student_no = '2099880001';`)
    await page.reload()
    await settled(page)
    const alert = page.locator('[data-test=retired-majors]')
    await alert.waitFor()
    assert.match(await alert.innerText(), /1 名学生/)
    await page.locator('[data-test=retired-majors-open]').click()
    const dialog = page.locator('[data-test=retired-majors-dialog]')
    await dialog.waitFor()
    assert.match(await dialog.innerText(), /旧数控维修/)
    await dialog.locator('[data-test="retired-new-460399-old"] .el-cascader').click()
    await dialog.locator('[data-test="retired-new-460399-old"] input').first().pressSequentially('电气自动化技术', { delay: 30 })
    await page.locator('.el-cascader__suggestion-item:visible', { hasText: /^电气自动化技术$/ }).first().click()
    await dialog.locator('[data-test="retired-save-460399-old"]').click()
    await alert.waitFor({ state: 'detached' })
    await page.locator('input[data-test=students-q]').fill('2099880001')
    await page.locator('[data-test=students-submit]').click()
    const row = page.locator('[data-test=students-table] .el-table__body tr', { hasText: '浏览器甲' })
    await row.waitFor()
    await page.waitForFunction(() => /电气自动化技术/.test(document.querySelector('[data-test=students-table] .el-table__body')?.innerText || ''))
    const me = await apiCall(page, 'GET', '/students?q=2099880001')
    assert.equal(me.body.items[0].major_code, '460306')
  })
})
