// The authorisation matrix's rows for the entrepreneurship competition (清远高新杯):
// every route under /api/v1/competition/ and the public certificate check. The fixtures
// (fixtures_competition.mjs) are editions owned by the A side of the cast: the cast's
// `student` leads team T with `classmate` as a member, `college` is their college's staff,
// `judge` is T's assigned judge, `mentor` a judge of the same edition assigned to T2 (led
// by `studentX` of college B) and in conflict with T. What the rows hold to (src/domain/
// competition.h, "WHO SEES WHAT"): a college reads its own teams only and never a plan it
// does not advise; a student their own teams; a judge only the teams assigned to them and
// not conflicted, with the plan; teams never see their judges' names; HR and officers
// nothing (the route table refuses them); drafts of editions are the operator's.
import { uniq } from '../api/harness.mjs';
import { SHEET, editionBody, marksFor, roundBody } from '../api/competition_lib.mjs';
import { TRACK, addRound, awardOf, compEdition, criteria, inviteJudge, leadTeam, pdf, sharedEdition } from './fixtures_competition.mjs';

const STUDENTS = (s, mate, x) => ({ student: s, classmate: mate, studentX: x });
const COLLEGES = (col, colX) => ({ college: col, collegeX: colX });
const JUDGES = (j, m) => ({ judge: j, mentor: m });
/** Every role the competition admits: operator, colleges, students, judges. */
const COMP = (v) => ({ operator: v, ...COLLEGES(v, v), ...STUDENTS(v, v, v), ...JUDGES(v, v) });
const EVERYONE = (v) => ({ anon: v, ...COMP(v), hr: v, hrX: v, officer: v });

const pdfBody = (text) => ({ pdf: pdf(text) });
const teamBody = (x, over = {}) => ({ track_id: x.ed.tracks[TRACK], name: `项目${uniq('')}`, summary: '新型环保建材的研发与推广。', ...over });

/** An edition in judging with a round whose edition none of the cast's judges was invited to. */
async function roundWithoutCastJudges(w) {
	const x = await compEdition(w, 'eligible');
	const r = await w.admin.post(`competition/editions/${x.ed.id}/status`, { to: 'judging' });
	if (r.status !== 200) throw new Error(`judging: ${r}`);
	x.r1 = await addRound(w, x);
	return x;
}

/** The display name of a cast account (what a leaked judge's name would look like). */
async function displayName(w, actor) {
	return (await w.as[actor].get('me')).json.account.display_name;
}

/** An assigned edition whose judge then declared a conflict with T (回避 hides T at once). */
async function conflictedAfterAssignment(w) {
	const x = await compEdition(w, 'assigned');
	const r = await w.as.judge.post(`competition/judges/${x.judge}/conflicts`, { team_id: x.T.id, kind: 'investor', note: '评审期间得知存在投资关系' });
	if (r.status !== 201) throw new Error(`conflict: ${r}`);
	return x;
}

/** A team led by classmate (A2) that invited student (A1), in a fresh open edition. */
async function invitedA1(w) {
	const x = await compEdition(w, 'open');
	const t = await leadTeam(w, x, w.A2);
	const r = await w.A2.client.post(`competition/teams/${t.id}/members`, { college_id: w.A1.college_id, student_no: w.A1.student_no, name: w.A1.name });
	if (r.status !== 200) throw new Error(`invite A1: ${r}`);
	return t;
}

export const COMPETITION_ROWS = [
	// ---- editions, tracks, rounds: the operator sets them up; a draft is the operator's ----
	{
		route: 'GET /api/v1/competition/editions',
		make: async (w) => ({ path: 'competition/editions', marker: (await compEdition(w, 'draft')).ed.name }),
		expect: { ...COMP('blind'), operator: 'sees' },
		variants: [{ name: 'an open edition', make: async (w) => ({ path: 'competition/editions', marker: (await sharedEdition(w, 'open')).ed.name }), expect: COMP('sees') }],
	},
	{ route: 'POST /api/v1/competition/editions', make: async () => ({ path: 'competition/editions', body: editionBody({ name: `清远高新杯${uniq('')}` }) }), expect: { operator: 201 } },
	{
		route: 'GET /api/v1/competition/editions/{id}',
		make: async (w) => ({ path: `competition/editions/${(await compEdition(w, 'draft')).ed.id}` }),
		expect: { ...COMP(404), operator: 200 },
		variants: [{ name: 'an open edition', make: async (w) => ({ path: `competition/editions/${(await sharedEdition(w, 'open')).ed.id}` }), expect: COMP(200) }],
	},
	{
		route: 'POST /api/v1/competition/editions/{id}',
		make: async (w) => {
			const { tracks, ...body } = editionBody({ name: `清远高新杯${uniq('')}` });
			return { path: `competition/editions/${(await compEdition(w, 'draft')).ed.id}`, body };
		},
		expect: { operator: 200 },
	},
	{ route: 'POST /api/v1/competition/editions/{id}/status', make: async (w) => ({ path: `competition/editions/${(await compEdition(w, 'draft')).ed.id}/status`, body: { to: 'open' } }), expect: { operator: 200 } },
	{ route: 'POST /api/v1/competition/editions/{id}/tracks', make: async (w) => ({ path: `competition/editions/${(await compEdition(w, 'draft')).ed.id}/tracks`, body: { name: '生物医药' } }), expect: { operator: 201 } },
	{
		route: 'POST /api/v1/competition/tracks/{id}',
		make: async (w) => ({ path: `competition/tracks/${(await compEdition(w, 'draft')).ed.tracks[TRACK]}`, body: { name: '新材料与化工' } }),
		expect: { operator: 200 },
	},
	{ route: 'POST /api/v1/competition/editions/{id}/rounds', make: async (w) => ({ path: `competition/editions/${(await compEdition(w, 'open')).ed.id}/rounds`, body: roundBody() }), expect: { operator: 201 } },
	{
		route: 'GET /api/v1/competition/rounds/{id}',
		make: async (w) => ({ path: `competition/rounds/${(await sharedEdition(w, 'assigned')).r1}` }),
		expect: COMP(200),
		variants: [{ name: 'a round of an edition the judges were not invited to', make: async (w) => ({ path: `competition/rounds/${(await roundWithoutCastJudges(w)).r1}` }), expect: JUDGES(403, 403) }],
	},
	{ route: 'POST /api/v1/competition/rounds/{id}', make: async (w) => ({ path: `competition/rounds/${(await compEdition(w, 'judges')).r1}`, body: roundBody({ name: '初赛（线上）', per_team: 1 }) }), expect: { operator: 200 } },
	{ route: 'POST /api/v1/competition/rounds/{id}/sheet', make: async (w) => ({ path: `competition/rounds/${(await compEdition(w, 'judges')).r1}/sheet`, body: { criteria: SHEET } }), expect: { operator: 200 } },
	{
		route: 'POST /api/v1/competition/rounds/{id}/quotas',
		make: async (w) => {
			const x = await compEdition(w, 'judges');
			return { path: `competition/rounds/${x.r1}/quotas`, body: { quotas: [{ track_id: x.ed.tracks[TRACK], quota: 2 }] } };
		},
		expect: { operator: 200 },
	},

	// ---- teams: the college's own, the student's own ------------------------------------
	{
		route: 'GET /api/v1/competition/editions/{id}/teams',
		make: async (w) => {
			const x = await sharedEdition(w, 'submitted');
			return { path: `competition/editions/${x.ed.id}/teams`, marker: x.T.name };
		},
		expect: { operator: 'sees', ...COLLEGES('sees', 'blind') },
		variants: [
			{
				name: 'filtered by another college',
				make: async (w) => {
					const x = await sharedEdition(w, 'submitted');
					return { path: `competition/editions/${x.ed.id}/teams?college_id=${w.collegeA.id}`, marker: x.T.name };
				},
				expect: COLLEGES('sees', 'blind'),
			},
		],
	},
	{
		route: 'GET /api/v1/competition/editions/{id}/teams/export',
		make: async (w) => {
			const x = await sharedEdition(w, 'submitted');
			return { path: `competition/editions/${x.ed.id}/teams/export`, marker: x.T.name };
		},
		expect: { operator: 'sees', ...COLLEGES('sees', 'blind') },
	},
	{
		route: 'POST /api/v1/competition/editions/{id}/teams',
		make: async (w) => {
			const x = await compEdition(w, 'open');
			return { path: `competition/editions/${x.ed.id}/teams`, body: () => teamBody(x) };
		},
		expect: STUDENTS(201, 201, 201),
		share: true,
	},
	{ route: 'GET /api/v1/competition/teams/mine', make: async (w) => ({ path: 'competition/teams/mine', marker: (await sharedEdition(w, 'team')).T.name }), expect: STUDENTS('sees', 'sees', 'blind') },
	// T is assigned to `judge`; `mentor` judges T2 and declared a conflict with T.
	{
		route: 'GET /api/v1/competition/teams/{id}',
		make: async (w) => ({ path: `competition/teams/${(await sharedEdition(w, 'assigned')).T.id}` }),
		expect: { operator: 200, ...COLLEGES(200, 404), ...STUDENTS(200, 200, 404), ...JUDGES(200, 404) },
		variants: [
			{ name: 'before any assignment', make: async (w) => ({ path: `competition/teams/${(await sharedEdition(w, 'judges')).T.id}` }), expect: JUDGES(404, 404) },
			{ name: 'a conflict declared after the assignment', make: async (w) => ({ path: `competition/teams/${(await conflictedAfterAssignment(w)).T.id}` }), expect: JUDGES(404, 404) },
			{ name: "a judge's view has no people", make: async (w) => ({ path: `competition/teams/${(await sharedEdition(w, 'assigned')).T.id}`, marker: w.A1.name }), expect: { operator: 'sees', ...JUDGES('blind', 404) } },
			{
				name: "the team never sees its judges' names",
				make: async (w) => ({ path: `competition/teams/${(await sharedEdition(w, 'scored')).T.id}`, marker: await displayName(w, 'judge') }),
				expect: { ...COLLEGES('blind', 404), ...STUDENTS('blind', 'blind', 404) },
				witness: async (w, f) => ({ as: 'operator', path: `competition/rounds/${(await sharedEdition(w, 'scored')).r1}/assignments` }),
			},
		],
	},
	{ route: 'POST /api/v1/competition/teams/{id}', make: async (w) => {
		const x = await compEdition(w, 'team');
		return { path: `competition/teams/${x.T.id}`, body: teamBody(x, { name: `改名项目${uniq('')}` }) };
	}, expect: STUDENTS(200, 403, 404) },
	{
		route: 'POST /api/v1/competition/teams/{id}/members',
		make: async (w) => ({ path: `competition/teams/${(await compEdition(w, 'team')).T.id}/members`, body: { college_id: w.B1.college_id, student_no: w.B1.student_no, name: w.B1.name } }),
		expect: STUDENTS(200, 403, 404),
	},
	{ route: 'POST /api/v1/competition/teams/{id}/members/remove', make: async (w) => ({ path: `competition/teams/${(await compEdition(w, 'team')).T.id}/members/remove`, body: { student_id: w.A2.id } }), expect: STUDENTS(200, 403, 404) },
	// The invitee is `student`; the leader (`classmate`) has no invitation to answer.
	{ route: 'POST /api/v1/competition/teams/{id}/accept', make: async (w) => ({ path: `competition/teams/${(await invitedA1(w)).id}/accept` }), expect: STUDENTS(200, 404, 404) },
	{ route: 'POST /api/v1/competition/teams/{id}/decline', make: async (w) => ({ path: `competition/teams/${(await invitedA1(w)).id}/decline` }), expect: STUDENTS(200, 404, 404) },
	{ route: 'POST /api/v1/competition/teams/{id}/advisors', make: async (w) => ({ path: `competition/teams/${(await compEdition(w, 'team')).T.id}/advisors`, body: { advisors: [{ name: '李老师', title: '讲师' }] } }), expect: STUDENTS(200, 403, 404) },
	{ route: 'POST /api/v1/competition/teams/{id}/mentors', make: async (w) => ({ path: `competition/teams/${(await compEdition(w, 'team')).T.id}/mentors`, body: { mentor_ids: [w.who.mentor.id] } }), expect: { operator: 200 } },
	{ route: 'POST /api/v1/competition/teams/{id}/plan', make: async (w) => ({ path: `competition/teams/${(await compEdition(w, 'team')).T.id}/plan`, body: pdfBody('修订版计划书') }), expect: STUDENTS(200, 403, 404) },
	// The plan: members, advisors with an account, the assigned judge without a conflict.
	{
		route: 'GET /api/v1/competition/teams/{id}/plan',
		make: async (w) => ({ path: `competition/teams/${(await sharedEdition(w, 'assigned')).T.id}/plan` }),
		expect: { operator: 200, ...COLLEGES(403, 404), ...STUDENTS(200, 200, 404), ...JUDGES(200, 404) },
		variants: [
			{ name: 'the plan of another team', make: async (w) => ({ path: `competition/teams/${(await sharedEdition(w, 'assigned')).T2.id}/plan` }), expect: { ...COLLEGES(404, 403), ...STUDENTS(404, 404, 200), ...JUDGES(404, 200) } },
			{ name: 'before any assignment', make: async (w) => ({ path: `competition/teams/${(await sharedEdition(w, 'judges')).T.id}/plan` }), expect: JUDGES(404, 404) },
			{ name: 'a conflict declared after the assignment', make: async (w) => ({ path: `competition/teams/${(await conflictedAfterAssignment(w)).T.id}/plan` }), expect: JUDGES(404, 404) },
		],
	},
	{ route: 'POST /api/v1/competition/teams/{id}/submit', make: async (w) => ({ path: `competition/teams/${(await compEdition(w, 'team')).T.id}/submit` }), expect: STUDENTS(200, 403, 404) },
	{ route: 'POST /api/v1/competition/teams/{id}/recall', make: async (w) => ({ path: `competition/teams/${(await compEdition(w, 'submitted')).T.id}/recall` }), expect: STUDENTS(200, 403, 404) },
	{ route: 'POST /api/v1/competition/teams/{id}/withdraw', make: async (w) => ({ path: `competition/teams/${(await compEdition(w, 'team')).T.id}/withdraw` }), expect: STUDENTS(200, 403, 404) },
	{ route: 'POST /api/v1/competition/teams/{id}/endorse', make: async (w) => ({ path: `competition/teams/${(await compEdition(w, 'submitted')).T.id}/endorse`, body: { ok: true } }), expect: COLLEGES(200, 404) },
	{ route: 'POST /api/v1/competition/teams/{id}/check', make: async (w) => ({ path: `competition/teams/${(await compEdition(w, 'endorsed')).T.id}/check` }), expect: { operator: 200 } },
	{ route: 'POST /api/v1/competition/editions/{id}/check', make: async (w) => ({ path: `competition/editions/${(await compEdition(w, 'endorsed')).ed.id}/check` }), expect: { operator: 200 } },

	// ---- judges --------------------------------------------------------------------------
	{
		route: 'GET /api/v1/competition/editions/{id}/entries',
		make: async (w) => {
			const x = await sharedEdition(w, 'judges');
			return { path: `competition/editions/${x.ed.id}/entries`, marker: x.T.name };
		},
		expect: { operator: 'sees', ...JUDGES('sees', 'sees') },
		variants: [{ name: 'an edition the judges were not invited to', make: async (w) => ({ path: `competition/editions/${(await sharedEdition(w, 'eligible')).ed.id}/entries` }), expect: JUDGES(403, 403) }],
	},
	{
		route: 'GET /api/v1/competition/editions/{id}/judges',
		make: async (w) => ({ path: `competition/editions/${(await sharedEdition(w, 'judges')).ed.id}/judges`, marker: await displayName(w, 'judge') }),
		expect: { operator: 'sees' },
	},
	{
		route: 'POST /api/v1/competition/editions/{id}/judges',
		make: async (w) => {
			const x = await compEdition(w, 'open');
			return { path: `competition/editions/${x.ed.id}/judges`, body: { account_id: w.who.judge.id, track_ids: [x.ed.tracks[TRACK]], title: '教授' } };
		},
		expect: { operator: 201 },
	},
	{
		route: 'GET /api/v1/competition/judging',
		make: async (w) => ({ path: 'competition/judging', marker: (await sharedEdition(w, 'judges')).ed.name }),
		expect: JUDGES('sees', 'sees'),
		variants: [
			{
				name: 'an edition only the judge was invited to',
				make: async (w) => {
					const x = await compEdition(w, 'eligible');
					await inviteJudge(w, x, 'judge');
					return { path: 'competition/judging', marker: x.ed.name };
				},
				expect: JUDGES('sees', 'blind'),
			},
		],
	},
	{ route: 'GET /api/v1/competition/judges/{id}', make: async (w) => ({ path: `competition/judges/${(await sharedEdition(w, 'judges')).judge}` }), expect: { operator: 200, ...JUDGES(200, 404) } },
	{
		route: 'POST /api/v1/competition/judges/{id}',
		make: async (w) => {
			const x = await compEdition(w, 'judges');
			return { path: `competition/judges/${x.judge}`, body: { track_ids: Object.values(x.ed.tracks), title: '正高级工程师' } };
		},
		expect: { operator: 200 },
	},
	{
		route: 'POST /api/v1/competition/judges/{id}/respond',
		make: async (w) => {
			const x = await compEdition(w, 'eligible');
			return { path: `competition/judges/${await inviteJudge(w, x, 'judge', { accept: false })}/respond`, body: { accept: true } };
		},
		expect: JUDGES(200, 404),
	},
	{
		route: 'POST /api/v1/competition/judges/{id}/conflicts',
		make: async (w) => {
			const x = await compEdition(w, 'judges');
			return { path: `competition/judges/${x.judge}/conflicts`, body: { team_id: x.T2.id, kind: 'advised', note: '曾指导该项目' } };
		},
		expect: { operator: 201, ...JUDGES(201, 404) },
	},
	{ route: 'POST /api/v1/competition/conflicts/{id}/delete', make: async (w) => ({ path: `competition/conflicts/${(await compEdition(w, 'judges')).conflict}/delete` }), expect: { operator: 200, ...JUDGES(404, 200) } },

	// ---- assignment, scoring, results ------------------------------------------------------
	{ route: 'POST /api/v1/competition/rounds/{id}/assign', make: async (w) => ({ path: `competition/rounds/${(await compEdition(w, 'judges')).r1}/assign` }), expect: { operator: 200 } },
	{
		route: 'GET /api/v1/competition/rounds/{id}/assignments',
		make: async (w) => ({ path: `competition/rounds/${(await sharedEdition(w, 'assigned')).r1}/assignments`, marker: await displayName(w, 'judge') }),
		expect: { operator: 'sees' },
	},
	{
		route: 'POST /api/v1/competition/rounds/{id}/swap',
		make: async (w) => {
			const x = await compEdition(w, 'assigned');
			return { path: `competition/rounds/${x.r1}/swap`, body: { team_id: x.T2.id, from_judge_id: x.mentor, to_judge_id: x.judge } };
		},
		expect: { operator: 200 },
	},
	{
		route: 'POST /api/v1/competition/rounds/{id}/extra',
		make: async (w) => {
			const x = await compEdition(w, 'assigned');
			return { path: `competition/rounds/${x.r1}/extra`, body: { team_ids: [x.T2.id] } };
		},
		expect: { operator: 200 },
	},
	// A judge reviews the teams assigned to them and not conflicted: `judge` T, `mentor` T2.
	{
		route: 'GET /api/v1/competition/rounds/{id}/review',
		make: async (w) => {
			const x = await sharedEdition(w, 'assigned');
			return { path: `competition/rounds/${x.r1}/review`, marker: x.T.name };
		},
		expect: JUDGES('sees', 'blind'),
		variants: [
			{
				name: 'the other team',
				make: async (w) => {
					const x = await sharedEdition(w, 'assigned');
					return { path: `competition/rounds/${x.r1}/review`, marker: x.T2.name };
				},
				expect: JUDGES('blind', 'sees'),
			},
			{
				name: 'a conflict declared after the assignment',
				make: async (w) => {
					const x = await conflictedAfterAssignment(w);
					return { path: `competition/rounds/${x.r1}/review`, marker: x.T.name };
				},
				expect: JUDGES('blind', 'blind'),
				witness: async (w, f) => ({ as: 'operator', path: f.path.replace(/\/review$/, '/assignments') }),
			},
			{ name: "the members' names", make: async (w) => ({ path: `competition/rounds/${(await sharedEdition(w, 'assigned')).r1}/review`, marker: w.A1.name }), expect: JUDGES('blind', 'blind'), witness: async (w, f) => ({ as: 'operator', path: `competition/teams/${(await sharedEdition(w, 'assigned')).T.id}` }) },
			{ name: 'a round of an edition the judges were not invited to', make: async (w) => ({ path: `competition/rounds/${(await roundWithoutCastJudges(w)).r1}/review` }), expect: JUDGES(403, 403) },
		],
	},
	{
		route: 'POST /api/v1/competition/rounds/{id}/scores',
		make: async (w) => {
			const x = await compEdition(w, 'assigned');
			return { path: `competition/rounds/${x.r1}/scores`, body: { team_id: x.T.id, marks: marksFor(await criteria(w, x.r1), 80), comment: '技术路线清晰' } };
		},
		expect: JUDGES(200, [404, 'not_found', 'team_id']),
		variants: [
			{
				name: 'a team the judge is not assigned to',
				make: async (w) => {
					const x = await compEdition(w, 'assigned');
					return { path: `competition/rounds/${x.r1}/scores`, body: { team_id: x.T2.id, marks: marksFor(await criteria(w, x.r1), 80) } };
				},
				expect: { judge: [404, 'not_found', 'team_id'] },
			},
		],
	},
	{ route: 'GET /api/v1/competition/rounds/{id}/scores', make: async (w) => ({ path: `competition/rounds/${(await sharedEdition(w, 'scored')).r1}/scores`, marker: await displayName(w, 'judge') }), expect: { operator: 'sees' } },
	{ route: 'GET /api/v1/competition/rounds/{id}/scores/export', make: async (w) => ({ path: `competition/rounds/${(await sharedEdition(w, 'scored')).r1}/scores/export`, marker: await displayName(w, 'judge') }), expect: { operator: 'sees' } },
	{
		route: 'POST /api/v1/competition/scores/{id}/amend',
		make: async (w) => {
			const x = await compEdition(w, 'scored');
			return { path: `competition/scores/${x.scores.judge}/amend`, body: { marks: marksFor(await criteria(w, x.r1), 60), reason: '评委誊写错误，按原始评分表更正' } };
		},
		expect: { operator: 200 },
	},
	{ route: 'GET /api/v1/competition/rounds/{id}/results', make: async (w) => ({ path: `competition/rounds/${(await sharedEdition(w, 'scored')).r1}/results` }), expect: { operator: 200 } },
	{ route: 'GET /api/v1/competition/rounds/{id}/results/export', make: async (w) => ({ path: `competition/rounds/${(await sharedEdition(w, 'scored')).r1}/results/export` }), expect: { operator: 200 } },
	{ route: 'POST /api/v1/competition/rounds/{id}/promote', make: async (w) => ({ path: `competition/rounds/${(await compEdition(w, 'scored')).r1}/promote` }), expect: { operator: 200 } },
	{ route: 'POST /api/v1/competition/rounds/{id}/publish', make: async (w) => ({ path: `competition/rounds/${(await compEdition(w, 'scored', { final: true })).r1}/publish` }), expect: { operator: 200 } },
	// Published lists: who went on, never scores; the eliminated (T2) only to operators.
	{
		route: 'GET /api/v1/competition/editions/{id}/results',
		make: async (w) => {
			const x = await sharedEdition(w, 'done');
			return { path: `competition/editions/${x.ed.id}/results`, marker: x.T2.name };
		},
		expect: { ...COMP('blind'), operator: 'sees' },
		variants: [
			{
				name: 'the promoted team',
				make: async (w) => {
					const x = await sharedEdition(w, 'done');
					return { path: `competition/editions/${x.ed.id}/results`, marker: x.T.name };
				},
				expect: COMP('sees'),
			},
		],
	},
	{ route: 'GET /api/v1/competition/editions/{id}/stats', make: async (w) => ({ path: `competition/editions/${(await sharedEdition(w, 'done')).ed.id}/stats` }), expect: { operator: 200 } },
	{ route: 'GET /api/v1/competition/editions/{id}/stats/export', make: async (w) => ({ path: `competition/editions/${(await sharedEdition(w, 'done')).ed.id}/stats/export?table=colleges`, marker: w.collegeA.name }), expect: { operator: 'sees' } },

	// ---- the roadshow ----------------------------------------------------------------------
	{
		route: 'POST /api/v1/competition/rounds/{id}/order',
		make: async (w) => {
			const x = await compEdition(w, 'assigned', { final: true });
			return { path: `competition/rounds/${x.r1}/order`, body: { team_ids: [x.T2.id, x.T.id] } };
		},
		expect: { operator: 200 },
	},
	{
		route: 'POST /api/v1/competition/rounds/{id}/stage',
		make: async (w) => {
			const x = await compEdition(w, 'assigned', { final: true });
			const r = await w.admin.post(`competition/rounds/${x.r1}/order`, { team_ids: [x.T.id, x.T2.id] });
			if (r.status !== 200) throw new Error(`order: ${r}`);
			return { path: `competition/rounds/${x.r1}/stage`, body: { action: 'call' } };
		},
		expect: { operator: 200 },
	},
	{ route: 'GET /api/v1/competition/rounds/{id}/stage', make: async (w) => ({ path: `competition/rounds/${(await sharedEdition(w, 'assigned', { final: true })).r1}/stage` }), expect: COMP(200) },
	{ route: 'GET /api/v1/competition/rounds/{id}/live', stream: true, make: async (w) => ({ path: `competition/rounds/${(await sharedEdition(w, 'assigned', { final: true })).r1}/live` }), expect: COMP(200) },

	// ---- appeals, awards, certificates -----------------------------------------------------
	{
		route: 'POST /api/v1/competition/teams/{id}/appeals',
		make: async (w) => {
			const x = await compEdition(w, 'done');
			return { path: `competition/teams/${x.T.id}/appeals`, body: { round_id: x.r1, text: '请复核本队商业价值一项的评分，谢谢。' } };
		},
		expect: STUDENTS(201, 201, 404),
	},
	{ route: 'GET /api/v1/competition/editions/{id}/appeals', make: async (w) => ({ path: `competition/editions/${(await sharedEdition(w, 'appealed')).ed.id}/appeals`, marker: (await sharedEdition(w, 'appealed')).T.name }), expect: { operator: 'sees' } },
	{ route: 'POST /api/v1/competition/appeals/{id}/answer', make: async (w) => ({ path: `competition/appeals/${(await compEdition(w, 'appealed')).appeal}/answer`, body: { decision: 'rejected', reply: '经复核，维持原评分。' } }), expect: { operator: 200 } },
	// T's certificate: its members and the operator; not the college's other staff.
	{
		route: 'GET /api/v1/competition/awards/{id}/certificate',
		make: async (w) => ({ path: `competition/awards/${awardOf(await sharedEdition(w, 'done', { final: true })).award_id}/certificate` }),
		expect: { operator: 200, ...COLLEGES(404, 404), ...STUDENTS(200, 200, 404) },
		variants: [
			{
				name: "the other team's",
				make: async (w) => {
					const x = await sharedEdition(w, 'done', { final: true });
					return { path: `competition/awards/${awardOf(x, x.T2).award_id}/certificate` };
				},
				expect: { ...COLLEGES(404, 404), ...STUDENTS(404, 404, 200) },
			},
		],
	},
	{
		route: 'POST /api/v1/competition/awards/{id}/seat',
		make: async (w) => ({ path: `competition/awards/${awardOf(await compEdition(w, 'done', { final: true })).award_id}/seat`, body: { offer: '凤翔谷孵化基地：免费办公场地一年' } }),
		expect: { operator: 200 },
	},
	{
		route: 'POST /api/v1/competition/awards/{id}/seat/answer',
		make: async (w) => {
			const id = awardOf(await compEdition(w, 'done', { final: true })).award_id;
			const r = await w.admin.post(`competition/awards/${id}/seat`, { offer: '凤翔谷孵化基地：免费办公场地一年' });
			if (r.status !== 200) throw new Error(`seat offer: ${r}`);
			return { path: `competition/awards/${id}/seat/answer`, body: { accept: true } };
		},
		expect: STUDENTS(200, 403, 404),
	},
	{
		route: 'GET /api/v1/public/certificates/{code}',
		make: async (w) => {
			const x = await sharedEdition(w, 'done', { final: true });
			return { path: `public/certificates/${awardOf(x).code}`, marker: x.T.name };
		},
		expect: EVERYONE('sees'),
	},
];
