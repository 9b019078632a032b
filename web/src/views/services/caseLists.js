// What the case lists of officers and enterprises share: the status and colour filter
// options, in the current language.
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'

export const CASE_STATUSES = ['open', 'draft', 'received', 'correcting', 'accepted', 'paused', 'done', 'refused', 'withdrawn']
export const COLOURS = ['green', 'yellow', 'red', 'overdue']

/** { statusOptions, colourOptions }: computed option lists for FilterForm selects. */
export function useCaseFilterOptions() {
  const { t } = useI18n()
  return {
    statusOptions: computed(() => CASE_STATUSES.map((s) => ({ value: s, label: t(`services.status.${s}`) }))),
    colourOptions: computed(() => COLOURS.map((c) => ({ value: c, label: t(`services.colour.${c}`) }))),
  }
}
