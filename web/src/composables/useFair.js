// The fair of the current route (/fairs/:id/…): loaded once, reloaded on demand.
import { onMounted, ref, watch } from 'vue'
import { useRoute } from 'vue-router'
import { getFair } from '@/api/fair'
import { take } from '@/api/prefetch'
import { showError } from '@/utils/errors'

export function useFair() {
  const route = useRoute()
  const fair = ref(null)
  const error = ref(null)
  async function reload() {
    try {
      const id = route.params.id
      fair.value = (await take(`fair:${id}`, () => getFair(id))).fair // a student's: asked for by the router
      error.value = null
    } catch (e) {
      error.value = e
      showError(e)
    }
  }
  onMounted(reload)
  watch(() => route.params.id, (now) => { if (now) reload() })
  return { fair, error, reload }
}
