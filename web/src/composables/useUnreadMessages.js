// The unread-message badge (站内消息): one count shared by the menu, the phone's tab bar
// and the application lists.  refreshUnread() asks the server again (the layout calls it
// on every page change, the thread after reading or writing); only students and HR have
// threads, anybody else keeps 0 without asking.
import { reactive } from 'vue'
import { unreadMessages } from '@/api/messages'

const state = reactive({ total: 0, byApp: {} })
const ROLES = ['student', 'enterprise']

/** Fetches the counts for role (a failure keeps the last ones: a badge is not worth a toast). */
export async function refreshUnread(role) {
  if (!ROLES.includes(role)) {
    state.total = 0
    state.byApp = {}
    return
  }
  try {
    const u = await unreadMessages()
    state.total = u.total
    state.byApp = Object.fromEntries(u.applications.map((x) => [x.application_id, x.unread]))
  } catch {
    /* kept */
  }
}

/** The shared reactive counts: { total, byApp: { applicationId: n } }. */
export const useUnreadMessages = () => state
