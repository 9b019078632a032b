// Downloads started by the page: a server export (a plain GET whose answer is an
// attachment; the session cookie goes with it) or a file made in the browser.
import { ElMessage } from 'element-plus'
import { i18n } from '@/i18n'

/** Follows a download link (an export URL from the API client). */
export function downloadUrl(url) {
  const link = document.createElement('a')
  link.href = url
  link.download = ''
  document.body.appendChild(link)
  link.click()
  link.remove()
}

/** Starts a server export (an …ExportUrl from an API module) and says so in a toast. */
export function exportFile(url) {
  downloadUrl(url)
  ElMessage.info(i18n.global.t('common.exportStarted'))
}

/** Saves text or a Blob as a file named `filename`. */
export function downloadBlob(content, filename, type = 'application/octet-stream') {
  const blob = content instanceof Blob ? content : new Blob([content], { type })
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/**
 * Rows (arrays of cells) -> CSV text with a BOM, so that Excel on Chinese Windows
 * opens it as UTF-8.
 */
export function toCsv(rows) {
  const cell = (v) => {
    const s = v === null || v === undefined ? '' : String(v)
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
  }
  return '\uFEFF' + rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n'
}
