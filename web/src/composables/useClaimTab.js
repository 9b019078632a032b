// What the tabs of 学籍认领 share: their props — the college, its name, and a version the
// page bumps after a change in any tab so that the others reload — and what follows new
// activation codes.
import { useClaimCodesStore } from '@/stores/claimCodes'

export const CLAIM_TAB_PROPS = {
  collegeId: { type: Number, required: true },
  collegeName: { type: String, default: '' },
  version: { type: Number, default: 0 },
}

/**
 * Returns codesMade(answer): the codes just generated go to the result dialog (once:
 * the server keeps hashes only) and the tab emits `changed`.
 */
export function useCodesMade(props, emit) {
  const store = useClaimCodesStore()
  return (answer) => {
    store.set(answer, props.collegeName)
    emit('changed')
  }
}
