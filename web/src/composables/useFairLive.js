// Live updates of one fair: an EventSource on GET /fairs/{id}/live (Server-Sent Events).
//
//   useFairLive(() => fairId, {
//     queue: (enterpriseId) => …,   // one handler per event name
//     fair: () => …,
//   }, { onReconnect: () => … })
//
// Frames are `event: NAME` with `data: {"enterprise_id": N}` (0: the whole fair) and carry
// no personal data: a handler decides whether the event concerns what its page shows and
// then re-reads that.  The server merges frames over 250 ms rounds, so a handler runs at
// most about four times a second per event name.
//
// The stream itself (one per page, closed on unmount, reconnection with back-off,
// `connected`, `onReconnect`) is useEventStream's.
import { useEventStream } from './useEventStream'
import { fairLiveUrl } from '@/api/fair'

export const LIVE_EVENTS = ['fair', 'signup', 'booths', 'gate', 'queue', 'intent', 'interviews']

/** Returns { connected, close } (useEventStream's); handlers get the enterprise id. */
export function useFairLive(fairIdGetter, handlers, { onReconnect } = {}) {
  const byName = {}
  for (const name of LIVE_EVENTS) {
    if (handlers[name]) byName[name] = (frame) => handlers[name](Number(frame.enterprise_id) || 0)
  }
  return useEventStream(() => {
    const id = Number(fairIdGetter()) || 0
    return id ? fairLiveUrl(id) : ''
  }, byName, { onReconnect })
}

// coalesce() (an async re-read that events arriving meanwhile run once more) lives with the stream.
export { coalesce } from './useEventStream'
