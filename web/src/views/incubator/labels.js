// Status lists and tag colours of the incubator's objects (the labels themselves come
// from the API's *_label fields or from i18n incubator.*Status).
export const PROJECT_STATUSES = ['applied', 'resident', 'graduated', 'exited', 'rejected', 'withdrawn']
export const PROJECT_TAG = { applied: 'warning', resident: 'success', graduated: 'primary', exited: 'info', rejected: 'danger', withdrawn: 'info' }
export const ACTIVITY_TAG = { open: 'success', closed: 'warning', finished: 'info', cancelled: 'danger' }
/** A month YYYYMM as "YYYY-MM" ('-' when absent). */
export const monthText = (m) => (m ? `${String(m).slice(0, 4)}-${String(m).slice(4)}` : '-')
