// Whether the window is phone-narrow (≤ 768 px, the width the layout switches to its
// drawer and bottom bar at), as a ref that follows the window; list pages show cards
// instead of tables then.
import { onBeforeUnmount, ref } from 'vue'

/** A ref: true while the viewport is at most 768 px wide. Call from a component's setup. */
export function useNarrow() {
  const media = window.matchMedia('(max-width: 768px)')
  const narrow = ref(media.matches)
  const onMedia = (e) => { narrow.value = e.matches }
  media.addEventListener('change', onMedia)
  onBeforeUnmount(() => media.removeEventListener('change', onMedia))
  return narrow
}
