// A round's status as people read it: students and HR only care whether they can
// still change their choices / rankings (open and previewed both accept changes).
export const ROUND_TAG = { open: 'primary', previewed: 'warning', published: 'success', cancelled: 'info' }

/** The i18n key of a round's status for a role. */
export function roundStatusKey(status, role) {
  if (role !== 'operator' && status === 'previewed') return 'rounds.status.open'
  return `rounds.status.${status}`
}

/** True while students may change their 志愿 and HR their rankings. */
export const acceptsChanges = (round) => !!round && (round.status === 'open' || round.status === 'previewed')
