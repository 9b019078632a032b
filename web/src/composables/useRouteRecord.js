// The record a detail page shows (/coop/visits/:id, /internships/:id…): loaded when the
// page opens and again when the id in the route changes, reloaded on demand after a change.
//
//   const { record, error, reload, set } = useRouteRecord((id) => getVisit(id).then((a) => a.visit))
//
// `set(x)` puts a record the API answered to a write (most writes answer the object after
// the change) without asking again.  A 404 is kept in `error` (the page says "not found");
// any other failure is also shown as a toast.
import { onMounted, ref, watch } from 'vue'
import { useRoute } from 'vue-router'
import { showError } from '@/utils/errors'

/** load(id) resolves to the record.  Returns { record, error, loading, reload, set }. */
export function useRouteRecord(load) {
  const route = useRoute()
  const record = ref(null)
  const error = ref(null)
  const loading = ref(false)
  let seq = 0

  async function reload() {
    const id = route.params.id
    if (!id) return
    const mine = ++seq
    loading.value = true
    try {
      const found = await load(id)
      if (mine !== seq) return
      record.value = found
      error.value = null
    } catch (e) {
      if (mine !== seq) return
      error.value = e
      if (e.status !== 404 && e.status !== 401) showError(e)
    } finally {
      if (mine === seq) loading.value = false
    }
  }
  const set = (value) => { if (value) record.value = value }

  onMounted(reload)
  watch(() => route.params.id, (now, before) => { if (now && now !== before) reload() })
  return { record, error, loading, reload, set }
}
