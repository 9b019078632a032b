// Public reference data: the dictionaries behind every picker (stores/dict.js) and
// the list of colleges (registration, filters).
import { get, id } from './request'

/** name: majors | industries | skills | certificates | cities → {items} */
export const getDict = (name) => get(`/dict/${id(name)}`)
/** Active colleges: {items:[{id, name}]}. */
export const publicColleges = () => get('/public/colleges')
