// The entry pass kept on the phone: on a fair day the hall's network is often the
// weakest link, so the last pass shown is stored in localStorage and shown again when
// the server cannot be reached.  Stored per account and fair; forgotten at logout (a
// shared computer must not keep someone's pass).
const PREFIX = 'skyway.pass.'

const keyOf = (accountId, fairId) => `${PREFIX}${accountId}.${fairId}`

/** Keeps { fair, pass } for the account and fair; storage errors are ignored. */
export function keepPass(accountId, fairId, fair, pass) {
  try {
    window.localStorage.setItem(keyOf(accountId, fairId), JSON.stringify({ fair, pass, at: Date.now() }))
  } catch {
    /* private mode or full: the pass simply is not kept */
  }
}

/** The kept { fair, pass, at } for the account and fair, or null. */
export function keptPass(accountId, fairId) {
  try {
    const v = JSON.parse(window.localStorage.getItem(keyOf(accountId, fairId)) || 'null')
    return v && v.fair && v.pass ? v : null
  } catch {
    return null
  }
}

/** Forgets every kept pass (at logout). */
export function forgetPasses() {
  try {
    const keys = []
    for (let i = 0; i < window.localStorage.length; i++) {
      const k = window.localStorage.key(i)
      if (k && k.startsWith(PREFIX)) keys.push(k)
    }
    for (const k of keys) window.localStorage.removeItem(k)
  } catch {
    /* nothing kept */
  }
}
