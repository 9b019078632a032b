// Booking a room of the incubator in the browser, end to end: a resident student on a
// 390-px phone opens 场地预约, picks a room, a day and a free hour of its week (China
// time), books it and sees the hour turn 我的预约; college staff on a desktop, whose week
// still showed that hour free, try the same hour and get the 409 shown in the dialog
// with the booking it overlaps (its number and hours), the week refreshed and the hour
// marked; the student books every week until next week and sees the conflict report
// (one week booked, the other refused naming the booking in the way); 我的预约 lists the
// bookings and cancels one.  Screenshots at desktop width and at 390 px.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  DESKTOP, PHONE, apiCall, assertAccessible, assertNoProblems, assertNoSideScroll, confirmBox, launchBrowser, login, openPage,
  screenshot, settled, startServer,
} from './harness.mjs'
import { chinaDate, dayIndex, firstFreeHour, isoAt, openRoomDay } from './incubator_lib.mjs'

const RESIDENT = 'resident_demo'
const STAFF = 'college_demo'

describe('incubator: booking a room', () => {
  let server
  let browser
  let student
  let staff
  let room // an HQ room every role may book
  let hour // the hour booked in the first test, the day after tomorrow
  let bookingId
  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
    student = await openPage(browser, server, { viewport: PHONE })
    await login(student.page, RESIDENT)
    staff = await openPage(browser, server, { viewport: DESKTOP })
    await login(staff.page, STAFF)
    const rooms = await apiCall(student.page, 'GET', '/incubator/rooms?page_size=200')
    room = rooms.body.items.find((r) => r.kind === 'meeting' && r.book_roles.includes('resident') && r.book_roles.includes('college') && r.site_id === 1)
    assert.ok(room, 'an HQ meeting room residents and college staff may book')
  })
  after(async () => {
    if (browser) await browser.close()
    if (server) await server.stop()
  })

  it('the student picks a room from the list and sees its week by day on a phone', async () => {
    const { page, problems } = student
    await page.goto('/incubator/rooms')
    await settled(page)
    assert.equal(await page.locator('[data-test=rooms-not-resident]').count(), 0, 'a resident is not told to apply')
    await assertAccessible(page, 'resident /incubator/rooms (phone)')
    await page.locator(`[data-test=room-${room.id}]`).click()
    await page.waitForURL(`**/incubator/rooms/${room.id}`)
    await page.locator('[data-test=room-title]', { hasText: room.name }).waitFor()
    await page.locator('[data-test=day-chips]').waitFor()
    assert.equal(await page.locator('[data-test=week-grid]').count(), 0, 'a phone shows one day, not the week grid')
    await screenshot(page, 'incubator-room-week-phone')
    await assertAccessible(page, 'resident room week (phone)')
    await assertNoSideScroll(page)
    assertNoProblems(problems)
  })

  it('the student books a free hour; staff trying the same hour see the 409 with the booking it overlaps', async () => {
    // Staff open the week first: the hour is still free on their screen.
    await openRoomDay(staff.page, room.id, 2)
    await openRoomDay(student.page, room.id, 2)
    hour = await firstFreeHour(student.page, 2, 10)
    const cell = `[data-test=hour-${dayIndex(2)}-${hour}]`
    assert.equal(await staff.page.locator(cell).getAttribute('data-state'), 'free')

    const { page } = student
    await page.locator(cell).click()
    await page.locator('[data-test=book-when]', { hasText: `${chinaDate(2)} ${String(hour).padStart(2, '0')}:00` }).waitFor()
    await screenshot(page, 'incubator-book-dialog-phone', { fullPage: false })
    await assertAccessible(page, 'resident booking dialog (phone)')
    await page.locator('input[data-test=book-title]').fill('项目周例会')
    await page.locator('[data-test=book-submit]').click()
    await page.locator('.el-message--success', { hasText: '预约成功' }).waitFor()
    await page.locator(`${cell}[data-state=mine]`, { hasText: '项目周例会' }).waitFor()
    const mine = (await apiCall(page, 'GET', `/incubator/bookings?room_id=${room.id}&from=${encodeURIComponent(isoAt(2, hour))}&to=${encodeURIComponent(isoAt(2, hour + 1))}`)).body.items
    assert.equal(mine.length, 1, 'one booking made')
    bookingId = mine[0].id

    const s = staff.page
    await s.locator(cell).click()
    await s.locator('input[data-test=book-title]').fill('招生宣讲筹备会')
    await s.locator('[data-test=book-submit]').click()
    const alert = s.locator('[data-test=book-conflict]')
    await alert.waitFor()
    const text = await alert.innerText()
    assert.match(text, /该时段已被占用/)
    assert.match(text, new RegExp(`预约号 ${bookingId}`), `the refusal names booking ${bookingId}: ${text}`)
    assert.match(text, new RegExp(`${chinaDate(2)} ${String(hour).padStart(2, '0')}:00–${String(hour + 1).padStart(2, '0')}:00`))
    assert.doesNotMatch(text, /项目周例会/, 'no title of another project')
    await screenshot(s, 'incubator-book-conflict-desktop', { fullPage: false })
    // The week behind was refreshed: the hour is taken and marked.
    await s.locator('[data-test=book-dialog] .el-dialog__headerbtn').click()
    await s.locator(`${cell}[data-state=taken].conflict`).waitFor()
    await screenshot(s, 'incubator-room-week-desktop')
    await assertAccessible(s, 'college room week (desktop)')
    assertNoProblems(staff.problems)
  })

  it('a weekly booking books the free weeks and reports the one in the way', async () => {
    // Staff hold next week's hour of the series (set-up through the API).
    const s = staff.page
    await openRoomDay(s, room.id, 1)
    const seriesHour = await firstFreeHour(s, 1, 14)
    const blocker = await apiCall(s, 'POST', '/incubator/bookings', { room_id: room.id, start: isoAt(8, seriesHour), end: isoAt(8, seriesHour + 1), title: '院系会议' })
    assert.equal(blocker.status, 201, JSON.stringify(blocker.body))

    const { page } = student
    await openRoomDay(page, room.id, 1)
    await page.locator(`[data-test=hour-${dayIndex(1)}-${seriesHour}]`).click()
    await page.locator('input[data-test=book-title]').fill('路演训练营')
    await page.locator('[data-test=book-repeat]').click()
    // Two weeks (the default): this hour tomorrow and a week later.
    assert.equal(await page.locator('[data-test=book-weeks] input, input[data-test=book-weeks]').first().inputValue(), '2')
    await page.locator('.el-form-item', { hasText: `${chinaDate(1)} 至 ${chinaDate(8)}` }).waitFor()
    await page.locator('[data-test=book-submit]').click()
    const report = page.locator('[data-test=series-report]')
    await report.waitFor()
    assert.match(await report.innerText(), /已预约 1 次，1 次未能预约/)
    assert.equal(await page.locator('[data-test=series-created]').count(), 1)
    const conflict = await page.locator('[data-test=series-conflict]').innerText()
    assert.match(conflict, new RegExp(chinaDate(8)))
    assert.match(conflict, new RegExp(`预约号 ${blocker.body.booking.id}`), conflict)
    await screenshot(page, 'incubator-series-report-phone', { fullPage: false })
    await page.locator('[data-test=series-close]').click()
    await page.locator(`[data-test=hour-${dayIndex(1)}-${seriesHour}][data-state=mine]`).waitFor()
    await assertNoSideScroll(page)
    assertNoProblems(student.problems)
  })

  it('我的预约 lists the bookings and cancels one', async () => {
    const { page, problems } = student
    await page.goto('/incubator/bookings')
    const card = page.locator(`[data-test=booking-${bookingId}]`)
    await card.waitFor()
    assert.match(await card.innerText(), /项目周例会/)
    await screenshot(page, 'incubator-bookings-phone')
    await assertAccessible(page, 'resident /incubator/bookings (phone)')
    await assertNoSideScroll(page)
    await card.locator('[data-test=booking-cancel]').click()
    await confirmBox(page)
    await page.locator('.el-message--success', { hasText: '已取消预约' }).waitFor()
    await card.locator('[data-test=booking-status]', { hasText: '已取消' }).waitFor()
    assert.equal(await card.locator('[data-test=booking-cancel]').count(), 0)
    // The hour is free again for everyone.
    await openRoomDay(staff.page, room.id, 2)
    await staff.page.locator(`[data-test=hour-${dayIndex(2)}-${hour}][data-state=free]`).waitFor()
    await settled(page)
    assertNoProblems(problems)
  })
})
