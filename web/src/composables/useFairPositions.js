// HR's positions for one fair: the open ones (what a sign-up may bring) and the ones this
// enterprise brought (`my_signup.position_ids` of GET /fairs/{id}), which are the only ones
// the intention (意向签约) and interview-invite pickers offer.
//
//   const { open, brought, loaded, ready } = useFairPositions(() => fair.my_signup)
//
// Titles come from GET /positions/mine: the open ones first; a brought position closed
// since the sign-up is looked up among all the enterprise's positions (once), and keeps
// its id as its name if even that fails.
import { computed, ref, watch } from 'vue'
import { myPositions } from '@/api/recruit'
import { showError } from '@/utils/errors'

export function useFairPositions(signupGetter) {
  const open = ref([])
  const others = ref([])
  const loaded = ref(false)
  let othersAsked = false

  const broughtIds = computed(() => {
    const s = signupGetter()
    return (s && s.status !== 'withdrawn' && Array.isArray(s.position_ids) ? s.position_ids : []).map(Number)
  })

  const ready = (async () => {
    try {
      open.value = (await myPositions({ status: 'open', page_size: 200 })).items || []
    } catch (e) {
      showError(e)
    } finally {
      loaded.value = true
    }
  })()

  const byId = computed(() => new Map([...others.value, ...open.value].map((p) => [p.id, p])))
  const brought = computed(() =>
    broughtIds.value.map((id) => byId.value.get(id) || { id, title: `#${id}` }))
  /** The brought positions still open: what editing the sign-up starts with. */
  const broughtOpen = computed(() => {
    const ids = new Set(open.value.map((p) => p.id))
    return broughtIds.value.filter((id) => ids.has(id))
  })

  // A brought position no longer open: find its title among all positions (once).
  watch([broughtIds, loaded], async () => {
    if (!loaded.value || othersAsked) return
    if (broughtIds.value.every((id) => byId.value.has(id))) return
    othersAsked = true
    try {
      others.value = (await myPositions({ page_size: 200 })).items || []
    } catch {
      /* ids stay visible */
    }
  }, { immediate: true })

  return { open, brought, broughtIds, broughtOpen, loaded, ready }
}
