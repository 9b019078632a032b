// Turning an ApiError into words (form-field errors: composables/useForm.js).
//
// Texts: a curated i18n key per code (errors.CODE__FIELD, then errors.CODE) wins;
// otherwise the server's own message when the UI is Chinese (it is written in zh-CN),
// otherwise a generic English text for the code.
import { ElMessage } from 'element-plus'
import { i18n } from '@/i18n'

/** The text to show for an error thrown by the API client (or anything else). */
export function errorText(err) {
  const { t, te, locale } = i18n.global
  if (!err) return t('errorsGeneric.http')
  const code = err.code || ''
  if (err.field && te(`errors.${code}__${err.field}`)) return t(`errors.${code}__${err.field}`)
  if (te(`errors.${code}`)) return t(`errors.${code}`)
  if (locale.value === 'zh-CN' && err.message) return err.message
  if (te(`errorsGeneric.${code}`)) {
    const generic = t(`errorsGeneric.${code}`)
    return err.field ? `${generic} (${err.field})` : generic
  }
  return err.message || t('errorsGeneric.http')
}

/** Shows an error as a message toast. */
export function showError(err) {
  ElMessage.error({ message: errorText(err), grouping: true })
}
