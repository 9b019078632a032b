// Unified social credit code (统一社会信用代码), GB 32100-2015: 18 characters from the
// alphabet below; the last one is a check character computed from the first 17.
// The server checks again; this is for an immediate message in the form.

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** The check character for the first 17 characters, or null if one is outside the alphabet. */
export function creditCodeCheckChar(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i])
    if (v < 0) return null
    sum += v * WEIGHTS[i]
  }
  return ALPHABET[(31 - (sum % 31)) % 31]
}

/**
 * Checks a code: returns null when valid, else 'length', 'alphabet' or 'check'
 * (the kind of problem, for choosing a message).
 */
export function creditCodeProblem(code) {
  const s = String(code || '').trim().toUpperCase()
  if (s.length !== 18) return 'length'
  for (const ch of s) if (!ALPHABET.includes(ch)) return 'alphabet'
  return creditCodeCheckChar(s.slice(0, 17)) === s[17] ? null : 'check'
}
