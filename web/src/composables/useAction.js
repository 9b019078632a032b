// An action on a row (approve, close, unlock…), perhaps behind a confirmation:
//
//   const action = useAction()
//   <el-button :loading="action.busy === row.id" @click="approve(row)">
//   const approve = (row) => action.run(row.id, () => approveOrganization(row.id), {
//     confirm: t('review.approveConfirm', { name: row.name }), confirmText: t('review.approve'),
//     success: t('review.approved'), after: () => list.load(),
//   })
//
// run() asks first when given `confirm` (declining does nothing), sets `busy` to the key
// while the call runs, then toasts `success` and runs `after`; an error is shown as a
// toast.  It resolves to the call's answer, or undefined when declined or refused.
import { reactive, ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { ElMessage, ElMessageBox } from 'element-plus'
import { showError } from '@/utils/errors'

/** Returns a reactive { busy, run }. */
export function useAction() {
  const { t } = useI18n()
  const busy = ref(null)

  /**
   * key: what `busy` holds while the call runs (a row id, a button name).
   * call: () => Promise of the API's answer.
   * options: confirm (the question), type ('warning'), confirmText (the confirm
   * button), success (a text, or answer => text), after (answer => …, awaited).
   */
  async function run(key, call, { confirm, type = 'warning', confirmText, success, after } = {}) {
    if (confirm) {
      try {
        await ElMessageBox.confirm(confirm, t('common.warning'), {
          type, confirmButtonText: confirmText || t('common.confirm'), cancelButtonText: t('common.cancel'),
        })
      } catch {
        return undefined
      }
    }
    busy.value = key
    try {
      const answer = await call()
      if (success) ElMessage.success(typeof success === 'function' ? success(answer) : success)
      if (after) await after(answer)
      return answer
    } catch (e) {
      showError(e)
      return undefined
    } finally {
      busy.value = null
    }
  }

  return reactive({ busy, run })
}
