// Labels and tag colours of the competition's states (docs/api.md: editions, rounds,
// teams, scores, outcomes, appeals, seats, prizes), and small number formats.  The server
// sends a zh-CN `status_label`; the page shows the UI language's own label instead.
import { i18n } from '@/i18n'

const TAG = {
  edition: { draft: 'info', open: 'success', judging: 'warning', finished: 'primary' },
  round: { setup: 'info', judging: 'warning', done: 'success' },
  team: {
    draft: 'info', submitted: 'primary', endorsed: 'primary', eligible: 'success', ineligible: 'danger',
    in_round: 'warning', promoted: 'success', eliminated: 'info', awarded: 'success', withdrawn: 'info',
  },
  score: { draft: 'warning', submitted: 'success', none: 'info' },
  outcome: { pending: 'warning', promoted: 'success', eliminated: 'info', awarded: 'success' },
  appeal: { open: 'warning', upheld: 'success', rejected: 'info' },
  seat: { offered: 'warning', accepted: 'success', declined: 'info' },
  judge: { invited: 'warning', active: 'success', declined: 'info' },
}

/** Element Plus tag type of a value of one kind ('edition', 'round', 'team', …). */
export function tagType(kind, value) {
  return (TAG[kind] && TAG[kind][value]) || 'info'
}

/** The label of a value of one kind in the UI language (the value itself if unknown). */
export function stateLabel(kind, value) {
  const key = `competition.state.${kind}.${value || 'none'}`
  return i18n.global.te(key) ? i18n.global.t(key) : value || '-'
}

/** The label of a prize code (first | second | third | merit). */
export function prizeLabel(prize) {
  if (!prize) return ''
  const key = `competition.prize.${prize}`
  return i18n.global.te(key) ? i18n.global.t(key) : prize
}

/** A score or normalised number with `digits` decimals; '-' when absent. */
export function num(v, digits = 2) {
  if (v === null || v === undefined || v === '') return '-'
  return Number(v).toFixed(digits)
}

/** Competition roles of the web app. */
export const STAFF = ['operator', 'college']
export const JUDGES = ['judge', 'mentor']
