// The filters above an account table (TablePage / FilterForm fields): q (login or
// name), role (one of `roles`), status.
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'

/** A computed list of fields; roles: the roles the table may hold. */
export function useAccountFilters(roles) {
  const { t } = useI18n()
  return computed(() => [
    { key: 'q', type: 'input', label: t('accounts.q'), placeholder: t('accounts.qPlaceholder'), test: 'search-q' },
    { key: 'role', label: t('accounts.role'), test: 'search-role', options: roles.map((r) => ({ value: r, label: t(`role.${r}`) })) },
    { key: 'status', label: t('accounts.status'), test: 'search-status',
      options: ['active', 'disabled'].map((s) => ({ value: s, label: t(`accountStatus.${s}`) })) },
  ])
}
