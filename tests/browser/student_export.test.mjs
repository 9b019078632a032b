// 我的投递 → 导出: a student downloads their own applications as .xlsx (GET
// /applications/export, the student's own list).  The file is a real workbook that names
// the position they applied to; screenshots of the page at 390 px and on a desktop.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { inflateRawSync } from 'node:zlib'
import {
  DEMO, DESKTOP, PHONE, apiCall, assertNoProblems, assertNoSideScroll, launchBrowser, login, openPage,
  screenshot, startServer,
} from './harness.mjs'

/** The text of every XML part of a .xlsx (a zip): read through its central directory. */
function xlsxText(buf) {
  let end = buf.length - 22
  while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end--
  assert.ok(end >= 0, 'a zip file (end of central directory found)')
  const count = buf.readUInt16LE(end + 10)
  let at = buf.readUInt32LE(end + 16)
  let text = ''
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, 'a central directory entry')
    const method = buf.readUInt16LE(at + 10)
    const size = buf.readUInt32LE(at + 20)
    const nameLen = buf.readUInt16LE(at + 28)
    const extraLen = buf.readUInt16LE(at + 30)
    const commentLen = buf.readUInt16LE(at + 32)
    const local = buf.readUInt32LE(at + 42)
    const name = buf.toString('utf8', at + 46, at + 46 + nameLen)
    at += 46 + nameLen + extraLen + commentLen
    if (!name.endsWith('.xml')) continue
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28)
    const data = buf.subarray(start, start + size)
    text += (method === 8 ? inflateRawSync(data) : data).toString('utf8')
  }
  return text
}

describe('student: 我的投递 exported as .xlsx', () => {
  let server
  let browser
  let student
  let applied = null
  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
    student = await openPage(browser, server, { viewport: PHONE })
    await login(student.page, DEMO.student.login)
  })
  after(async () => {
    if (browser) await browser.close()
    if (server) await server.stop()
  })

  it('the student has an application (API set-up)', async () => {
    const mine = await apiCall(student.page, 'GET', '/applications?page_size=1')
    assert.equal(mine.status, 200, JSON.stringify(mine.body))
    if (mine.body.items.length) {
      applied = mine.body.items[0].position_title
      return
    }
    const open = await apiCall(student.page, 'GET', '/positions?page_size=50')
    for (const p of open.body.items) {
      const a = await apiCall(student.page, 'POST', `/positions/${p.id}/apply`)
      if (a.status === 201) { applied = p.title; break }
    }
    assert.ok(applied, 'the student could apply to a position')
  })

  it('导出 on a phone downloads an .xlsx of their own applications', async () => {
    const { page } = student
    await page.goto('/my-applications')
    const button = page.locator('[data-test=my-apps-export]')
    await button.waitFor()
    assert.match(await button.innerText(), /导出/)
    await assertNoSideScroll(page, 'my applications (phone)')
    await screenshot(page, 'student-export-phone', { fullPage: false })

    const download = page.waitForEvent('download')
    await button.click()
    const file = await download
    assert.match(file.suggestedFilename(), /\.xlsx$/, `downloaded ${file.suggestedFilename()}`)
    const buf = readFileSync(await file.path())
    assert.equal(buf.toString('latin1', 0, 2), 'PK', 'an .xlsx is a zip file')
    const text = xlsxText(buf)
    assert.ok(text.includes(applied), `the workbook names the position applied to (${applied})`)
    assertNoProblems(student.problems, 'my applications (phone)')
  })

  it('the same on a desktop', async () => {
    const desk = await openPage(browser, server, { viewport: DESKTOP })
    await login(desk.page, DEMO.student.login)
    await desk.page.goto('/my-applications')
    await desk.page.locator('[data-test=my-apps-export]').waitFor()
    await screenshot(desk.page, 'student-export-desktop', { fullPage: false })
    const download = desk.page.waitForEvent('download')
    await desk.page.locator('[data-test=my-apps-export]').click()
    const file = await download
    assert.match(file.suggestedFilename(), /\.xlsx$/)
    assertNoProblems(desk.problems, 'my applications (desktop)')
    await desk.context.close()
  })
})
