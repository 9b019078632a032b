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
// The size brackets an enterprise picks from (stored as written here; the demo and the
// policy rules use the same words).
export const ORG_SIZES = ['50人以下', '50-299人', '300-999人', '1000人以上']
const ORG_SIZE_KEYS = ['under50', 'from50', 'from300', 'over1000']
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

// The ending the catalogue's names carry for each level (data/majors.tsv).
const MAJOR_LEVEL_SUFFIX = { category: '大类', class: '类' }

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
  // A major requirement's level word (大类/类/专业 in the UI language), or '' when the
  // catalogue's name already says it: a class is named 自动化类 and a category
  // 装备制造大类, which must not read 自动化类 类 (nor 自动化类 class).
  function majorLevel(m) {
    if (!m || !te(`majorLevel.${m.level}`)) return ''
    const own = MAJOR_LEVEL_SUFFIX[m.level]
    return own && m.name && m.name.endsWith(own) ? '' : t(`majorLevel.${m.level}`)
  }
  // Gender is stored as 男/女 (as on the ID card); shown in the UI language.
  const gender = (g) => (g === '男' ? t('gender.male') : g === '女' ? t('gender.female') : g || '')
  // An enterprise's size, stored as the Chinese bracket (ORG_SIZES); other text as typed.
  const orgSize = (v) => (ORG_SIZES.includes(v) ? t(`orgSize.${ORG_SIZE_KEYS[ORG_SIZES.indexOf(v)]}`) : v || '')
  return { salary, kind, degree, appStatus, positionStatus, majorLevel, gender, orgSize }
}
