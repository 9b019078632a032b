// The job fair a student should see without looking for it: the live one, else the next
// one still to come (sign-up open or closed). The phone's bottom bar gets a 招聘会 tab for
// it and the student's home a card with the live fair's entry pass. Asked for once per
// account (the list is short; a fair changes status a few times a season).
import { ref, watch } from 'vue'
import { listFairs } from '@/api/fair'
import { useSessionStore } from '@/stores/session'

const fair = ref(null)
let loadedFor = null

const UPCOMING = ['signup', 'signup_closed']

/** Picks the live fair, else the soonest upcoming one, from a /fairs list; or null. */
export function pickCurrentFair(items) {
  const live = items.filter((f) => f.status === 'live')
  if (live.length) return live[0]
  const soon = items.filter((f) => UPCOMING.includes(f.status)).sort((a, b) => a.starts_at - b.starts_at)
  return soon[0] || null
}

/**
 * The current fair for a logged-in student, as a ref (null for other roles, when there is
 * none, or while it loads). The ref is shared by every caller; it is fetched again when
 * another account logs in. A failed request leaves it null: the tab and card are extras.
 */
export function useCurrentFair() {
  const session = useSessionStore()
  watch(() => (session.role === 'student' && session.account ? session.account.id : null), async (id) => {
    if (id === loadedFor) return
    loadedFor = id
    fair.value = null
    if (!id) return
    try {
      const items = (await listFairs({})).items || []
      if (loadedFor === id) fair.value = pickCurrentFair(items)
    } catch {
      // no tab, no card
    }
  }, { immediate: true })
  return fair
}
