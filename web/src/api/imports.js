// Spreadsheet imports (students | positions | enterprises): a preview with per-row
// errors, then a commit of the same file (all or nothing); the empty template.
import { upload, apiUrl, id } from './request'

// ---- imports (students | positions | enterprises) -----------------------------------------
export const importPreview = (kind, file) => upload(`/imports/${id(kind)}/preview`, file)
export const importCommit = (kind, file) => upload(`/imports/${id(kind)}/commit`, file)
export const importTemplateUrl = (kind) => apiUrl(`/imports/${id(kind)}/template`)
