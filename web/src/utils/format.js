// Formatting helpers shared by views.

const pad = (n) => String(n).padStart(2, '0')

/** Epoch seconds (API times) -> local "YYYY-MM-DD HH:mm"; '-' when absent. */
export function formatTime(epochSeconds) {
  if (epochSeconds === null || epochSeconds === undefined || epochSeconds === '') return '-'
  const d = new Date(Number(epochSeconds) * 1000)
  if (Number.isNaN(d.getTime())) return '-'
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`
}

/** A Date or millisecond timestamp -> epoch seconds (for query filters). */
export function toEpochSeconds(value) {
  if (value === null || value === undefined || value === '') return undefined
  const ms = value instanceof Date ? value.getTime() : Number(value)
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000)
}

/** Epoch seconds -> local "YYYY-MM-DD"; '-' when absent. */
export function formatDate(epochSeconds) {
  const s = formatTime(epochSeconds)
  return s === '-' ? s : s.slice(0, 10)
}

/** A date picked in the UI (a Date) -> epoch seconds at the end of that local day. */
export function endOfDayEpoch(value) {
  if (!value) return null
  const d = new Date(value instanceof Date ? value.getTime() : Number(value))
  if (Number.isNaN(d.getTime())) return null
  d.setHours(23, 59, 59, 0)
  return Math.floor(d.getTime() / 1000)
}

/** 12345 -> "12,345"; '-' when absent. */
export function formatNumber(n) {
  if (n === null || n === undefined || n === '') return '-'
  return Number(n).toLocaleString('en-US')
}

/** A rate as "42.5%" of part over whole; '-' when the whole is 0. */
export function formatRate(part, whole) {
  if (!whole) return '-'
  return `${((100 * (part || 0)) / whole).toFixed(1)}%`
}
