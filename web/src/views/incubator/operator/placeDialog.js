// The create-or-edit dialogs of the places (SiteDialog, ZoneDialog, RoomDialog) share
// their life: v-model is the place (one without an id is new; null: closed); on opening
// the form forgets its last errors and the model takes the place's values; saving sends
// the body to create or update, names the saved place in a message, closes, and emits
// `saved` with the server's answer.
import { computed, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage } from 'element-plus'
import { useForm } from '@/composables/useForm'

/**
 * place: the v-model ref; emit: the dialog's emit; fields: the API's field names (their
 * errors show on them); fill(place): copies it into the model; key: the answer's object
 * ('site'…); create(body) / update(id, body): the API calls; saved: the message's i18n key.
 * Returns {open (the dialog's v-model), form (a useForm), save(body builder)}.
 */
export function usePlaceDialog({ place, emit, fields, fill, key, create, update, saved }) {
  const { t } = useI18n()
  const open = computed({ get: () => !!place.value, set: (v) => { if (!v) place.value = null } })
  const form = useForm(fields)
  watch(place, (p) => {
    if (!p) return
    form.reset()
    fill(p)
  })
  /** Validates, then sends body(place) (built after validation). */
  const save = (body) => form.submit(async () => {
    const p = place.value
    const out = (p.id ? await update(p.id, body(p)) : await create(body(p)))[key]
    ElMessage.success(t(saved, { name: out.name }))
    place.value = null
    emit('saved', out)
  })
  return { open, form, save }
}
