// Count badges on the sidebar menu and the phone's tab bar, by page name (router/pages.js):
// `menuBadges.myApplications = 2` shows a 2 on 我的投递.  A page or component that knows a
// count sets it; the menu only shows it.  Interview reminders (issue 14) are the first:
// refreshInviteBadge() asks the server how many invitations await an answer or start
// within 48 hours (in-app only: the platform sends no e-mail or SMS).
import { reactive } from 'vue'
import { upcomingInvitations } from '@/api/recruit'

export const menuBadges = reactive({})

const INVITE_PAGE = { student: 'myApplications', enterprise: 'pipeline' }

/** Reloads the reminder count of `role` (student or enterprise); resolves to the
 * reminders ({count, items}), or null for other roles or when the call failed. */
export async function refreshInviteBadge(role) {
  const page = INVITE_PAGE[role]
  if (!page) return null
  try {
    const r = await upcomingInvitations()
    menuBadges[page] = r.count || 0
    return r
  } catch {
    return null
  }
}
