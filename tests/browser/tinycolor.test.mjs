// web/src/utils/tinycolor.js stands in for @ctrl/tinycolor in Element Plus's button
// (custom `color`) and menu (`background-color`) in the build (web/vite.config.js):
// for the colours the app can write it must print what the library prints, for every
// call those two modules make.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { TinyColor as Library } from '@ctrl/tinycolor'
import { TinyColor as Lite } from '../../web/src/utils/tinycolor.js'

const COLOURS = ['#1f2d3d', '#409eff', '#abc', '#ABCDEF', '#626aef', '#00000080', '#112233ff', 'rgb(64, 158, 255)', 'rgba(10,20,30,0.5)', 'RGB(1,2,3)', 'white', 'black']
const CALLS = {
  'toString()': (c) => c.toString(),
  'shade(20)': (c) => c.shade(20).toString(),
  'tint(n)': (c) => [20, 30, 50, 80, 90].map((n) => c.tint(n).toString()),
  "mix('#141414', n)": (c) => [20, 30, 50, 80, 90].map((n) => c.mix('#141414', n).toString()),
  'isDark()': (c) => c.isDark(),
}

describe('tinycolor stand-in', () => {
  for (const [name, call] of Object.entries(CALLS)) {
    it(name, () => {
      for (const colour of COLOURS) assert.deepEqual(call(new Lite(colour)), call(new Library(colour)), colour)
    })
  }
})
