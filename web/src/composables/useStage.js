// The roadshow stage of one round (路演): who is on stage, the timer and the running order,
// kept current by the round's event stream, with the timer ticking in the browser.
//
//   const { stage, remaining, connected, reload } = useStage(() => roundId)
//
// The server keeps no ticking clock: GET …/stage answers the seconds used and left at
// its `server_time`; while the timer runs this counts down from the moment the answer
// arrived (so a skewed device clock does not matter).  `remaining` goes below zero when
// a team runs over its slot.  A frame of the stream (`stage`, `scores`) re-reads the
// stage; frames arriving while a read runs cause exactly one more read afterwards.
import { computed, onBeforeUnmount, onMounted, ref } from 'vue'
import { showError } from '@/utils/errors'
import { getStage, stageLiveUrl } from '@/api/competition'
import { coalesce, useEventStream } from './useEventStream'

export function useStage(roundIdGetter, { onScores } = {}) {
  const stage = ref(null)
  const error = ref(null)
  const now = ref(Date.now())
  let receivedAt = Date.now()
  let clock = null

  // Frames arriving while a read runs cause exactly one more read afterwards.
  const reload = coalesce(async () => {
    try {
      const id = roundIdGetter()
      if (!id) return
      const answer = await getStage(id)
      receivedAt = Date.now()
      now.value = receivedAt
      stage.value = answer
      error.value = null
    } catch (e) {
      error.value = e
      if (e.status !== 401 && e.status !== 404) showError(e)
    }
  })

  const remaining = computed(() => {
    const timer = stage.value && stage.value.timer
    if (!timer) return 0
    if (!timer.running) return timer.remaining
    return timer.remaining - Math.floor((now.value - receivedAt) / 1000)
  })

  // The round's live stream (GET …/live): a frame says what changed, never who scored what.
  const { connected } = useEventStream(() => {
    const id = Number(roundIdGetter()) || 0
    return id ? stageLiveUrl(id) : ''
  }, {
    stage: () => reload(),
    scores: (frame) => {
      reload()
      if (onScores) onScores(frame)
    },
  }, { onReconnect: reload })

  onMounted(() => {
    reload()
    clock = setInterval(() => { now.value = Date.now() }, 250)
  })
  onBeforeUnmount(() => clearInterval(clock))
  return { stage, remaining, connected, error, reload }
}

/** Seconds as m:ss, with a leading "+" once over time (remaining below zero). */
export function clockText(seconds) {
  const over = seconds < 0
  const s = Math.abs(seconds)
  const text = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
  return over ? `+${text}` : text
}
