// One Server-Sent Events stream of a page (a fair's /live, a competition round's /live):
//
//   const { connected } = useEventStream(() => (id ? someLiveUrl(id) : ''), {
//     queue: (frame) => …,   // one handler per event name; frame: the parsed `data` ({} if none)
//   }, { onReconnect: () => … })
//
// Frames say what changed, never personal data: a handler decides whether the event
// concerns what its page shows and then re-reads that.
//
// One stream per call, so one per page: the page (or the one component of it that shows
// live data) calls this once.  It is closed when the component unmounts or the URL
// changes ('' opens none) — a student or HR holds at most 4 streams (a fifth ends their
// oldest), so a stream left open by a page no longer shown would cost them a live page
// elsewhere.
//
// The browser reconnects by itself after a network blip (the server says `retry: 3000`)
// and after the server ended the stream; when the answer is an error instead (503 while
// the server restarts) the browser gives up, and this opens a new stream itself, waiting
// longer each time (3 s, 6 s, … up to a minute).  `connected` says whether the stream is
// open now (the small "live" dot); every open after the first calls `onReconnect` so the
// page re-reads what it may have missed meanwhile.
import { onBeforeUnmount, ref, watch } from 'vue'

const RETRY_MS = 3000
const RETRY_MAX_MS = 60000

/**
 * urlGetter: () => the stream's URL, or '' for none (watched).  handlers: event name →
 * fn(frame).  Returns { connected (a ref), close() }; the stream is the component's.
 */
export function useEventStream(urlGetter, handlers, { onReconnect } = {}) {
  const connected = ref(false)
  let source = null
  let url = ''
  let opened = false // an open happened for this URL: the next one is a reconnect
  let retryTimer = null
  let retryMs = RETRY_MS
  let stopped = false

  function dispatch(name, e) {
    let frame = {}
    try {
      frame = JSON.parse(e.data) || {}
    } catch {
      frame = {}
    }
    handlers[name](frame)
  }

  function dropSource() {
    if (retryTimer) clearTimeout(retryTimer)
    retryTimer = null
    if (source) source.close()
    source = null
    connected.value = false
  }

  function connect() {
    dropSource()
    if (stopped || !url || typeof window === 'undefined' || !window.EventSource) return
    const es = new EventSource(url)
    source = es
    es.onopen = () => {
      if (source !== es) return
      connected.value = true
      retryMs = RETRY_MS
      // The first open is the page's own load; later ones follow a reconnect.
      if (opened && onReconnect) onReconnect()
      opened = true
    }
    es.onerror = () => {
      if (source !== es) return
      connected.value = false
      // CONNECTING: the browser retries by itself.  CLOSED: it gave up (an error answer).
      if (es.readyState === 2 && !stopped) {
        es.close()
        source = null
        retryTimer = setTimeout(connect, retryMs)
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS)
      }
    }
    for (const name of Object.keys(handlers)) {
      if (handlers[name]) es.addEventListener(name, (e) => { if (source === es) dispatch(name, e) })
    }
  }

  function close() {
    stopped = true
    dropSource()
  }

  watch(urlGetter, (u) => {
    if (stopped) return
    url = u || ''
    opened = false
    retryMs = RETRY_MS
    connect()
  }, { immediate: true })
  onBeforeUnmount(close)
  return { connected, close }
}

/**
 * Wraps an async re-read so that events arriving while it runs cause exactly one more run
 * afterwards (never two reads at once, never a lost update).  With `minGapMs`, runs are
 * also spaced at least that far apart (for big lists re-read after bursts of events).
 */
export function coalesce(fn, minGapMs = 0) {
  let running = false
  let again = false
  let last = 0
  let timer = null
  async function run() {
    if (running) {
      again = true
      return
    }
    const wait = last + minGapMs - Date.now()
    if (wait > 0) {
      if (!timer) timer = setTimeout(() => { timer = null; run() }, wait)
      return
    }
    running = true
    try {
      await fn()
    } finally {
      last = Date.now()
      running = false
      if (again) {
        again = false
        run()
      }
    }
  }
  return run
}
