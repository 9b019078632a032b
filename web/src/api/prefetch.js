// Answers asked for ahead of the page that needs them.  The router starts a page's
// requests while the page's own code is still downloading (on a slow phone link that
// is most of a second); the page then takes the answer instead of asking again.
// An answer is taken once, and only while it is fresh (a page kept alive may not take
// the one started for it): otherwise the page asks afresh.
import { getPosition, listApplications, myStudent, searchPositions } from './recruit'
import { get, id } from './request'

// api/fair.js's getFair and fairPass.  Imported from there, api/fair.js joins the entry,
// the fair pages' shared chunk falls under experimentalMinChunkSize, and Rollup merges
// it (the event stream, the fair's helpers) into the entry too: +6 KiB for every page.
const getFair = (fairId) => get(`/fairs/${id(fairId)}`)
const fairPass = (fairId) => get(`/fairs/${id(fairId)}/pass`)

const FRESH_MS = 15_000
const pending = new Map() // key -> { promise, at }

/** Starts fn() under key unless a fresh one is already under way; returns its promise. */
export function prefetch(key, fn) {
  const had = pending.get(key)
  if (had && Date.now() - had.at < FRESH_MS) return had.promise
  const promise = fn()
  promise.catch(() => {}) // a page that never takes it must not leave an unhandled rejection
  pending.set(key, { promise, at: Date.now() })
  return promise
}

/** The fresh prefetched answer under key (and forgets it), or a new fn(). */
export function take(key, fn) {
  const had = pending.get(key)
  pending.delete(key)
  return had && Date.now() - had.at < FRESH_MS ? had.promise : fn()
}

/** The key of a job search's answer: its parameters (those set), in a fixed order. */
export const searchKey = (params) =>
  `positions?${Object.keys(params).filter((k) => params[k] !== undefined).sort().map((k) => `${k}=${params[k]}`).join('&')}`

/** The job search's first query: the student's own major, best matches first (what
 *  JobSearchView asks for when it opens with no query and no filter). */
export const firstSearch = (me) => ({ major: (me && me.student && me.student.major_code) || undefined, sort: 'match', limit: 20 })

// Per student page (route name): its requests, started by the router beside its code,
// all at once (the search's only waits for the profile, whose major it filters by).
// The page takes each under the same key.
let searchOpened = false // the job search stays alive once opened: its first query only
const STUDENT_PAGES = {
  jobs: () => {
    if (searchOpened) return
    searchOpened = true
    const me = prefetch('myStudent', myStudent)
    prefetch('applications', () => listApplications({ page_size: 200 }))
    me.then((answer) => {
      const params = firstSearch(answer)
      prefetch(searchKey(params), () => searchPositions(params))
    }, () => {})
  },
  jobDetail: (to) => {
    const id = to.params.id
    prefetch(`position:${id}`, () => getPosition(id))
    prefetch(`applications:${id}`, () => listApplications({ position_id: id, page_size: 5 }))
    prefetch('myStudent', myStudent)
  },
  fair: (to) => prefetch(`fair:${to.params.id}`, () => getFair(to.params.id)),
  fairPass: (to) => {
    prefetch(`fair:${to.params.id}`, () => getFair(to.params.id))
    prefetch(`fairPass:${to.params.id}`, () => fairPass(to.params.id))
  },
}

/** Starts the requests of the student page the router is going to. */
export function prefetchStudentPage(to) {
  const start = STUDENT_PAGES[to.name]
  if (start) start(to)
}
