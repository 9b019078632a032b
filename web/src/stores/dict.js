// Dictionaries (GET /dict/{name}): majors, industries, skills, certificates, cities.
// Each is fetched once per page load and shared by every picker and label; views
// call `await dict.load('majors', 'skills')` and then use the lookups below.
//
//   majorOptions    cascader tree 大类 → 类 → 专业 ({value,label,children}): the three levels of
//                   the catalogue (高职专科 first, then 职业本科, 中职), each 大类 named with its
//                   level; retired codes of an older catalogue are labels only, never offered
//   industryOptions cascader tree 门类 → 大类
//   cityOptions     select groups by province ({label, options:[{value,label}]})
//   majorName(code), skillName(id), cityName(code), industryName(code),
//   certificateName(id), majorPath(code) (the codes from the category down).
//   colleges        the active colleges ({id, name}), fetched by loadColleges() each time a
//                   page asks (an operator may have added one meanwhile).
import { defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import { getDict, publicColleges } from '@/api/dict'
import { i18n } from '@/i18n'

export const DICT_NAMES = ['majors', 'industries', 'skills', 'certificates', 'cities']

export const useDictStore = defineStore('dict', () => {
  const items = reactive(Object.fromEntries(DICT_NAMES.map((n) => [n, []])))
  const loaded = reactive(Object.fromEntries(DICT_NAMES.map((n) => [n, false])))
  const pending = {}

  /** Loads the named dictionaries that are not loaded yet (in parallel). */
  function load(...names) {
    return Promise.all(names.map((name) => {
      if (loaded[name]) return null
      if (!pending[name]) {
        pending[name] = getDict(name)
          .then((answer) => {
            items[name] = (answer && answer.items) || []
            loaded[name] = true
          })
          .finally(() => { delete pending[name] })
      }
      return pending[name]
    }))
  }

  const byKey = (name, key) => computed(() => new Map(items[name].map((d) => [String(d[key]), d])))
  const majors = byKey('majors', 'code')
  const skills = byKey('skills', 'id')
  const cities = byKey('cities', 'code')
  const industries = byKey('industries', 'code')
  const certificates = byKey('certificates', 'id')

  /** A parent/child list as a cascader tree, children in dictionary order. */
  function tree(list) {
    const nodes = new Map()
    const roots = []
    for (const d of list) nodes.set(d.code, { value: d.code, label: d.name, level: d.level })
    for (const d of list) {
      const node = nodes.get(d.code)
      const parent = d.parent ? nodes.get(d.parent) : null
      if (parent) (parent.children || (parent.children = [])).push(node)
      else roots.push(node)
    }
    return roots
  }
  const EDU_ORDER = { gz: 0, bk: 1, zz: 2 }
  const majorTree = computed(() => {
    const t = i18n.global.t
    const roots = tree(items.majors.filter((m) => m.origin !== 'retired'))
    const level = new Map(items.majors.map((m) => [m.code, m.edu_level]))
    for (const r of roots) r.label = t('picker.majorRoot', { name: r.label, level: t(`eduLevel.${level.get(r.value) || 'gz'}`) })
    return roots.sort((a, b) => (EDU_ORDER[level.get(a.value)] ?? 9) - (EDU_ORDER[level.get(b.value)] ?? 9))
      .map((r) => ({ ...r, eduLevel: level.get(r.value) }))
  })
  const majorOptions = computed(() => majorTree.value)
  /** The tree of the catalogue levels a college of type `collegeType` takes its students'
   *  majors from (as the server's dict_majors_levels: 中职 zz, 高职专科 gz, 职业本科 bk,
   *  本科 bk and gz; no type: all). */
  function majorOptionsFor(collegeType) {
    const levels = { 中职: ['zz'], 高职专科: ['gz'], 职业本科: ['bk'], 本科: ['bk', 'gz'] }[collegeType]
    return levels ? majorTree.value.filter((r) => levels.includes(r.eduLevel)) : majorTree.value
  }
  const industryOptions = computed(() => tree(items.industries))
  const cityOptions = computed(() => {
    const groups = new Map()
    for (const c of items.cities) {
      if (!groups.has(c.province)) groups.set(c.province, { label: c.province, options: [] })
      groups.get(c.province).options.push({ value: c.code, label: c.name })
    }
    return [...groups.values()]
  })
  const skillGroups = computed(() => {
    const groups = new Map()
    for (const s of items.skills) {
      const g = s.group || ''
      if (!groups.has(g)) groups.set(g, { label: g, options: [] })
      groups.get(g).options.push(s)
    }
    return [...groups.values()]
  })

  const nameOf = (map, key) => {
    if (key === null || key === undefined || key === '') return ''
    const d = map.value.get(String(key))
    return d ? d.name : String(key)
  }
  const majorName = (code) => nameOf(majors, code)
  const skillName = (skillId) => nameOf(skills, skillId)
  const cityName = (code) => nameOf(cities, code)
  const industryName = (code) => nameOf(industries, code)
  const certificateName = (certId) => nameOf(certificates, certId)

  /** Codes from the top of the tree down to `code` (for a cascader value). */
  function pathOf(map, code) {
    const path = []
    let d = code ? map.value.get(String(code)) : null
    while (d) {
      path.unshift(d.code)
      d = d.parent ? map.value.get(d.parent) : null
    }
    return path
  }
  const majorPath = (code) => pathOf(majors, code)
  const industryPath = (code) => pathOf(industries, code)

  /** Does a skill match typed text (name, id or one of its aliases)? */
  function skillMatches(skill, text) {
    const q = String(text || '').trim().toLowerCase()
    if (!q) return true
    return skill.name.toLowerCase().includes(q) || skill.id.toLowerCase().includes(q) ||
      String(skill.aliases || '').toLowerCase().split('|').some((a) => a.includes(q))
  }

  const colleges = ref([])
  let collegesPending = null
  /** Fetches the active colleges (GET /public/colleges) into `colleges`; resolves to them. */
  function loadColleges() {
    if (!collegesPending) {
      collegesPending = publicColleges()
        .then((answer) => { colleges.value = (answer && answer.items) || [] })
        .finally(() => { collegesPending = null })
    }
    return collegesPending.then(() => colleges.value)
  }

  return {
    items, loaded, load, colleges, loadColleges,
    majorOptions, majorOptionsFor, industryOptions, cityOptions, skillGroups,
    majorName, skillName, cityName, industryName, certificateName, majorPath, industryPath,
    skillMatches,
  }
})
