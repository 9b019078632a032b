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
