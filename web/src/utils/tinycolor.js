// The part of @ctrl/tinycolor that Element Plus's button (custom `color`) and menu
// (`background-color` hover shade) call: new TinyColor(c), mix / tint / shade, isDark,
// toString.  The build gives it to those two modules instead of the library (50 KB,
// ~10 KiB compressed, in the JavaScript every page downloads before its first paint;
// issue 15; web/vite.config.js).  Colours as the app writes them: #rgb, #rrggbb,
// #rrggbbaa, rgb()/rgba(), white, black; results as the library prints them.
const NAMED = { white: '#ffffff', black: '#000000', transparent: '#00000000' }

function parse(input) {
  if (input && typeof input === 'object') return { r: +input.r, g: +input.g, b: +input.b, a: input.a ?? 1, format: 'rgb' }
  const given = String(input ?? '').trim().toLowerCase()
  const name = NAMED[given]
  const s = name || given
  let m = /^#?([0-9a-f]{3,8})$/.exec(s)
  if (m && [3, 4, 6, 8].includes(m[1].length)) {
    const h = m[1].length < 6 ? [...m[1]].map((c) => c + c).join('') : m[1]
    const n = (i) => parseInt(h.slice(i, i + 2), 16)
    return { r: n(0), g: n(2), b: n(4), a: h.length === 8 ? n(6) / 255 : 1, format: name ? given : h.length === 8 ? 'hex8' : 'hex' }
  }
  m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+))?\s*\)$/.exec(s)
  if (m) return { r: +m[1], g: +m[2], b: +m[3], a: m[4] === undefined ? 1 : +m[4], format: 'rgb' }
  return { r: 0, g: 0, b: 0, a: 1, format: false } // the library's answer to what it cannot read
}

const hex2 = (v) => Math.round(v).toString(16).padStart(2, '0')

export class TinyColor {
  constructor(color = '') {
    Object.assign(this, parse(color))
  }
  toRgb() {
    return { r: this.r, g: this.g, b: this.b, a: this.a }
  }
  getBrightness() {
    return (this.r * 299 + this.g * 587 + this.b * 114) / 1000
  }
  isDark(threshold = 128) {
    return this.getBrightness() < threshold
  }
  mix(color, amount = 50) {
    const o = new TinyColor(color)
    const p = amount / 100
    const at = (k) => (o[k] - this[k]) * p + this[k]
    return new TinyColor({ r: at('r'), g: at('g'), b: at('b'), a: at('a') })
  }
  tint(amount = 10) {
    return this.mix('white', amount)
  }
  shade(amount = 10) {
    return this.mix('black', amount)
  }
  toString() {
    const [r, g, b] = [this.r, this.g, this.b].map(Math.round)
    const a = Math.round(this.a * 100) / 100
    if (this.format in NAMED) return this.format
    if (this.format === 'hex') return `#${hex2(r)}${hex2(g)}${hex2(b)}`
    if (this.format === 'hex8' && a === 1) return `#${hex2(r)}${hex2(g)}${hex2(b)}ff`
    return a === 1 ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${a})`
  }
}
