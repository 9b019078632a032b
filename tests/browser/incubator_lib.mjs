// Helpers of the incubator's browser tests (tests/browser/incubator_*.test.mjs): China
// days (the incubator's weeks and opening hours are China time, UTC+8, whatever the
// machine's zone) and a room's week page opened on one day.
const OFFSET = 8 * 3600

/** "YYYY-MM-DD" of the China day `days` after today (0: today). */
export function chinaDate(days = 0) {
  const t = new Date((Date.now() / 1000 + OFFSET + days * 86400) * 1000)
  return t.toISOString().slice(0, 10)
}

/** The index (0 = Monday) of that China day in its week. */
export function dayIndex(days = 0) {
  const t = new Date((Date.now() / 1000 + OFFSET + days * 86400) * 1000)
  return (t.getUTCDay() + 6) % 7
}

/** "2026-12-08T14:00:00+08:00" of hour `hour` on the China day `days` after today. */
export const isoAt = (days, hour) => `${chinaDate(days)}T${String(hour).padStart(2, '0')}:00:00+08:00`

/** Opens room `roomId`'s week on the China day `days` after today; waits for its hours. */
export async function openRoomDay(page, roomId, days) {
  await page.goto(`/incubator/rooms/${roomId}?day=${chinaDate(days)}`)
  await page.locator(`[data-test^=hour-${dayIndex(days)}-]`).first().waitFor()
}

/** The first free hour (its number) of the day shown, from `after` on. */
export async function firstFreeHour(page, days, after = 8) {
  const cells = page.locator(`[data-test^=hour-${dayIndex(days)}-][data-state=free]`)
  for (const test of await cells.evaluateAll((els) => els.map((e) => e.getAttribute('data-test')))) {
    const h = Number(test.split('-')[2])
    if (h >= after) return h
  }
  throw new Error(`no free hour after ${after} on day +${days}`)
}
