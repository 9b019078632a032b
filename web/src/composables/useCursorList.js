// A list backed by a keyset-paged endpoint ({items,total,next_cursor}; e.g.
// GET /positions): previous / next pages through a stack of cursors.
//
//   const list = useCursorList(api.searchPositions, { q: '', status: 'pending' })
//   list.search(); list.next(); list.prev(); list.reload()
import { reactive, ref } from 'vue'
import { showError } from '@/utils/errors'

export function useCursorList(fetchPage, defaults = {}, { limit = 20, toParams } = {}) {
  const filters = reactive({ ...defaults })
  const items = ref([])
  const total = ref(0)
  const loading = ref(false)
  const cursors = ref([null]) // cursors[i] opens page i+1
  const index = ref(0)
  const nextCursor = ref(null)
  let applied = { ...defaults }
  let seq = 0

  function params() {
    const p = toParams ? toParams(applied) : { ...applied }
    for (const k of Object.keys(p)) if (p[k] === '' || p[k] === null || p[k] === false) delete p[k]
    return p
  }

  async function load() {
    const mine = ++seq
    loading.value = true
    try {
      const cursor = cursors.value[index.value]
      const answer = await fetchPage({ ...params(), limit, cursor: cursor || undefined })
      if (mine !== seq) return
      items.value = answer.items || []
      total.value = answer.total || 0
      nextCursor.value = answer.next_cursor || null
      // The page emptied (an approval took its last row): step back.
      if (!items.value.length && index.value > 0) {
        index.value -= 1
        await load()
      }
    } catch (e) {
      if (mine === seq && e.status !== 401) showError(e)
    } finally {
      if (mine === seq) loading.value = false
    }
  }
  function search() {
    applied = { ...filters }
    cursors.value = [null]
    index.value = 0
    return load()
  }
  function reset() {
    Object.assign(filters, defaults)
    return search()
  }
  function next() {
    if (!nextCursor.value) return undefined
    cursors.value = cursors.value.slice(0, index.value + 1).concat([nextCursor.value])
    index.value += 1
    return load()
  }
  function prev() {
    if (index.value === 0) return undefined
    index.value -= 1
    return load()
  }
  function currentParams() {
    return params()
  }
  return reactive({ filters, items, total, loading, index, nextCursor, load, reload: load, search, reset, next, prev, currentParams, limit })
}
