// The demo (skyway demo --scale 0.03; README), generated once for two stories.
// Its competition: the article's edition with 300+ teams from 10 colleges in the four tracks,
// judges with conflicts, 初赛 assigned, scored and promoted, 复赛 in progress with teams left
// for judge_demo, the 决赛 roadshow ready; and the story goes on through the API: judge_demo
// scores, the operator promotes, the final is assigned and runs on stage.
// Its recruitment data looks real (issue 14): positions require skills of their own field,
// enterprises sit in their true industry and post positions of it, names match genders,
// offers never exceed a position's headcount, past sessions' turnout varies, and each
// college's students study its fields, at its level.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli } from './harness.mjs';
import { marksFor, startCompServer } from './competition_lib.mjs';
import { DATA_KEY, PASSWORD_COST, dbQuery } from './recruit_lib.mjs';

const DEMO_PASSWORD = 'skyway2026demo';
let srv, admin, judge, ed;
const rows = (sql) => dbQuery(srv, sql).map((l) => l.split('|'));

before(async () => {
	srv = await startCompServer({ bootstrap: false });
	const r = runCli(['demo', '--db', srv.dbUrl, '--scale', '0.03', '--files', srv.filesDir], {
		env: { SKYWAY_DATA_KEY: DATA_KEY, SKYWAY_PASSWORD_COST: PASSWORD_COST },
		timeout: 300000,
	});
	assert.equal(r.code, 0, `demo: ${r.stdout} ${r.stderr}`);
	assert.match(r.stdout, /competition: \d+ teams, 62 judges/);
	admin = await srv.login('admin', DEMO_PASSWORD);
	judge = await srv.login('judge_demo', DEMO_PASSWORD);
	ed = (await admin.get('competition/editions')).json.items[0];
});
after(async () => {
	await srv?.stop();
});

describe('the demo edition', () => {
	it('300+ teams from 10 colleges in 4 tracks; 初赛 done, 复赛 judging, 决赛 a roadshow in setup', async () => {
		assert.match(ed.name, /清远高新杯/);
		assert.equal(ed.status, 'judging');
		const s = (await admin.get(`competition/editions/${ed.id}/stats`)).json;
		assert.ok(s.totals.teams >= 300, `${s.totals.teams} teams`);
		assert.equal(s.totals.colleges, 10);
		assert.deepEqual(s.tracks.map((t) => t.track), ['新材料', '智能制造', '文化创意', '生物科技']);
		assert.ok(s.tracks.every((t) => t.teams > 40));
		assert.equal(s.totals.judges, 62);
		const [r1, r2, r3] = (await admin.get(`competition/editions/${ed.id}`)).json.edition.rounds;
		assert.deepEqual([r1.name, r1.status, r2.name, r2.status, r3.name, r3.status, r3.kind], ['初赛', 'done', '复赛', 'judging', '决赛', 'setup', 'roadshow']);
		assert.equal(r2.teams, 80, '20 per track promoted from 初赛');
		const a1 = (await admin.get(`competition/rounds/${r1.id}/assignments`)).json;
		assert.equal(a1.check.rule, 'ok');
		assert.ok(a1.teams.every((t) => t.judges.length === 5));
		const conflicts = (await admin.get(`competition/editions/${ed.id}/judges`)).json.items.reduce((n, j) => n + j.conflicts, 0);
		assert.ok(conflicts > 100, `${conflicts} conflicts`);
		const g3 = (await admin.get(`competition/rounds/${r3.id}`)).json.round;
		assert.deepEqual(g3.criteria.map((c) => c.weight), [20, 20, 25, 15, 20]);
		assert.ok(g3.tracks.every((t) => t.first_prizes === 1 && t.quota === 1));
	});

	it('judge_demo has 复赛 teams to score; once scored, the operator promotes and the final runs', async () => {
		const mine = (await judge.get('competition/judging')).json.items.find((i) => i.edition_id === ed.id);
		const r2 = mine.rounds.find((r) => r.name === '复赛');
		assert.ok(r2.assigned > r2.submitted, `${JSON.stringify(r2)}`);
		assert.equal(r2.drafts, 2);
		const review = (await judge.get(`competition/rounds/${r2.id}/review`)).json;
		for (const t of review.items) {
			const plan = await judge.get(`competition/teams/${t.team_id}/plan`);
			assert.equal(plan.status, 200);
			assert.equal(plan.buf.subarray(0, 5).toString(), '%PDF-');
			if (t.score_status === 'submitted') continue;
			const r = await judge.post(`competition/rounds/${r2.id}/scores`, { team_id: t.team_id, marks: marksFor(review.criteria, 78), submit: true, comment: '演示评分' });
			assert.equal(r.status, 200, `${r}`);
		}
		const res = (await admin.get(`competition/rounds/${r2.id}/results`)).json;
		assert.ok(res.tracks.every((t) => t.missing === 0));
		const p = await admin.post(`competition/rounds/${r2.id}/promote`);
		assert.equal(p.status, 200, `${p}`);
		assert.equal(p.json.promoted, 24);
		const r3 = (await admin.get(`competition/editions/${ed.id}`)).json.edition.rounds[2];
		const a = await admin.post(`competition/rounds/${r3.id}/assign`);
		assert.equal(a.status, 200, `${a}`);
		assert.equal(a.json.pairs, 24 * 7);
		assert.equal((await admin.post(`competition/rounds/${r3.id}/stage`, { action: 'call', team_id: (await admin.get(`competition/rounds/${r3.id}/assignments`)).json.teams[0].team_id })).status, 200);
		const st = (await srv.login('student_demo', DEMO_PASSWORD)).get(`competition/rounds/${r3.id}/stage`);
		assert.equal((await st).status, 200);
	});
});

// The skill groups (data/skills.tsv) a major category's positions may require; 通用能力 fits all.
const FIT = {
	46: '机械制造 电气自动化 质量管理 安全生产 汽车 材料',
	51: '软件开发 电子信息 网络运维 数据分析 办公软件',
	53: '财务会计 电子商务 市场营销 物流 办公软件 数据分析',
	44: '建筑施工 设计 安全生产',
	47: '化工 生物医药 质量管理 安全生产',
	49: '食品 生物医药 质量管理',
	48: '设计 材料 质量管理',
	50: '物流 汽车 安全生产',
	43: '新能源 电气自动化 材料',
	55: '设计 市场营销',
	52: '医疗护理 生物医药',
	54: '旅游酒店 语言 市场营销',
};

describe('the demo data looks real', () => {
	it('a position requires skills of its own field only (no 泰语 for 机电)', () => {
		const skills = rows(
			"SELECT pm.major_code, k.grp, k.name FROM position_skills ps JOIN dict_skills k ON k.id = ps.skill_id JOIN position_majors pm ON pm.position_id = ps.position_id JOIN positions p ON p.id = ps.position_id WHERE p.is_demo = 1 AND ps.required = 1",
		);
		assert.ok(skills.length > 200, `${skills.length} required skills`);
		const wrong = skills.filter(([code, grp]) => grp !== '通用能力' && !FIT[code.slice(0, 2)].split(' ').includes(grp));
		assert.deepEqual(wrong.slice(0, 5), []);
		const languages = skills.filter(([code, grp]) => grp === '语言' && !code.startsWith('54'));
		assert.deepEqual(languages, []);
	});

	it('enterprises sit in their true industry and post positions of their own field', () => {
		const division = Object.fromEntries(rows("SELECT name, industry_code FROM organizations WHERE kind = 'enterprise' AND is_demo = 1 AND status = 'active'"));
		assert.equal(division['蒙牛乳业（清远）有限公司（演示）'], '14', '食品制造业');
		assert.equal(division['金禄电子科技股份有限公司（演示）'], '39', '计算机、通信和其他电子设备制造业');
		assert.equal(division['清远敏实汽车零部件有限公司（演示）'], '36', '汽车制造业');
		assert.equal(division['广东聚石化学股份有限公司（演示）'], '26', '化学原料和化学制品制造业');
		assert.equal(division['广东先导稀材股份有限公司（演示）'], '32', '有色金属冶炼和压延加工业');
		// Generated names (place, two brand characters, trade) carry their trade: the industry
		// follows it.
		const NAMED = ['清远华饮食品有限公司（演示）'];
		const TRADE = {
			精密机械: '34', 电子科技: '39', 新材料: '30', 智能装备: '35', 化工: '26', 食品: '14', 生物科技: '27', 汽车零部件: '36', 电气: '38', 塑胶制品: '29',
			物流: '59', 软件: '65', 建设工程: '48', 环保科技: '77', 医药: '27', 光电: '39', 陶瓷: '30', 纺织: '17', 信息技术: '65', 电商: '52',
		};
		let checked = 0;
		for (const [name, code] of Object.entries(division)) {
			const m = /^(清远|广州|佛山|东莞|深圳|肇庆|中山)..(.+)有限公司（演示）$/.exec(name);
			const t = m && !NAMED.includes(name) && Object.keys(TRADE).find((k) => m[2] === k);
			if (!t) continue;
			assert.equal(code, TRADE[t], name);
			checked++;
		}
		assert.ok(checked >= 2, `${checked} generated enterprises checked`);
		const mengniu = rows("SELECT DISTINCT substr(pm.major_code, 1, 2) FROM position_majors pm JOIN positions p ON p.id = pm.position_id JOIN organizations o ON o.id = p.enterprise_id WHERE o.name = '蒙牛乳业（清远）有限公司（演示）'").flat();
		assert.ok(mengniu.length > 0);
		assert.deepEqual(mengniu.filter((c) => c !== '49' && c !== '53'), [], '蒙牛 hires 食品药品 or 财经商贸 majors');
	});

	it("a student's given name fits the gender on the record", () => {
		const MALE = ['伟', '强', '磊', '洋', '勇', '军', '杰', '涛', '明', '超', '刚', '浩然', '思远', '梓轩'];
		const FEMALE = ['芳', '娜', '敏', '静', '丽', '艳', '娟', '秀英', '霞', '桂英', '雨欣', '嘉怡', '婷'];
		const people = rows('SELECT gender, name FROM students WHERE is_demo = 1');
		assert.ok(people.some(([g]) => g === '男') && people.some(([g]) => g === '女'));
		const given = (name) => name.slice(1);
		assert.deepEqual(people.filter(([g, n]) => g === '男' && FEMALE.includes(given(n))).slice(0, 5), []);
		assert.deepEqual(people.filter(([g, n]) => g === '女' && MALE.includes(given(n))).slice(0, 5), []);
		assert.deepEqual(rows("SELECT gender FROM students WHERE name = '张思远' AND student_no = '2023010001'"), [['男']]);
	});

	it("offers never exceed a position's headcount; a student accepts one offer at most", () => {
		const offers = rows("SELECT COUNT(*) FROM applications WHERE status IN ('offered', 'accepted')")[0][0];
		assert.ok(Number(offers) > 20, `${offers} offers`);
		const over = rows(
			"SELECT p.id, p.headcount, COUNT(a.id) FROM positions p JOIN applications a ON a.position_id = p.id AND a.status IN ('offered', 'accepted') GROUP BY p.id, p.headcount HAVING COUNT(a.id) > p.headcount",
		);
		assert.deepEqual(over, []);
		assert.deepEqual(rows("SELECT student_id FROM applications WHERE status = 'accepted' GROUP BY student_id HAVING COUNT(*) > 1"), []);
	});

	it("past sessions' registrations vary", () => {
		const counts = rows(
			"SELECT COUNT(fs.id) FROM fairs f JOIN fair_students fs ON fs.fair_id = f.id WHERE f.kind = 'session' AND f.status = 'finished' GROUP BY f.id",
		).map(([n]) => Number(n));
		assert.ok(counts.length >= 8, `${counts.length} past sessions with registrations`);
		assert.ok(new Set(counts).size >= counts.length / 2, `counts: ${counts}`);
		assert.ok(Math.max(...counts) >= 1.5 * Math.min(...counts), `counts: ${counts}`);
	});

	it("each college's students mostly study its fields, all at its level (高职专科)", () => {
		const FIELDS = { '广东建设职业技术学院（清远校区）（演示）': ['44'], '广东交通职业技术学院（清远校区）（演示）': ['50'], '广东生态工程职业学院（演示）': ['47', '49'] };
		for (const [college, fields] of Object.entries(FIELDS)) {
			const [[all, inField]] = rows(
				`SELECT COUNT(*), SUM(CASE WHEN substr(s.major_code, 1, 2) IN (${fields.map((f) => `'${f}'`).join(', ')}) THEN 1 ELSE 0 END) FROM students s JOIN organizations o ON o.id = s.college_id WHERE o.name = '${college}'`,
			);
			assert.ok(Number(inField) >= 0.6 * Number(all), `${college}: ${inField} of ${all}`);
		}
		assert.deepEqual(rows("SELECT DISTINCT m.edu_level FROM students s JOIN dict_majors m ON m.code = s.major_code WHERE s.is_demo = 1"), [['gz']]);
	});
});
