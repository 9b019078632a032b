// A fair's statistics (GET /fairs/{id}/stats), kept fresh by the live stream:
// /fairs/{id}/live sends an event on every change (fair, signup, booths, gate, queue,
// intent, interviews; data is only {"enterprise_id"}), and the figures are read again
// at most every `minGapMs` (5 s).  `connected` tells whether the stream is open.
import { onBeforeUnmount, onMounted, ref } from 'vue'
import { fairLiveUrl, fairStats } from '@/api/fair'

const EVENTS = ['fair', 'signup', 'booths', 'gate', 'queue', 'intent', 'interviews']

export function useFairStats(fairId, { live = false, minGapMs = 5000 } = {}) {
  const stats = ref(null)
  const error = ref(null)
  const connected = ref(false)
  let source = null
  let lastRead = 0
  let pending = null
  let stopped = false

  async function read() {
    lastRead = Date.now()
    try {
      stats.value = await fairStats(fairId())
      error.value = null
    } catch (e) {
      error.value = e
    }
  }
  function changed() {
    if (pending || stopped) return
    const wait = Math.max(0, lastRead + minGapMs - Date.now())
    pending = setTimeout(() => {
      pending = null
      read()
    }, wait)
  }
  onMounted(() => {
    read()
    if (!live || typeof EventSource === 'undefined') return
    source = new EventSource(fairLiveUrl(fairId()))
    source.addEventListener('hello', () => { connected.value = true })
    source.onopen = () => { connected.value = true }
    source.onerror = () => { connected.value = false } // EventSource reconnects by itself
    for (const ev of EVENTS) source.addEventListener(ev, changed)
  })
  onBeforeUnmount(() => {
    stopped = true
    if (pending) clearTimeout(pending)
    if (source) source.close()
  })
  return { stats, error, connected, read }
}
