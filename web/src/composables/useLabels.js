// Labels for recruitment values, following the UI language:
//   salary(min, max)  "4,500–6,500 元/月" (or 面议 / from / up to)
//   kind('实习')       实习 / Internship  (the API's kind values are Chinese words)
//   degree(2)          高职专科 / Junior college
//   appStatus('interview'), positionStatus('open')
// and the recruitment values themselves: kinds, degrees, statuses, hrNextSteps(status)
// (where HR may move an application), gradYears() (the years a picker offers).
import { useI18n } from 'vue-i18n'

/** The API's position kinds, in display order, with their i18n keys. */
export const KINDS = [
  { value: '全职', key: 'fulltime' },
  { value: '实习', key: 'internship' },
  { value: '见习', key: 'traineeship' },
]
export const DEGREES = [1, 2, 3]
export const APPLICATION_STATUSES = ['submitted', 'viewed', 'interview', 'offered', 'accepted', 'rejected', 'withdrawn']
/** Statuses still in progress: a student may withdraw, HR may move or reject. */
export const OPEN_APPLICATION = ['submitted', 'viewed', 'interview', 'offered']
/** HR's forward steps, in order. */
export const FORWARD = ['viewed', 'interview', 'offered']
export const POSITION_STATUSES = ['draft', 'pending', 'open', 'closed', 'rejected']

/** Graduation years to offer: `count` years from `back` years ago. */
export function gradYears(count = 8, back = 3) {
  const now = new Date().getFullYear()
  return Array.from({ length: count }, (_, i) => now - back + i)
}

/**
 * Where HR may move an application from `status` (the server's rule,
 * domain/recruit.c application_transition_ok): forward, skipping allowed, up to
 * 录用, or 不合适 — while it is in progress.  Forward steps first, in order.
 */
export function hrNextSteps(status) {
  if (!OPEN_APPLICATION.includes(status)) return []
  return [...FORWARD.slice(FORWARD.indexOf(status) + 1), 'rejected']
}

export function useLabels() {
  const { t, te } = useI18n()
  const num = (n) => Number(n).toLocaleString('en-US')

  function salary(min, max) {
    const hasMin = min !== null && min !== undefined && min !== ''
    const hasMax = max !== null && max !== undefined && max !== ''
    if (!hasMin && !hasMax) return t('salary.negotiable')
    if (hasMin && hasMax) return min === max ? t('salary.exact', { n: num(min) }) : t('salary.range', { min: num(min), max: num(max) })
    return hasMin ? t('salary.from', { n: num(min) }) : t('salary.upTo', { n: num(max) })
  }
  function kind(value) {
    const k = KINDS.find((x) => x.value === value)
    return k ? t(`positionKind.${k.key}`) : value || '-'
  }
  const degree = (n) => (n && te(`degree.${n}`) ? t(`degree.${n}`) : '-')
  const appStatus = (s) => (s && te(`applicationStatus.${s}`) ? t(`applicationStatus.${s}`) : s || '-')
  const positionStatus = (s) => (s && te(`positionStatus.${s}`) ? t(`positionStatus.${s}`) : s || '-')
  return { salary, kind, degree, appStatus, positionStatus }
}
