// Cancelling an interview (HR or student): ask first, then tell the server.
import { ElMessageBox } from 'element-plus'
import { cancelInterview } from '@/api/fair'
import { showError } from '@/utils/errors'

/** Returns true when the interview was cancelled. */
export async function askAndCancelInterview(fairId, interviewId, t) {
  try {
    await ElMessageBox.confirm(t('fairLive.interviews.cancelConfirm'), { type: 'warning' })
  } catch {
    return false
  }
  try {
    await cancelInterview(fairId, interviewId)
    return true
  } catch (e) {
    showError(e)
    return false
  }
}
