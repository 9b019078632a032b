// Short times for fair pages (a fair is one day: the hour is what matters).
const pad = (n) => String(n).padStart(2, '0')

/** Epoch seconds -> local "HH:mm"; '' when absent. */
export function clock(epochSeconds) {
  if (epochSeconds === null || epochSeconds === undefined) return ''
  const d = new Date(Number(epochSeconds) * 1000)
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`
}
