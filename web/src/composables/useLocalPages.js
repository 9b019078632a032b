// Pages of a list the browser holds whole (a round's assignment or its scores, read in one
// answer), in the shape Pager (components/Pager.vue) shows, so that such a list pages like
// a server-paged one:
//
//   const pages = useLocalPages(() => shownRows.value, 20)
//   <el-table :data="pages.items"> … </el-table>  <Pager :list="pages" />
//
// A filter sets `pages.page = 1` itself: a re-read of the rows (after a change on page 3)
// keeps the page, and a page past the end shows the last one.
import { computed, reactive, ref } from 'vue'

/** rowsGetter: () => the rows; size: rows per page.  Returns a reactive pager. */
export function useLocalPages(rowsGetter, size = 20) {
  const rows = computed(rowsGetter)
  const page = ref(1)
  const pageSize = ref(size)
  const last = computed(() => Math.max(1, Math.ceil(rows.value.length / pageSize.value)))
  const items = computed(() => {
    const p = Math.min(page.value, last.value)
    return rows.value.slice((p - 1) * pageSize.value, p * pageSize.value)
  })
  return reactive({
    items,
    total: computed(() => rows.value.length),
    page,
    size: pageSize,
    onPage: (p) => { page.value = p },
    onSize: (s) => {
      pageSize.value = s
      page.value = 1
    },
  })
}
