// A page's URL is answered with index.html naming that page's chunks (issue 15): the
// frame's and the view's code, as <link rel="modulepreload">, and their CSS, so a phone
// downloads them beside the entry instead of after it has run (web/vite/routePreload.js
// writes the map, src/http/static_files.c the pages), and the API answers it asks for
// first when the page table lists them (the job search).  Checked on a student's pages:
// the page's index.html is index.html plus those tags; every file named exists; each is
// a file the same page asks for when it is served without them (the right route's
// files); with them, no file is downloaded twice.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DEMO, PHONE, apiCall, launchBrowser, login, openPage, settled, startServer } from './harness.mjs'

const TAG = /<link rel="(?:modulepreload"|preload" as="(?:style|fetch)") crossorigin (?:fetchpriority="low" )?href="([^"]+)">\n/g

/** The tags a page's index.html has before </head> beyond index.html's own: their files, in order. */
function added(html, plain) {
  const at = plain.indexOf('</head>')
  const inserted = html.slice(at, at + html.length - plain.length)
  assert.equal(html, plain.slice(0, at) + inserted + plain.slice(at), 'the page is index.html plus tags before </head>')
  assert.equal(inserted.replace(TAG, ''), '', `only preload tags added: ${inserted}`)
  return [...inserted.matchAll(TAG)].map((m) => m[1])
}

describe('route preloads', () => {
  let server
  let browser
  before(async () => {
    server = await startServer()
    browser = await launchBrowser()
  })
  after(async () => {
    if (browser) await browser.close()
    if (server) await server.stop()
  })

  it("a student's pages name their own chunks, which exist and are fetched once", async () => {
    const { context, page } = await openPage(browser, server, { viewport: PHONE })
    await login(page, DEMO.student.login)
    const state = await context.storageState()
    const job = (await apiCall(page, 'GET', '/positions?limit=1')).body.items[0].id
    const plain = await (await context.request.get('/index.html')).text()
    // The login page is in the entry: nothing to add.
    assert.equal(await (await context.request.get('/login')).text(), plain)

    const pages = [
      ['/home', '[data-test=home-hello]', 'HomeView', []],
      ['/jobs', '[data-test=job-count]', 'JobSearchView', ['/api/v1/students/me', '/api/v1/applications?page_size=200']],
      [`/jobs/${job}`, '[data-test=job-detail]', 'JobDetailView', []],
    ]
    for (const [path, ready, view, data] of pages) {
      const answer = await context.request.get(path)
      assert.equal(answer.status(), 200)
      assert.match(answer.headers()['content-type'], /^text\/html/)
      const all = added(await answer.text(), plain)
      assert.deepEqual(all.filter((f) => f.startsWith('/api/')), data, `${path}: the API answers, first`)
      assert.deepEqual(all.slice(0, data.length), data)
      const files = all.slice(data.length)
      assert.ok(files.some((f) => f.startsWith('/assets/AppLayout-') && f.endsWith('.js')), `${path}: the frame (${files})`)
      assert.ok(files.some((f) => f.startsWith(`/assets/${view}-`) && f.endsWith('.js')), `${path}: ${view} (${files})`)
      assert.ok(!files.some((f) => /\/(Login|Register\w*|HomeView|JobSearchView|JobDetailView)-/.test(f) && !f.includes(`/${view}-`)),
        `${path}: no other page's view (${files})`)
      assert.equal(new Set(files).size, files.length, `${path}: each file once`)
      for (const f of all) {
        const res = await context.request.get(f)
        assert.equal(res.status(), 200, `${path}: ${f}`)
        const type = f.startsWith('/api/') ? /^application\/json/ : f.endsWith('.css') ? /^text\/css/ : /^text\/javascript/
        assert.match(res.headers()['content-type'], type, f)
      }

      // Served without the tags, the page asks for every file they name (and more: its
      // lazy parts).  A new context each time: an empty cache, the student's cookie.
      const load = async (withTags) => {
        const ctx = await browser.newContext({ baseURL: server.url, viewport: PHONE, storageState: state })
        if (!withTags) {
          await ctx.route((url) => url.pathname === path,
            (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: plain }))
        }
        const p = await ctx.newPage()
        const errors = []
        p.on('pageerror', (e) => errors.push(e.message))
        p.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
        const asked = new Map()
        p.on('request', (r) => {
          const u = new URL(r.url())
          const name = u.pathname + u.search
          if (/^\/(assets|api)\//.test(name)) asked.set(name, (asked.get(name) || 0) + 1)
        })
        await p.goto(path)
        await p.locator(ready).waitFor()
        await settled(p)
        await ctx.close()
        assert.deepEqual(errors, [], `${path}: errors`)
        return asked
      }
      const without = await load(false)
      for (const f of all) assert.ok(without.has(f), `${path}: ${f} is not asked for by the page itself`)
      const withTags = await load(true)
      // (A preload the page's own request does not match would be fetched again.)
      for (const [f, n] of withTags) {
        if (f.startsWith('/assets/') || all.includes(f)) assert.equal(n, 1, `${path}: ${f} downloaded ${n} times`)
      }
    }

    // A page outside the frame names its own view and not the frame's.
    const reg = added(await (await context.request.get('/register/student')).text(), plain)
    assert.ok(reg.some((f) => f.startsWith('/assets/RegisterStudentView-')), `${reg}`)
    assert.ok(!reg.some((f) => f.startsWith('/assets/AppLayout-')), `${reg}`)
    await context.close()
  })
})
