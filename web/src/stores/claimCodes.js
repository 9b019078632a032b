// The activation codes (激活码) the college just generated.  The server keeps only their
// hashes, so these rows are the one copy there is: they live here, in memory, while the
// staff member prints (/claims/print) and exports them, and are gone with the tab or
// when the result is closed.  Never written to localStorage or sessionStorage.
import { defineStore } from 'pinia'
import { ref } from 'vue'

export const useClaimCodesStore = defineStore('claimCodes', () => {
  // { items: [{student_id, student_no, name, class_name, major_name, grad_year, code,
  //   expires_at}], expires_at, college: name, made_at: ms }
  const batch = ref(null)
  function set(answer, college) {
    batch.value = { items: answer.items || [], expires_at: answer.expires_at, college: college || '', made_at: Date.now() }
  }
  function clear() {
    batch.value = null
  }
  return { batch, set, clear }
})
