// Answers asked for ahead of the page that needs them.  The router starts a page's
// requests while the page's own code is still downloading (on a slow phone link that
// is most of a second); the page then takes the answer instead of asking again.
// An answer is taken once, and only while it is fresh (a page kept alive may not take
// the one started for it): otherwise the page asks afresh.
const FRESH_MS = 15_000
const pending = new Map() // key -> { promise, at }

/** Starts fn() under key unless a fresh one is already under way. */
export function prefetch(key, fn) {
  const had = pending.get(key)
  if (had && Date.now() - had.at < FRESH_MS) return
  const promise = fn()
  promise.catch(() => {}) // a page that never takes it must not leave an unhandled rejection
  pending.set(key, { promise, at: Date.now() })
}

/** The fresh prefetched answer under key (and forgets it), or a new fn(). */
export function take(key, fn) {
  const had = pending.get(key)
  pending.delete(key)
  return had && Date.now() - had.at < FRESH_MS ? had.promise : fn()
}
