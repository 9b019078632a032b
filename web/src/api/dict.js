// Public reference data: the dictionaries behind every picker (stores/dict.js) and
// the list of colleges (registration, filters).
import { get, id, post } from './request'

/** name: majors | industries | skills | certificates | cities → {items} */
export const getDict = (name) => get(`/dict/${id(name)}`)
/** Active colleges: {items:[{id, name}]}. */
export const publicColleges = () => get('/public/colleges')
/** Students whose major is a retired code, by college and code (?college_id= for the operator). */
export const retiredMajors = (params) => get('/majors/retired', params)
/** {college_id?, code, new_code} → {updated}: those students get the new major. */
export const replaceRetiredMajor = (body) => post('/majors/retired/replace', body)
