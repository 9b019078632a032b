// A searchable, paginated list backed by one API list function (answers
// {items,total,page,page_size}).  Used by every table page:
//
//   const list = usePagedList(api.listAccounts, { q: '', role: '', status: '' })
//   list.search()   // page 1 with the current filters
//   list.reset()    // filters back to their defaults, page 1
//   list.load()     // reload the current page (after an edit)
import { reactive, ref } from 'vue'
import { showError } from '@/utils/errors'

// quiet: error codes the page shows itself (from list.error) instead of a toast.
export function usePagedList(fetchPage, defaults = {}, { pageSize = 20, toParams, quiet = [] } = {}) {
  const filters = reactive({ ...defaults })
  const items = ref([])
  const total = ref(0)
  const page = ref(1)
  const size = ref(pageSize)
  const loading = ref(false)
  const error = ref(null) // the ApiError of the last load, or null
  let applied = { ...defaults } // the filters of the rows on screen
  let seq = 0

  async function load() {
    const mine = ++seq
    loading.value = true
    try {
      const params = { ...(toParams ? toParams(applied) : applied), page: page.value, page_size: size.value }
      const answer = await fetchPage(params)
      if (mine !== seq) return
      error.value = null
      items.value = answer.items || []
      total.value = answer.total || 0
      // An edit may leave the current page empty: step back.
      if (items.value.length === 0 && page.value > 1 && total.value > 0) {
        page.value = Math.max(1, Math.ceil(total.value / size.value))
        await load()
      }
    } catch (e) {
      if (mine === seq) {
        error.value = e
        if (e.status !== 401 && !quiet.includes(e.code)) showError(e)
      }
    } finally {
      if (mine === seq) loading.value = false
    }
  }

  function search() {
    applied = { ...filters }
    page.value = 1
    return load()
  }

  function reset() {
    Object.assign(filters, defaults)
    return search()
  }

  function onPage(p) {
    page.value = p
    return load()
  }

  function onSize(s) {
    size.value = s
    page.value = 1
    return load()
  }

  /** The filters of the rows on screen, as query parameters (e.g. for an export). */
  function currentParams() {
    return toParams ? toParams(applied) : { ...applied }
  }

  // reactive(): templates read list.items, list.total... without .value.
  return reactive({ filters, items, total, page, size, loading, error, load, search, reset, onPage, onSize, currentParams })
}
