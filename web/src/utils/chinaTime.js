// China time (UTC+8, no daylight saving) for every page: the platform's days, hours, weeks
// (Monday 00:00) and months are China time whatever the browser's zone (a student abroad,
// a laptop left on UTC), so times shown and sent are computed here in UTC+8, never in the
// browser's local zone.
const OFFSET = 8 * 3600 // seconds east of UTC
const DAY = 86400
const pad = (n) => String(n).padStart(2, '0')

/** Epoch seconds → {y, m, d, hh, mm, dow (1 = Monday … 7)} in China time. */
export function chinaParts(sec) {
  const t = new Date((Number(sec) + OFFSET) * 1000)
  return {
    y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate(),
    hh: t.getUTCHours(), mm: t.getUTCMinutes(), dow: ((t.getUTCDay() + 6) % 7) + 1,
  }
}

/** Epoch seconds → "2026-12-08T14:00:00+08:00", the form the API takes. */
export function toIso(sec) {
  const p = chinaParts(sec)
  return `${p.y}-${pad(p.m)}-${pad(p.d)}T${pad(p.hh)}:${pad(p.mm)}:00+08:00`
}

/** Epoch seconds of Monday 00:00 (China time) of the week holding `sec`. */
export function weekStart(sec) {
  const local = Math.floor((Number(sec) + OFFSET) / DAY) * DAY
  return local - (chinaParts(sec).dow - 1) * DAY - OFFSET
}

/** Epoch seconds of 00:00 China time of the day holding `sec`. */
export function dayStart(sec) {
  return Math.floor((Number(sec) + OFFSET) / DAY) * DAY - OFFSET
}

/** "12-08" (month-day) of a moment. */
export const dayLabel = (sec) => { const p = chinaParts(sec); return `${pad(p.m)}-${pad(p.d)}` }
/** "14:00" of a moment. */
export const hourLabel = (sec) => { const p = chinaParts(sec); return `${pad(p.hh)}:${pad(p.mm)}` }
/** "2026-12-08" of a moment. */
export const dateLabel = (sec) => { const p = chinaParts(sec); return `${p.y}-${pad(p.m)}-${pad(p.d)}` }
/** "2026-12-08 14:00–15:00" of a span on one day (its end at midnight is "24:00"). */
export function spanLabel(start, end) {
  const endText = Number(end) - dayStart(start) === DAY ? '24:00' : hourLabel(end)
  return `${dateLabel(start)} ${hourLabel(start)}–${endText}`
}
/** "08:00" → minutes since midnight ("24:00" → 1440). */
export const minutesOf = (hm) => { const [h, m] = String(hm || '0:0').split(':').map(Number); return h * 60 + (m || 0) }
/** "YYYY-MM-DD" (a date picked in the UI, read as a China day) → epoch seconds at its 00:00 China time. */
export function chinaDay(ymd) {
  const [y, m, d] = String(ymd).split('-').map(Number)
  return Date.UTC(y, m - 1, d) / 1000 - OFFSET
}
/** "YYYY-MM-DD" and "HH:mm", read as China time → epoch seconds. */
export const chinaAt = (ymd, hm) => chinaDay(ymd) + minutesOf(hm) * 60
/**
 * Element Plus's date-time pickers work on Dates in the browser's zone; the platform's times
 * are China time.  A picker shows and returns the wall clock: pickerDate(sec) is the Date whose
 * local wall clock reads the China time of `sec`, and fromPicker(date) reads a picked wall
 * clock as China time → epoch seconds (null when absent).
 */
export function pickerDate(sec) {
  const p = chinaParts(sec)
  return new Date(p.y, p.m - 1, p.d, p.hh, p.mm)
}
export function fromPicker(date) {
  if (!date) return null
  const d = date instanceof Date ? date : new Date(date)
  if (Number.isNaN(d.getTime())) return null
  return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()) / 1000 - OFFSET
}
/** The current month as YYYYMM (China time) and the one before. */
export function lastMonth(nowSec = Date.now() / 1000) {
  const p = chinaParts(nowSec)
  return p.m === 1 ? (p.y - 1) * 100 + 12 : p.y * 100 + p.m - 1
}
export const DAY_SECONDS = DAY
