// Cooperation and internships (views/coop/): the API's values in display order, their
// labels in the UI language (coop.zh-CN.js / coop.en.js), and who the caller is to a
// record (a party, the mentor, the instructor).
//
//   const coop = useCoop()
//   coop.label('agreementKind', 'base')          校企合作基地
//   coop.options('visitDirection')               [{value, label}] for a select
//   coop.mine(agreement)                          the caller's organisation is a party
//   coop.sideOf(visit)                            'enterprise' | 'college' | null (the operator)
import { computed, reactive } from 'vue'
import { useI18n } from 'vue-i18n'
import { useSessionStore } from '@/stores/session'
import { i18n } from '@/i18n'
import { dateLabel } from '@/utils/chinaTime.js'

/** Each list is the API's values in display order; labels are coop.value.<list>.<value>. */
export const COOP_VALUES = {
  needKind: ['talent', 'tech', 'training', 'equipment', 'order_class'],
  offerKind: ['graduates', 'lab', 'expertise', 'service'],
  visitDirection: ['to_college', 'to_enterprise'],
  visitStatus: ['planned', 'done', 'cancelled'],
  meetingStatus: ['draft', 'open', 'closed', 'finished', 'cancelled'],
  talkStatus: ['scheduled', 'held', 'unplaced'],
  interest: ['high', 'medium', 'low', 'none'],
  agreementKind: ['base', 'research', 'order_class', 'internship_base'],
  agreementState: ['draft', 'signed', 'active', 'expired', 'terminated'],
  party: ['enterprise', 'college', 'both'],
  classStatus: ['forming', 'running', 'finished', 'cancelled'],
  classOutcome: ['hired', 'offered', 'not_hired'],
  internStatus: ['draft', 'refused', 'active', 'ended', 'cancelled'],
  logStatus: ['submitted', 'confirmed', 'returned'],
  payCycle: ['monthly', 'semimonthly', 'weekly', 'quarterly', 'end'],
  payTo: ['student', 'college', 'agent'],
  visitMode: ['onsite', 'online'],
  evalStage: ['mid', 'final'],
  evalBy: ['mentor', 'instructor'],
  incidentKind: ['injury', 'dispute', 'safety', 'other'],
  incidentStatus: ['open', 'closed'],
  endReason: ['completed', 'early'],
}

/** A form rule: the text (trimmed) holds min to max characters, as the API checks. */
export const lengthRule = (min, max) => ({
  validator: (_r, v, cb) => {
    const n = [...String(v || '').trim()].length
    return n && (n < min || n > max) ? cb(new Error(i18n.global.t('coop.rule.length', { min, max }))) : cb()
  },
  trigger: 'blur',
})

/** Today in Beijing as "YYYY-MM-DD" (the API's dates are Beijing days). */
export function beijingToday() {
  return dateLabel(Date.now() / 1000)
}

/** The Monday of the Beijing week holding `day` ("YYYY-MM-DD"; default today). */
export function mondayOf(day = beijingToday()) {
  const d = new Date(`${day}T00:00:00Z`)
  const back = (d.getUTCDay() + 6) % 7
  d.setUTCDate(d.getUTCDate() - back)
  return d.toISOString().slice(0, 10)
}

/** "YYYY-MM-DD" plus n days. */
export function addDays(day, n) {
  const d = new Date(`${day}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() + n)
  return d.toISOString().slice(0, 10)
}

export function useCoop() {
  const { t, te } = useI18n()
  const session = useSessionStore()
  const orgId = computed(() => (session.org ? session.org.id : null))

  /** The label of one value of a list (the value itself when unknown). */
  function label(list, value) {
    if (value === null || value === undefined || value === '') return '-'
    const key = `coop.value.${list}.${value}`
    return te(key) ? t(key) : String(value)
  }
  /** [{value, label}] of a list, for a select or radio group. */
  const options = (list) => COOP_VALUES[list].map((value) => ({ value, label: label(list, value) }))
  /** A listing's kind, whichever side it is on. */
  const listingKind = (value) => label(COOP_VALUES.needKind.includes(value) ? 'needKind' : 'offerKind', value)

  /**
   * Which side of a two-party record (enterprise_id, college_id) the caller's staff are on,
   * or null.  A student belongs to a college but is no party: they only register.
   */
  function sideOf(record) {
    if (!record || !orgId.value || session.role === 'student') return null
    if (record.enterprise_id === orgId.value) return 'enterprise'
    if (record.college_id === orgId.value) return 'college'
    return null
  }
  const isOperator = computed(() => session.role === 'operator')
  /** The caller may act as a party of the record: the operator, or staff of one side. */
  const mine = (record) => isOperator.value || !!sideOf(record)
  /** The caller's organisation owns this (a follow-up's or milestone's owner_org_id). */
  const owns = (ownerOrgId) => isOperator.value || (ownerOrgId && ownerOrgId === orgId.value)

  // reactive(): templates and scripts read coop.role, coop.orgId, coop.isOperator as values.
  return reactive({ label, options, listingKind, sideOf, mine, owns, isOperator, orgId, role: computed(() => session.role) })
}
