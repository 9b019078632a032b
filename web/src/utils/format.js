// Formatting helpers shared by views.  Times are shown in China time whatever the
// browser's zone (utils/chinaTime.js).
import { chinaDay, chinaParts } from './chinaTime.js'

const pad = (n) => String(n).padStart(2, '0')

/** Epoch seconds (API times) -> China time "YYYY-MM-DD HH:mm"; '-' when absent. */
export function formatTime(epochSeconds) {
  if (epochSeconds === null || epochSeconds === undefined || epochSeconds === '') return '-'
  if (Number.isNaN(Number(epochSeconds))) return '-'
  const p = chinaParts(epochSeconds)
  return `${p.y}-${pad(p.m)}-${pad(p.d)} ${pad(p.hh)}:${pad(p.mm)}`
}

/** Epoch seconds -> China time "YYYY-MM-DD"; '-' when absent. */
export function formatDate(epochSeconds) {
  const s = formatTime(epochSeconds)
  return s === '-' ? s : s.slice(0, 10)
}

/** A date picked in the UI (a Date: its calendar day as the picker shows it) -> epoch
 * seconds at 23:59:59 China time of that day. */
export function endOfDayEpoch(value) {
  if (!value) return null
  const d = new Date(value instanceof Date ? value.getTime() : Number(value))
  if (Number.isNaN(d.getTime())) return null
  return chinaDay(`${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`) + 86399
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
