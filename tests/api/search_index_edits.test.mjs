// The in-memory position search kept current position by position (issue 9,
// src/domain/search_index.h, migration 0025's change log): on the demo, three servers on one
// database — two answering from memory (A and B) and one by SQL alone (`--search sql`) — and
// batches of random edits made through A, B or behind every server's back (the database
// directly): positions created, edited (title, description, salary, city, majors, skills),
// closed and reopened; an enterprise's industry and zone changed; a city, skill or major
// renamed (a dictionary: the index is rebuilt whole).  After each batch, random searches
// (slices of the edited texts among them) get byte-identical pages from A, B and SQL.  Enough
// edits go through to fold the overlay into a new base (64 positions) at least once.
// sort=match too: each server's recommendation snapshot (src/domain/recommend.c) follows the
// same change log, so its scores are the same on every instance; and a student's 为你推荐
// (GET /recommendations) on one instance after an edit through the other, or behind both.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Server, execSql, runCli } from './harness.mjs';
import { startCompServer } from './competition_lib.mjs';
import { DATA_KEY, PASSWORD_COST, searchAll } from './recruit_lib.mjs';

let srv, srvB, sqlSrv, stuA, stuB, stuS, hrA, hrB, items;

before(async () => {
	srv = await startCompServer({ bootstrap: false });
	const r = runCli(['demo', '--db', srv.dbUrl, '--scale', '0.05', '--files', srv.filesDir], {
		env: { SKYWAY_DATA_KEY: DATA_KEY, SKYWAY_PASSWORD_COST: PASSWORD_COST },
		timeout: 300000,
	});
	assert.equal(r.code, 0, `demo: ${r.stdout} ${r.stderr}`);
	srvB = new Server(srv.tmp, srv.db, srv.opts);
	sqlSrv = new Server(srv.tmp, srv.db, { ...srv.opts, args: [...(srv.opts.args || []), '--search', 'sql'] });
	await srvB.start();
	await sqlSrv.start();
	stuA = await srv.login('student_demo', 'skyway2026demo');
	stuB = await srvB.login('student_demo', 'skyway2026demo');
	stuS = await sqlSrv.login('student_demo', 'skyway2026demo');
	hrA = await srv.login('hr_demo', 'skyway2026demo');
	hrB = await srvB.login('hr_demo', 'skyway2026demo');
	items = (await searchAll(stuA, {}, { limit: 100 })).items;
});
after(async () => {
	for (const s of [srvB, sqlSrv]) {
		if (!s?.child) continue;
		s.child.kill('SIGTERM'); // not stop(): the database is srv's
		const ex = await s.exited;
		assert.equal(ex.code, 0, `a second server's exit: ${s.stderr().slice(-3000)}`);
	}
	await srv?.stop();
});

describe('in-memory search kept current edit by edit = SQL search (issue 9)', () => {
	const seed = Number(process.env.SEARCH_SEED || Date.now() % 100000);
	let x = seed || 1;
	const rnd = () => (x = (x * 48271) % 2147483647) / 2147483647;
	const pick = (a) => a[Math.floor(rnd() * a.length)];
	const chance = (p) => rnd() < p;
	const chars = (s) => Array.from(s || '').filter((c) => !/\s/.test(c));
	const slice = (s) => {
		const c = chars(s);
		const n = 1 + Math.floor(rnd() * 3);
		const at = Math.floor(rnd() * Math.max(1, c.length - n + 1));
		return c.slice(at, at + n).join('');
	};

	/** The three servers' pages of params (up to pages of them through next_cursor): equal. */
	async function compare(params, pages, what) {
		let cursor = null;
		for (let i = 0; i < pages; i++) {
			const qs = new URLSearchParams(params);
			if (cursor) qs.set('cursor', cursor);
			const [a, b, s] = await Promise.all([
				stuA.get(`positions?${qs}`),
				stuB.request('GET', `positions?${qs}`, { openapi: false }),
				stuS.request('GET', `positions?${qs}`, { openapi: false }),
			]);
			assert.equal(a.status, s.status, `${what} (seed ${seed}) ${qs}: ${a} / ${s}`);
			assert.deepEqual(a.json, s.json, `${what} (seed ${seed}) ${qs}: A`);
			assert.deepEqual(b.json, s.json, `${what} (seed ${seed}) ${qs}: B`);
			cursor = a.json?.next_cursor;
			if (!cursor) return a.json;
		}
	}

	it('random edits through either instance or the database, each batch then random searches: the same answers', async () => {
		const mine = [];
		for (let page = 1; ; page++) {
			const r = await hrA.get(`positions/mine?page=${page}&page_size=100`);
			assert.equal(r.status, 200, `${r}`);
			mine.push(...r.json.items);
			if (mine.length >= r.json.total || !r.json.items.length) break;
		}
		assert.ok(mine.length > 3, `hr_demo has ${mine.length} positions`);
		const ent = mine[0].enterprise_id;
		const cities = [...new Set(items.map((p) => p.city_code).filter(Boolean))];
		const majors = [...new Set(items.flatMap((p) => p.majors.map((m) => m.code)))];
		const skills = [...new Set(items.flatMap((p) => [...p.required_skills, ...p.preferred_skills].map((s) => s.id)))];
		const industries = [...new Set(items.map((p) => p.industry_code).filter(Boolean))];
		const words = ['机电', '焊工', 'PLC', '会计', '护理', '数控', '仓储', '客服', '电商', '质检'];
		const recent = []; // texts written by the edits: searched for after the batch
		const body = (p) => ({
			...Object.fromEntries(
				['title', 'kind', 'city_code', 'address', 'description', 'min_degree', 'headcount', 'salary_min', 'salary_max', 'deadline', 'grad_year_min', 'grad_year_max']
					.filter((k) => p[k] != null)
					.map((k) => [k, p[k]]),
			),
			majors: p.majors.map((m) => m.code),
			required_skills: p.required_skills.map((s) => s.id),
			preferred_skills: p.preferred_skills.map((s) => s.id),
		});
		const some = (a, k) => a.filter(() => chance(k / Math.max(1, a.length)));
		let edits = 0;
		const counts = {};
		for (let batch = 0; batch < 24; batch++) {
			const n = 1 + Math.floor(rnd() * 6);
			for (let e = 0; e < n; e++) {
				const hr = chance(0.5) ? hrA : hrB;
				const p = pick(mine);
				// A dictionary edit rebuilds the index whole: a few, at fixed batches, so that
				// the overlay grows in between (and folds).
				const kind = e === 0 && batch % 8 === 7 ? 'dict' : pick(['create', 'edit', 'edit', 'edit', 'close', 'reopen', 'majors', 'industry']);
				counts[kind] = (counts[kind] || 0) + 1;
				if (kind === 'create') {
					const title = `${pick(words)}${pick(words)}助理${batch}`;
					const r = await hr.post('positions', {
						title,
						kind: pick(['全职', '实习', '见习']),
						city_code: pick(cities),
						description: `${pick(words)}岗位，负责${pick(words)}相关工作。`,
						majors: some(majors, 2).slice(0, 3),
						required_skills: some(skills, 2).slice(0, 3),
						headcount: 2,
						salary_min: 3000,
						salary_max: 3000 + 500 * Math.floor(rnd() * 10),
					});
					assert.equal(r.status, 201, `create: ${r}`);
					const s = await hr.post(`positions/${r.json.position.id}/submit`);
					assert.equal(s.status, 200, `submit: ${s}`);
					mine.push(s.json.position);
					recent.push(title);
				} else if (kind === 'edit' || kind === 'majors') {
					const cur = (await hr.get(`positions/${p.id}`)).json.position;
					const b = body(cur);
					if (kind === 'majors') {
						b.majors = some(majors, 2).slice(0, 4);
						b.required_skills = some(skills, 2).slice(0, 3);
						b.preferred_skills = some(skills, 1).filter((s) => !b.required_skills.includes(s)).slice(0, 2);
					} else {
						const what = pick(['title', 'description', 'salary', 'city']);
						if (what === 'title') b.title = `${pick(words)}${slice(cur.title) || '专员'}${batch}`.slice(0, 60);
						if (what === 'description') b.description = `${pick(words)}：${cur.description ?? ''}`.slice(0, 5000);
						if (what === 'salary') {
							b.salary_min = 1000 * Math.floor(1 + rnd() * 6);
							b.salary_max = b.salary_min + 1000 * Math.floor(rnd() * 6);
						}
						if (what === 'city') b.city_code = pick(cities);
						recent.push(b.title, b.description ?? '');
					}
					const r = await hr.post(`positions/${p.id}`, b);
					assert.equal(r.status, 200, `edit ${p.id}: ${r}`);
				} else if (kind === 'close' || kind === 'reopen') {
					const r = await hr.post(`positions/${p.id}/${kind}`);
					assert.ok([200, 409, 422].includes(r.status), `${kind} ${p.id}: ${r}`);
				} else if (kind === 'industry') {
					execSql(srv.db, [
						`UPDATE organizations SET industry_code = '${pick(industries)}', in_zone = ${chance(0.5) ? 1 : 0} WHERE id = ${ent}`,
					]);
				} else {
					const t = pick(['dict_cities', 'dict_skills', 'dict_majors']);
					const key = t === 'dict_cities' ? `code = '${pick(cities)}'` : t === 'dict_skills' ? `id = '${pick(skills)}'` : `code = '${pick(majors)}'`;
					const name = `${pick(words)}${batch}`;
					execSql(srv.db, [`UPDATE ${t} SET name = '${name}' WHERE ${key}`]);
					recent.push(name);
				}
				edits++;
			}
			// Behind the servers' backs, many positions at once (a bulk statement: one bump on
			// PostgreSQL, one per row on SQLite): past the overlay's 64, a fold.
			if (batch === 3 || batch === 12) {
				const ids = some(items.map((p) => p.id), 70);
				execSql(srv.db, [`UPDATE positions SET salary_max = salary_max + 100 WHERE id IN (${ids.join(', ')}) AND salary_max IS NOT NULL`]);
				counts.bulk = ids.length;
			}
			// Searches: the edited texts, the demo's, filters, sorts, pages.
			for (let i = 0; i < 12; i++) {
				const p = {};
				if (chance(0.85)) p.q = chance(0.5) && recent.length ? slice(pick(recent)) : slice(pick(items).title);
				if (!p.q) delete p.q;
				if (chance(0.15)) p.city = pick(cities);
				if (chance(0.15)) p.major = pick(majors).slice(0, pick([2, 4, 6]));
				if (chance(0.15)) p.salary_min = String(1000 * Math.floor(rnd() * 8));
				if (chance(0.15)) p.industry = pick(industries).slice(0, pick([1, 4]));
				if (chance(0.2)) p.enterprise_id = String(ent);
				if (chance(0.1)) p.in_zone = '1';
				const sort = pick([null, 'newest', 'salary', 'relevance', 'match']);
				if (sort) p.sort = sort;
				p.limit = String(pick([5, 20]));
				await compare(p, 2, `batch ${batch} query ${i}`);
			}
			await compare({ enterprise_id: String(ent), limit: '100' }, 3, `batch ${batch}: the enterprise`);
		}
		assert.ok(edits >= 24, `${edits} edits`);
		assert.ok(counts.edit > 0 && counts.create > 0, JSON.stringify(counts));
	});

	it('an edit through one instance is seen by the next search of the other (read-your-writes, both ways)', async () => {
		const keys = ['kind', 'city_code', 'address', 'description', 'min_degree', 'headcount', 'salary_min', 'salary_max', 'deadline', 'grad_year_min', 'grad_year_max'];
		for (const [hr, stu, other] of [
			[hrA, stuB, 'B'],
			[hrB, stuA, 'A'],
		]) {
			const open = (await hr.get('positions/mine?status=open&page_size=5')).json.items;
			assert.ok(open.length > 0, 'hr_demo has open positions');
			const p = (await hr.get(`positions/${open[0].id}`)).json.position;
			const title = `独有标题${other}${Date.now() % 100000}`;
			const b = {
				...Object.fromEntries(keys.filter((k) => p[k] != null).map((k) => [k, p[k]])),
				title,
				majors: p.majors.map((m) => m.code),
				required_skills: p.required_skills.map((s) => s.id),
				preferred_skills: p.preferred_skills.map((s) => s.id),
			};
			assert.equal((await hr.post(`positions/${p.id}`, b)).status, 200);
			const seen = await stu.request('GET', `positions?q=${encodeURIComponent(title)}`, { openapi: false });
			assert.deepEqual(
				seen.json.items.map((i) => [i.id, i.title]),
				[[p.id, title]],
				`instance ${other} finds the new title at once`,
			);
			assert.equal((await hr.post(`positions/${p.id}/close`)).status, 200);
			const gone = await stu.request('GET', `positions?q=${encodeURIComponent(title)}`, { openapi: false });
			assert.equal(gone.json.total, 0, `instance ${other} no longer finds the closed position`);
		}
	});

	it('recommendations and sort=match follow edits made through the other instance or the database (positions, then the student)', async () => {
		// The student's pages on A, B and the SQL server: equal; returns A's.
		const pages = async (what) => {
			const out = [];
			for (const path of ['recommendations?k=20&applied=1', 'positions?sort=match&limit=20']) {
				const [a, b, s] = await Promise.all(
					[stuA, stuB, stuS].map((c) => c.request('GET', path, { openapi: false })),
				);
				assert.equal(a.status, 200, `${what} ${path}: ${a}`);
				assert.deepEqual(b.json, a.json, `${what} ${path}: B = A`);
				assert.deepEqual(s.json, a.json, `${what} ${path}: SQL = A`);
				out.push(a.json);
			}
			return out;
		};
		const ids = (page) => page.items.map((i) => i.position_id ?? i.id);
		let before = await pages('at first');
		const top = before[0].items[0];
		assert.ok(top, 'the demo student has recommendations');
		const best = (await stuA.get(`positions/${top.position_id}`)).json.position;
		// Through each instance in turn: one of hr_demo's open positions made like the
		// student's best (its majors, skills, city, salary), so that it climbs their list.
		for (const hr of [hrA, hrB]) {
			const open = (await hr.get('positions/mine?status=open&page_size=100')).json.items;
			const p = open.find((o) => !ids(before[0]).includes(o.id));
			assert.ok(p, 'hr_demo has an open position not recommended yet');
			const cur = (await hr.get(`positions/${p.id}`)).json.position;
			const keys = ['title', 'kind', 'address', 'description', 'headcount', 'deadline'];
			const b = {
				...Object.fromEntries(keys.filter((k) => cur[k] != null).map((k) => [k, cur[k]])),
				...Object.fromEntries(
					['city_code', 'min_degree', 'salary_min', 'salary_max', 'grad_year_min', 'grad_year_max']
						.filter((k) => best[k] != null)
						.map((k) => [k, best[k]]),
				),
				majors: best.majors.map((m) => m.code),
				required_skills: best.required_skills.map((s) => s.id),
				preferred_skills: best.preferred_skills.map((s) => s.id),
			};
			const r = await hr.post(`positions/${p.id}`, b);
			assert.equal(r.status, 200, `edit ${p.id}: ${r}`);
			const now = await pages(`after editing ${p.id}`);
			assert.ok(ids(now[0]).includes(p.id), `the edited position ${p.id} is recommended now`);
			before = now;
		}
		// Behind both servers' backs: the student's best position closed in the database.
		execSql(srv.db, [`UPDATE positions SET status = 'closed' WHERE id = ${top.position_id}`]);
		const now = await pages(`after closing ${top.position_id}`);
		assert.ok(!ids(now[0]).includes(top.position_id), 'the closed position is no longer recommended');
		assert.ok(!ids(now[1]).includes(top.position_id), 'nor listed by sort=match');
		// The student's own profile saved through B (src/domain/recommend.c follows migration
		// 0027's log): made like the last position of their sort=match page.
		const last = (await stuB.get(`positions/${now[1].items.at(-1).id}`)).json.position;
		const skillsNow = [...last.required_skills, ...last.preferred_skills].map((s) => s.id);
		const r = await stuB.post('students/me', {
			skills: skillsNow,
			cities: last.city_code ? [last.city_code] : [],
			...(last.majors.some((m) => m.code.length === 6) ? { major_code: last.majors.find((m) => m.code.length === 6).code } : {}),
		});
		assert.equal(r.status, 200, `profile: ${r}`);
		const after = await pages('after the profile was saved through B');
		assert.notDeepEqual(after, now, 'the profile changed what the student is shown');
	});
});
