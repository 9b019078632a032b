// Issue 9's peer: a Node 20 + Express + better-sqlite3 server that does what
// Skyway does for a student's hot paths, on the same SQLite database file,
// so that bench/compare.sh can measure both side by side:
//   GET /api/v1/positions     src/domain/position_search.c, position_rank.c,
//                             position_details.c and search_rank.c: the same
//                             SQL text, the same ranking and "match", cursors,
//                             the relax counts when nothing is found; sort=match
//                             by the student's own-list scores over the
//                             snapshot (recommend.c's recommend_own_scores,
//                             ported in recommend.mjs)
//   GET /api/v1/applications  src/domain/application.c's list (listing_page)
//   GET /api/v1/recommendations  为你推荐: src/domain/recommend.c's snapshot
//                             loaded at start, the engine's top-k and
//                             explanations (src/match/) and recommend_view.c's
//                             own view, ported in recommend.mjs
//   GET /healthz              the baseline
// with Skyway's session check (src/domain/session.c: the cookie's token
// hashed with SHA-256, looked up with its account, idle and absolute expiry,
// last_seen_at touched at most once a minute).  Not ported: the other
// recommendation endpoints, writes, CSRF, API tokens.
//
// node bench/peer/server.mjs DB_PATH [PORT]   (prints "listening on http://…")
// env: PEER_WORKERS (1): processes behind node:cluster, each with its own
//      connection, as an Express deployment on several cores would run.
import cluster from 'node:cluster';
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import express from 'express';
import { OWN_SCALE, loadSnapshot, ownScores, recommendMine } from './recommend.mjs';
import { FIELD_NAMES, loadWords, parseQuery, searchRank } from './search_rank.mjs';

const [DB_PATH, PORT = '0'] = process.argv.slice(2);
const WORKERS = Number(process.env.PEER_WORKERS || 1);
const HERE = dirname(fileURLToPath(import.meta.url));

if (WORKERS > 1 && cluster.isPrimary) {
	// The workers share one port; the primary prints it once they listen.
	cluster.setupPrimary({ args: [DB_PATH, PORT] });
	let port = PORT === '0' ? null : PORT;
	let up = 0;
	const start = (p) => {
		for (let i = 0; i < WORKERS; i++) cluster.fork({ PEER_PORT: p });
	};
	if (port) start(port);
	else {
		// An ephemeral port for all of them: pick one, then hand it out.
		const { createServer } = await import('node:net');
		const s = createServer().listen(0, '127.0.0.1', () => {
			port = String(s.address().port);
			s.close(() => start(port));
		});
	}
	cluster.on('listening', () => {
		if (++up === WORKERS) console.log(`listening on http://127.0.0.1:${port} (${WORKERS} workers)`);
	});
	cluster.on('exit', (w, code) => code && console.error(`worker ${w.process.pid} exited ${code}`));
} else {
	serve(process.env.PEER_PORT || PORT);
}

function serve(port) {
	const db = new Database(DB_PATH);
	// As src/store/store_sqlite.c opens a connection for the server.
	db.pragma('journal_mode = WAL');
	db.pragma('foreign_keys = ON');
	db.pragma('synchronous = FULL');
	db.pragma('cache_size = -8192');
	db.pragma(`mmap_size = ${statSync(DB_PATH).size}`);
	const W = loadWords(join(HERE, '../../data'));
	// The matching engine's snapshot (为你推荐 and the search's sort=match).
	const snapshot = loadSnapshot(db);

	// Prepared statements cached by SQL text (Skyway's connection does the same).
	const stmts = new Map();
	const stmt = (sql) => {
		let s = stmts.get(sql);
		if (!s) stmts.set(sql, (s = db.prepare(sql)));
		return s;
	};

	// ---- session (src/domain/session.c) ----
	const IDLE = 30 * 60, ABSOLUTE = 12 * 60 * 60;
	const ROLES = ['operator', 'college', 'enterprise', 'student', 'officer', 'judge', 'mentor'];
	function session(req) {
		const m = /(?:^|;\s*)skyway_session=([^;]*)/.exec(req.headers.cookie || '');
		if (!m || m[1].length !== 64) return null;
		const hash = createHash('sha256').update(m[1]).digest('hex');
		const r = stmt(
			'SELECT s.created_at, s.last_seen_at, s.csrf_token, a.id, a.role, a.org_id,' +
				' a.login, a.status, m.enabled_at FROM sessions s' +
				' JOIN accounts a ON a.id = s.account_id' +
				' LEFT JOIN account_mfa m ON m.account_id = a.id' +
				' WHERE s.token_hash = ?'
		).raw().get(hash);
		if (!r) return null;
		const [created, seen, , id, role, orgId, login, status] = r;
		const now = Math.floor(Date.now() / 1000);
		if (now - seen > IDLE || now - created > ABSOLUTE || status !== 'active') return null;
		if (now - seen >= Math.min(IDLE / 8, 60) && now !== seen)
			stmt('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?').run(now, hash);
		return { id, role: ROLES.includes(role) ? role : '', orgId, login };
	}

	const fail = (res, status, code, field, message) =>
		res.status(status).type('application/json').send(JSON.stringify({ error: { code, field, message } }));
	const reply = (res, body) => res.type('application/json').send(JSON.stringify(body));

	// api_query / api_query_int: an empty value is absent; a bad integer is a 400.
	class BadRequest extends Error {
		constructor(field, message) {
			super(message);
			this.field = field;
		}
	}
	const query = (u, key) => {
		const v = u.searchParams.get(key);
		if (v === null || v === '') return null;
		if ([...v].length > 200) throw new BadRequest(key, `查询参数 ${key} 过长`);
		return v;
	};
	const queryInt = (u, key, dflt, min, max) => {
		const v = query(u, key);
		if (v === null) return dflt;
		if (!/^-?\d+$/.test(v) || Number(v) < min || Number(v) > max)
			throw new BadRequest(key, `查询参数 ${key} 应为 ${min}–${max} 的整数`);
		return Number(v);
	};

	const app = express();
	app.disable('x-powered-by');
	app.disable('etag');
	app.get('/healthz', (req, res) => reply(res, { status: 'ok' }));
	const authed = (roles, handler) => (req, res) => {
		const a = session(req);
		if (!a) return fail(res, 401, 'unauthenticated', null, '请先登录');
		if (roles && !roles.includes(a.role)) return fail(res, 403, 'forbidden', null, '没有权限');
		const u = new URL(req.originalUrl, 'http://peer');
		try {
			handler(a, u, res);
		} catch (e) {
			if (e instanceof BadRequest) return fail(res, 400, 'invalid', e.field, e.message);
			console.error(e);
			fail(res, 500, 'internal', null, '服务器内部错误');
		}
	};

	// ---- position search (position_search.c) ----
	const POSITION_COLUMNS =
		'SELECT p.id, p.enterprise_id, o.name AS enterprise_name, o.in_zone AS in_zone,' +
		' o.industry_code AS industry_code, p.title, p.kind, p.min_degree, p.headcount,' +
		' p.salary_min, p.salary_max, p.city_code, c.name AS city_name, p.address,' +
		' p.deadline, p.grad_year_min, p.grad_year_max, p.status, p.reject_reason,' +
		' p.is_demo, p.created_at, p.updated_at';
	const POSITION_FROM =
		' FROM positions p JOIN organizations o ON o.id = p.enterprise_id' +
		' LEFT JOIN dict_cities c ON c.code = p.city_code';
	const KINDS = ['全职', '实习', '见习'];
	const STATUSES = ['draft', 'pending', 'open', 'closed', 'rejected'];
	const sortOf = (q) => q.sort ?? (q.q ? 'relevance' : 'newest');
	const utf8Length = (s) => [...s].length;

	// store.c's text_cond on SQLite: FTS5 (trigram) for 3 characters or more,
	// instr() without ASCII letters, else LIKE.
	function textCond(term, f) {
		if (utf8Length(term) >= 3) {
			f.args.push(`"${term.replaceAll('"', '""')}"`);
			return 'p.id IN (SELECT rowid FROM positions_fts WHERE positions_fts MATCH ?)';
		}
		if (!/[a-zA-Z]/.test(term)) {
			f.args.push(term);
			return 'instr(p.search_text, ?) > 0';
		}
		f.args.push(`%${term.replace(/[%_\\]/g, '\\$&')}%`);
		return "p.search_text LIKE ? ESCAPE '\\'";
	}

	function filterBuild(q) {
		const f = { where: ' WHERE p.status = ?', args: [q.status ?? 'open'], terms: [] };
		if (q.q) {
			f.terms = parseQuery(W, q.q);
			for (const alts of f.terms) f.where += ` AND (${alts.map((t) => textCond(t, f)).join(' OR ')})`;
		}
		if (q.major) {
			f.where +=
				' AND (NOT EXISTS (SELECT 1 FROM position_majors pm0 WHERE' +
				" pm0.position_id = p.id) OR EXISTS (SELECT 1 FROM position_majors pm" +
				" WHERE pm.position_id = p.id AND (? LIKE pm.major_code || '%' OR" +
				" pm.major_code LIKE ? || '%')))";
			f.args.push(q.major, q.major);
		}
		if (q.city) (f.where += ' AND p.city_code = ?'), f.args.push(q.city);
		if (q.kind) (f.where += ' AND p.kind = ?'), f.args.push(q.kind);
		if (q.salary_min) (f.where += ' AND p.salary_max >= ?'), f.args.push(q.salary_min);
		if (q.industry) {
			f.where +=
				' AND (o.industry_code = ? OR o.industry_code IN (SELECT code FROM' +
				' dict_industries WHERE parent = ?))';
			f.args.push(q.industry, q.industry);
		}
		if (q.enterprise_id) (f.where += ' AND p.enterprise_id = ?'), f.args.push(q.enterprise_id);
		if (q.in_zone) f.where += ' AND o.in_zone = 1';
		return f;
	}

	const countWhere = (f) =>
		stmt(`SELECT COUNT(*) FROM positions p JOIN organizations o ON o.id = p.enterprise_id${f.where}`)
			.pluck()
			.get(...f.args);

	// position_rows_by_ids: ids bound, padded to 8, 16, 32 or 64 (the SQL repeats).
	function rowsByIds(head, tail, ids) {
		const all = [];
		for (let from = 0; from < ids.length; from += 64) {
			const k = Math.min(64, ids.length - from);
			let slots = 8;
			while (slots < k) slots *= 2;
			const args = Array.from({ length: slots }, (_, i) => ids[from + (i < k ? i : k - 1)]);
			all.push(...stmt(`${head} IN (${args.map(() => '?').join(', ')})${tail}`).all(...args));
		}
		return all;
	}

	function pageOrder(q, f) {
		const sort = sortOf(q), cursor = q.cursor;
		const bad = () => new BadRequest('cursor', '分页游标无效');
		if (sort === 'newest') {
			if (cursor !== null && !(/^\d+$/.test(cursor) && Number(cursor) > 0)) throw bad();
			if (cursor) (f.where += ' AND p.id < ?'), f.args.push(Number(cursor));
			return { order: ' ORDER BY p.id DESC', offset: 0 };
		}
		if (sort === 'salary') {
			const m = cursor === null ? null : /^(-?\d+):(\d+)/.exec(cursor);
			if (cursor !== null && !(m && Number(m[2]) > 0)) throw bad();
			if (m) {
				f.where += ' AND (COALESCE(p.salary_max, 0) < ? OR (COALESCE(p.salary_max, 0) = ? AND p.id < ?))';
				f.args.push(Number(m[1]), Number(m[1]), Number(m[2]));
			}
			return { order: ' ORDER BY COALESCE(p.salary_max, 0) DESC, p.id DESC', offset: 0 };
		}
		if (cursor !== null && !/^\d+$/.test(cursor)) throw bad();
		return { order: ' ORDER BY p.id DESC', offset: cursor === null ? 0 : Number(cursor) };
	}

	// position_rank.c's match_scores: the calling student's own-list scores
	// (no student record: none, newest first).
	function matchScores(a, all) {
		const sid = stmt('SELECT id FROM students WHERE account_id = ? AND closed_at IS NULL').pluck().get(a.id);
		if (sid === undefined || !all.length) return;
		const applied = new Set(stmt("SELECT position_id FROM applications WHERE student_id = ? AND status <> 'withdrawn'").pluck().all(sid));
		const scores = ownScores(snapshot, sid, all.map((r) => r.id), applied);
		all.forEach((r, i) => (r.score = scores[i]));
	}

	// position_rank_page (relevance with terms, or match): every position
	// found scored by search_rank or match_scores, sorted, then the page's
	// rows read by id (with match_score and match_scale under match).
	function rankPage(a, q, f, offset, out) {
		const byMatch = sortOf(q) === 'match';
		const all = [];
		if (byMatch) {
			// Only the ids: the scores come from the snapshot, not the text.
			const st = stmt(`SELECT p.id FROM positions p JOIN organizations o ON o.id = p.enterprise_id${f.where}`).pluck();
			for (const id of st.iterate(...f.args)) all.push({ id, score: 0 });
			matchScores(a, all);
		} else {
			const st = stmt(`SELECT p.id, p.search_text FROM positions p JOIN organizations o ON o.id = p.enterprise_id${f.where}`).raw();
			for (const [id, text] of st.iterate(...f.args)) {
				const hit = searchRank(W, text, f.terms);
				all.push({ id, score: hit ? hit.score : 0 });
			}
		}
		all.sort((x, y) => y.score - x.score || y.id - x.id);
		out.total = all.length;
		const page = all.slice(offset, offset + q.limit + 1);
		if (!page.length) return [];
		const rows = rowsByIds(`${POSITION_COLUMNS}, p.search_text${POSITION_FROM} WHERE p.id`, '', page.map((r) => r.id));
		const byId = new Map(rows.map((r) => [r.id, r]));
		return page
			.filter((r) => byId.has(r.id))
			.map((r) => {
				const row = byId.get(r.id);
				if (byMatch) (row.match_score = r.score < 0 ? null : r.score), (row.match_scale = OWN_SCALE);
				return row;
			});
	}

	function addMatch(pos, terms) {
		const hit = terms.length && pos.search_text ? searchRank(W, pos.search_text, terms) : null;
		delete pos.search_text;
		if (hit)
			pos.match = {
				fields: FIELD_NAMES.filter((_, i) => hit.fields & (1 << i)),
				words: hit.words,
				synonym: hit.synonymOnly,
			};
	}

	function addDetails(items) {
		if (!items.length) return;
		const ids = items.map((p) => p.id);
		const at = new Map(items.map((p) => [p.id, p]));
		for (const p of items) (p.majors = []), (p.required_skills = []), (p.preferred_skills = []);
		const majors = rowsByIds(
			'SELECT pm.position_id, pm.major_code AS code, m.name, m.level FROM position_majors pm' +
				' LEFT JOIN dict_majors m ON m.code = pm.major_code WHERE pm.position_id',
			' ORDER BY pm.position_id, pm.major_code',
			ids
		);
		const skills = rowsByIds(
			'SELECT ps.position_id, ps.skill_id AS id, s.name, ps.required FROM' +
				' position_skills ps LEFT JOIN dict_skills s ON s.id = ps.skill_id' +
				' WHERE ps.position_id',
			' ORDER BY ps.position_id, ps.required DESC, ps.skill_id',
			ids
		);
		for (const { position_id, ...m } of majors) at.get(position_id)?.majors.push(m);
		for (const { position_id, required, ...s } of skills)
			at.get(position_id)?.[required ? 'required_skills' : 'preferred_skills'].push(s);
	}

	const RELAX = ['major', 'city', 'kind', 'salary_min', 'industry', 'enterprise_id', 'in_zone'];

	app.get('/api/v1/positions', authed(null, (a, u, res) => {
		const q = {
			q: query(u, 'q'), major: query(u, 'major'), city: query(u, 'city'), kind: query(u, 'kind'),
			industry: query(u, 'industry'), sort: query(u, 'sort'), status: query(u, 'status'),
			salary_min: queryInt(u, 'salary_min', 0, 0, 10000000),
			enterprise_id: queryInt(u, 'enterprise_id', 0, 1, Number.MAX_SAFE_INTEGER),
			in_zone: queryInt(u, 'in_zone', 0, 0, 1), cursor: query(u, 'cursor'),
		};
		q.limit = queryInt(u, 'page_size', queryInt(u, 'limit', 20, 1, 100), 1, 100);
		if (query(u, 'page')) throw new BadRequest('page', '此列表按游标分页（cursor、page_size），不接受 page');
		// query_check, the first failure wins
		const sort = sortOf(q);
		if (!['relevance', 'newest', 'salary', 'match'].includes(sort))
			throw new BadRequest('sort', '排序应为 relevance、match、newest 或 salary');
		if (sort === 'match' && a.role !== 'student') throw new BadRequest('sort', '只有学生可以按匹配度排序');
		if (q.kind && !KINDS.includes(q.kind)) throw new BadRequest('kind', '岗位类型应为 全职、实习 或 见习');
		if (q.status && !STATUSES.includes(q.status)) throw new BadRequest('status', '未知的岗位状态');
		if (q.status && a.role !== 'operator') return fail(res, 403, 'forbidden', 'status', '只有平台运营可以按状态查看岗位');

		const f = filterBuild(q);
		const ranked = (sort === 'relevance' && f.terms.length) || sort === 'match';
		const out = { total: 0 };
		if (!ranked) out.total = countWhere(f);
		const { order, offset } = pageOrder(q, f);
		let items;
		if (ranked) items = rankPage(a, q, f, offset, out);
		else
			items = stmt(`${POSITION_COLUMNS}, p.search_text${POSITION_FROM}${f.where}${order} LIMIT ? OFFSET ?`).all(
				...f.args, q.limit + 1, offset
			);
		let next = null;
		if (items.length > q.limit) {
			items.length = q.limit;
			const last = items[q.limit - 1];
			next = sort === 'newest' ? `${last.id}` : sort === 'salary' ? `${last.salary_max ?? 0}:${last.id}` : `${offset + q.limit}`;
		}
		for (const p of items) addMatch(p, f.terms);
		addDetails(items);
		const body = { items, total: out.total, next_cursor: next };
		if (!out.total) {
			body.relax = [];
			for (const name of RELAX) {
				if (!q[name]) continue;
				body.relax.push({ filter: name, total: countWhere(filterBuild({ ...q, [name]: name === 'salary_min' || name === 'enterprise_id' || name === 'in_zone' ? 0 : null })) });
			}
		}
		reply(res, body);
	}));

	// ---- applications (application.c's list) ----
	const APPLICATION_SELECT =
		'SELECT ap.id, ap.status, ap.note, ap.created_at, ap.updated_at, ap.position_id,' +
		' p.title AS position_title, p.kind AS position_kind, ap.enterprise_id,' +
		' o.name AS enterprise_name, ap.student_id, s.name AS student_name,' +
		' s.college_id, col.name AS college_name, s.major_code, m.name AS major_name,' +
		' s.grad_year, s.degree, s.phone_masked AS phone FROM applications ap' +
		' JOIN positions p ON p.id = ap.position_id' +
		' JOIN organizations o ON o.id = ap.enterprise_id' +
		' JOIN students s ON s.id = ap.student_id' +
		' JOIN organizations col ON col.id = s.college_id' +
		' LEFT JOIN dict_majors m ON m.code = s.major_code';
	const APP_STATUSES = ['submitted', 'viewed', 'interview', 'offered', 'accepted', 'rejected', 'withdrawn'];

	app.get('/api/v1/applications', authed(['operator', 'college', 'enterprise', 'student'], (a, u, res) => {
		const positionId = queryInt(u, 'position_id', 0, 1, Number.MAX_SAFE_INTEGER);
		const status = query(u, 'status');
		const page = queryInt(u, 'page', 1, 1, 1000000);
		const size = queryInt(u, 'page_size', 20, 1, 200);
		if (query(u, 'cursor')) throw new BadRequest('cursor', '此列表按页码分页（page、page_size），不接受 cursor');
		if (status && !APP_STATUSES.includes(status)) throw new BadRequest('status', '未知的投递状态');
		let w = ' WHERE 1 = 1';
		const args = [];
		if (a.role === 'student') (w += ' AND s.account_id = ?'), args.push(a.id);
		else if (a.role === 'enterprise') (w += ' AND ap.enterprise_id = ?'), args.push(a.orgId);
		else if (a.role === 'college') (w += ' AND s.college_id = ?'), args.push(a.orgId);
		if (positionId) (w += ' AND ap.position_id = ?'), args.push(positionId);
		if (status) (w += ' AND ap.status = ?'), args.push(status);
		const total = stmt(`SELECT COUNT(*) FROM applications ap JOIN students s ON s.id = ap.student_id${w}`).pluck().get(...args);
		const items = stmt(`${APPLICATION_SELECT}${w} ORDER BY ap.id DESC LIMIT ? OFFSET ?`).all(...args, size, (page - 1) * size);
		reply(res, { items, total, page, page_size: size });
	}));

	// ---- 为你推荐 (recommend_view.c over the engine's snapshot: recommend.mjs) ----
	app.get('/api/v1/recommendations', authed(['student'], (a, u, res) => {
		const k = queryInt(u, 'k', 20, 1, 100);
		const applied = queryInt(u, 'applied', 0, 0, 1);
		const r = recommendMine(snapshot, stmt, rowsByIds, a.id, k, applied);
		if (r.status !== 200) return fail(res, r.status, ...r.error);
		reply(res, r.body);
	}));

	const server = app.listen(Number(port), '127.0.0.1', () => {
		if (!cluster.isWorker) console.log(`listening on http://127.0.0.1:${server.address().port}`);
	});
	server.keepAliveTimeout = 60000;
	const stop = () => {
		server.close();
		db.close();
		process.exit(0);
	};
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
}
