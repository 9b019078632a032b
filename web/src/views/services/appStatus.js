// The tag type of a policy application's status (待评审 … 已核准), for the rounds pages.
export const APP_STATUS_TYPES = {
  submitted: 'warning', passed: 'success', failed: 'danger', publicity: 'primary', approved: 'success', rejected: 'danger', withdrawn: 'info',
}
