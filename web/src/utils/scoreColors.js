// One colour per score component (docs/api.md "Matching and recommendations"), the
// same in the explanation dialog and the small bars on cards and tables.
export const PERFECT_SCORE = 10000

const COLORS = {
  major_fit: '#1f6feb',
  skills_required: '#13a8a8',
  skills_preferred: '#7b61ff',
  certificates: '#e6a23c',
  city: '#2ea043',
  salary: '#e6553a',
  interest: '#d63384',
}

export const scoreColor = (key) => COLORS[key] || '#909399'

/** A share as a CSS width, clamped to 0–100 %. */
export const percentWidth = (n, of) => `${of ? Math.max(0, Math.min(100, (100 * n) / of)) : 0}%`
