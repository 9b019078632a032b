// The hours of a room's week as the grid shows them, in China time: for each day and
// each hour of the opening hours, whether it is closed, past, beyond how far ahead the
// room may be booked, taken (by the caller: mine) or free.  Pure, so that the page and
// its phone layout read the same cells.
import { DAY_SECONDS, minutesOf } from '@/utils/chinaTime.js'

/** Bookings that hold their slot (held, confirmed, checked in, no-show). */
export const LIVE = ['held', 'confirmed', 'checked_in', 'no_show']

/** The whole hours shown for a room: from its opening hour to its closing hour. */
export function roomHours(room) {
  const from = Math.floor(minutesOf(room.open_from || '08:00') / 60)
  const to = Math.ceil(minutesOf(room.open_to || '22:00') / 60)
  const hours = []
  for (let h = from; h < to; h++) hours.push(h)
  return hours
}

/**
 * The cell of one hour: {start, end, state, booking}.  state is 'closed' (not open that
 * day or hour), 'past', 'far' (beyond advance_days; the operator may still book),
 * 'mine', 'taken' or 'free'; booking is the live booking overlapping it, if any.
 */
export function hourCell(room, bookings, weekStart, dayIndex, hour, nowSec) {
  const start = weekStart + dayIndex * DAY_SECONDS + hour * 3600
  const end = start + 3600
  const minute = hour * 60
  const open = (room.open_days || []).includes(dayIndex + 1)
    && minute >= minutesOf(room.open_from) && minute + 60 <= minutesOf(room.open_to)
  const booking = bookings.find((b) => LIVE.includes(b.status) && b.start_at < end && b.end_at > start) || null
  let state = 'free'
  if (!open) state = 'closed'
  else if (booking) state = booking.mine ? 'mine' : 'taken'
  else if (start < nowSec) state = 'past'
  else if (room.advance_days && start > nowSec + room.advance_days * DAY_SECONDS) state = 'far'
  return { start, end, state, booking }
}
