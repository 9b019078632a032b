// The tag type of a policy application's status (待评审 … 已核准), for the rounds pages.
export const APP_STATUS_TYPES = {
  submitted: 'warning', passed: 'success', failed: 'danger', publicity: 'primary', approved: 'success', rejected: 'danger', withdrawn: 'info',
}
// The tag type of a follow-up's status (待联系 … 已结案), for the follow-up pages.
export const FOLLOWUP_STATUS_TYPES = {
  open: 'danger', contacted: 'warning', rectified: 'primary', closed: 'success', appealed: 'warning', voided: 'info', active: 'danger',
}
