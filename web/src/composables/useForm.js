// Forms that send to the API.
//
//   useFieldErrors(fields)  an API error with `field` shows on that form item
//                           (<el-form-item :error="errors.name">), anything else as a toast.
//   useForm(fields)         the same, plus the Element Plus form itself and a busy flag:
//
//     const form = useForm(['name', 'login'])
//     <el-form :ref="form.bind" :model="model" :rules="rules" @submit.prevent="save">
//       <el-form-item prop="name" :error="form.errors.name">…
//       <el-button :loading="form.busy" @click="save">
//     function save() {
//       form.submit(async () => { await createThing(body); ElMessage.success(…) })
//     }
//
// submit() checks the form's rules first (nothing is sent when one fails), then runs the
// action with busy set; an error the action throws lands on its field or in a toast.
import { reactive, ref } from 'vue'
import { errorText, showError } from '@/utils/errors'

/**
 * Field errors for one form: `errors.login` feeds <el-form-item :error="...">.
 * apply(err) puts an API error on its field when the form has that field (and returns
 * true), else shows it as a toast (and returns false).
 */
export function useFieldErrors(fields) {
  const errors = reactive(Object.fromEntries(fields.map((f) => [f, ''])))
  function clear() {
    for (const f of fields) errors[f] = ''
  }
  function apply(err) {
    clear()
    if (err && err.field && fields.includes(err.field)) {
      // Element Plus shows :error only when the value changes, so reset first.
      errors[err.field] = errorText(err)
      return true
    }
    showError(err)
    return false
  }
  return { errors, clear, apply }
}

/**
 * One form: its element (bind it with :ref="form.bind"), the field errors of `fields`, a
 * busy flag, submit(action) and reset().  Returns a reactive object (templates read
 * form.busy, form.errors.x without .value).
 */
export function useForm(fields) {
  let el = null
  const { errors, clear, apply } = useFieldErrors(fields)
  const busy = ref(false)

  /** Validates, then awaits action(); resolves true when it ran without error. */
  async function submit(action) {
    clear()
    if (el) {
      try {
        await el.validate()
      } catch {
        return false
      }
    }
    busy.value = true
    try {
      await action()
      return true
    } catch (e) {
      apply(e)
      return false
    } finally {
      busy.value = false
    }
  }

  /** Forgets the errors of the last attempt (a dialog opening again). */
  function reset() {
    clear()
    if (el) el.clearValidate()
  }

  /** Puts the fields back to their first values (after a successful change). */
  function resetFields() {
    if (el) el.resetFields()
  }

  return reactive({ bind: (c) => { el = c }, errors, busy, submit, reset, resetFields, clear, apply })
}
