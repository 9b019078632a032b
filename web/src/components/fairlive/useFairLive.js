// Live updates of one fair: an EventSource on GET /fairs/{id}/live (Server-Sent Events).
//
//   useFairLive(() => fairId, {
//     queue: (enterpriseId) => …,   // one handler per event name
//     fair: () => …,
//   })
//
// Frames are `event: NAME` with `data: {"enterprise_id": N}` (0: the whole fair) and carry
// no personal data: a handler decides whether the event concerns what its page shows and
// then re-reads that.  The browser reconnects by itself after a network blip; `connected`
// says whether the stream is open now (shown as a small "live" dot), and every reconnect
// calls `onReconnect` so the page can catch up on what it missed.  The stream is closed
// when the component unmounts or the fair id changes.
import { onBeforeUnmount, ref, watch } from 'vue'
import { fairLiveUrl } from '../../api/fairs'

export const LIVE_EVENTS = ['fair', 'signup', 'booths', 'gate', 'queue', 'intent', 'interviews']

export function useFairLive(fairIdGetter, handlers, { onReconnect } = {}) {
  const connected = ref(false)
  let source = null
  let opened = false

  function close() {
    if (source) source.close()
    source = null
    connected.value = false
    opened = false
  }

  function open(fairId) {
    close()
    if (!fairId || typeof window === 'undefined' || !window.EventSource) return
    source = new EventSource(fairLiveUrl(fairId))
    source.onopen = () => {
      connected.value = true
      // The first open is the page's own load; later ones follow a reconnect.
      if (opened && onReconnect) onReconnect()
      opened = true
    }
    source.onerror = () => {
      connected.value = false
    }
    for (const name of LIVE_EVENTS) {
      if (!handlers[name]) continue
      source.addEventListener(name, (e) => {
        let eid = 0
        try {
          eid = Number(JSON.parse(e.data).enterprise_id) || 0
        } catch {
          eid = 0
        }
        handlers[name](eid)
      })
    }
  }

  watch(fairIdGetter, (id) => open(id), { immediate: true })
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
