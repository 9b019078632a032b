// Short times for fair pages (a fair is one day: the hour is what matters), in China time.
import { hourLabel } from '@/utils/chinaTime.js'

/** Epoch seconds -> China time "HH:mm"; '' when absent. */
export function clock(epochSeconds) {
  if (epochSeconds === null || epochSeconds === undefined) return ''
  return hourLabel(epochSeconds)
}

/**
 * The entries-by-hour rows of a fair's statistics ({hour, entered}, China hours as the
 * server buckets them) as a continuous run of hours in the fair's own order: from the hour
 * it opens to the hour it closes (or now, while it runs), the empty hours as 0 — so a fair
 * past midnight reads 22:00, 23:00, 00:00 rather than 00:00 … 23:00 with a line across.
 */
export function fairHours(rows, fair, nowSeconds = Date.now() / 1000) {
  const got = new Map((rows || []).map((r) => [Number(r.hour), r]))
  if (!fair || !fair.starts_at) return [...got.values()].sort((a, b) => a.hour - b.hour)
  const first = Math.floor(Number(fair.starts_at) / 3600)
  const last = Math.floor((Math.min(Number(fair.ends_at) || nowSeconds, Math.max(nowSeconds, Number(fair.starts_at))) - 1) / 3600)
  const out = []
  for (let h = first; h <= Math.max(first, last) && out.length < 24; h++) {
    const hour = (h + 8) % 24 // China hours (UTC+8)
    out.push({ ...(got.get(hour) || {}), hour, entered: got.get(hour)?.entered || 0 })
    got.delete(hour)
  }
  // Entries outside the fair's hours (a test fair re-timed) still show, after.
  return out.concat([...got.values()].sort((a, b) => a.hour - b.hour))
}
