// The fair of the current route (/fairs/:id/…): loaded once, reloaded on demand.
import { onMounted, ref, watch } from 'vue'
import { useRoute } from 'vue-router'
import { getFair } from '@/api/fair'
import { showError } from '@/utils/errors'

export function useFair() {
  const route = useRoute()
  const fair = ref(null)
  const error = ref(null)
  async function reload() {
    try {
      fair.value = (await getFair(route.params.id)).fair
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
