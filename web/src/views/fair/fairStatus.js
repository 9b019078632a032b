// A fair's lifecycle as the pages need it (the rules are the server's: src/domain/fair.h):
// draft → signup → signup_closed → live → finished, or cancelled before finished.
export const FAIR_STEPS = ['draft', 'signup', 'signup_closed', 'live', 'finished']

/** The one step the operator may take next (null when finished or cancelled). */
export function nextStatus(status) {
  const i = FAIR_STEPS.indexOf(status)
  return i >= 0 && i < FAIR_STEPS.length - 1 ? FAIR_STEPS[i + 1] : null
}

export const canCancel = (status) => status !== 'finished' && status !== 'cancelled'
export const canEdit = (status) => ['draft', 'signup', 'signup_closed'].includes(status)

/**
 * A fair's status in the UI language: fair.status.<code> (the server's status_label is
 * Chinese, so it only stands in for a status the app does not know). t and te are
 * vue-i18n's; returns the text.
 */
export function fairStatusText(t, te, fair) {
  return te(`fair.status.${fair.status}`) ? t(`fair.status.${fair.status}`) : fair.status_label || fair.status
}

/** Element Plus tag type per status. */
export const STATUS_TYPE = {
  draft: 'info', signup: 'primary', signup_closed: 'warning', live: 'success', finished: 'info', cancelled: 'danger',
}

/** Whether the logged-in account organises this fair (operator, or staff of the host college). */
export function isOrganiser(session, fair) {
  if (!session || !fair) return false
  if (session.role === 'operator') return true
  return session.role === 'college' && !!session.org && session.org.id === fair.host_college_id
}

/**
 * The group to show for a booth: its industry group, except that an enterprise moved onto
 * a spare booth (the server's zone 机动) is shown with its own industry, not as "spare".
 */
export function boothGroup(b) {
  if (!b) return ''
  if (b.enterprise_id && b.zone === '机动') return b.industry || ''
  return b.zone || ''
}
