/*
 * timetable.h - the interview timetable (面试日程): who meets which booth when.
 *
 * Before the fair, HR invites applicants to interviews.  sched_solve() builds
 * a timetable: no student in two places at once, a travel gap between booths,
 * each booth's interview tables as its capacity, HR priorities respected, as
 * many interviews placed as possible, and for every request it could not
 * place, why.  Confirmed interviews (fixed_slot) never move, so a timetable
 * can be re-planned after changes.
 *
 * A pure module like the rest of src/match: arrays in, results out; no SQL,
 * no HTTP, no clock, no global state and no randomness.  The same input gives
 * the same output, bit for bit.  The algorithm and what it guarantees are in
 * the design notes at the top of timetable.c.
 */
#ifndef SKYWAY_SCHED_H
#define SKYWAY_SCHED_H

/* Returned by sched_solve() instead of a count. */
#define SCHED_EINVAL (-1) /* invalid input: an index out of range, a NULL array */
#define SCHED_ENOMEM (-2) /* out of memory */

/*
 * Time is a grid of slots 0..nslots-1; a slot is one interview's length
 * (e.g. 20 minutes), and every interview takes exactly one slot.
 */

/* A booth (展位) of an enterprise. */
struct sched_booth {
	int tables; /* interviews the booth holds at once, >= 0 (0: it holds none) */
};

/* One invitation: this student to an interview at this booth. */
struct sched_request {
	int student;    /* 0..nstudents-1 */
	int booth;      /* 0..nbooths-1 */
	int priority;   /* HR's priority within the booth: smaller is wanted more (1 = most);
	                   any int; only the order within one booth matters */
	int fixed_slot; /* >= 0: a confirmed interview, kept exactly at this slot (must be
	                   < nslots); -1: free, the scheduler chooses */
	int earliest;   /* allowed slots, inclusive (e.g. the student arrives late); */
	int latest;     /* intersected with 0..nslots-1; may be empty */
};

struct sched_problem {
	int nslots, nbooths, nstudents, nrequests; /* all >= 0 */
	/*
	 * Slots a student needs between two interviews at DIFFERENT booths (the
	 * walk, rounded up), >= 0: slots a and b are compatible when
	 * |a - b| > gap.  Back to back at the same booth would be fine, but a
	 * student has at most one interview per booth (see SCHED_DUPLICATE), so
	 * in practice every pair of a student's interviews needs the gap.
	 */
	int gap;
	const struct sched_booth *booths; /* nbooths of them */
	const struct sched_request *req;  /* nrequests of them */
};

/*
 * Why a request is not in the timetable.  When several reasons apply, the
 * first in this order is reported: DUPLICATE, NO_TABLES, OUTSIDE_HOURS,
 * FIXED_CONFLICT (fixed requests only), BOOTH_FULL, STUDENT_BUSY (free
 * requests only).  BOOTH_FULL and STUDENT_BUSY describe the final timetable.
 */
enum sched_reason {
	SCHED_PLACED = 0,     /* placed */
	SCHED_BOOTH_FULL,     /* every slot of its window is at the booth's capacity */
	SCHED_STUDENT_BUSY,   /* the booth has room at some slot of the window, but the
	                         student's other interviews (or the gaps around them)
	                         cover every such slot */
	SCHED_NO_TABLES,      /* the booth has 0 tables */
	SCHED_OUTSIDE_HOURS,  /* the window is empty: [earliest, latest], 0..nslots-1 and,
	                         for a fixed request, its fixed slot have no slot in common */
	SCHED_FIXED_CONFLICT, /* a fixed request that clashes (same student's slot or gap,
	                         or the booth's capacity) with lower-indexed fixed ones */
	SCHED_DUPLICATE,      /* the same (student, booth) as a lower-indexed request */
};
#define SCHED_REASON_COUNT 7

/*
 * Builds the timetable of p.  For every request i, out_slot[i] is its slot,
 * or -1 when it is not placed, and out_reason[i] is SCHED_PLACED or why not
 * (enum sched_reason).  Both arrays have p->nrequests entries and belong to
 * the caller.
 *
 * Guarantees (proved in timetable.c's notes, checked by tests/unit/match):
 * every hard constraint holds; every fixed request that is not a duplicate,
 * outside its window or in conflict with lower-indexed fixed ones is placed
 * at its slot; no unplaced request could be added, not even after moving one
 * other free interview to another slot of its window; and no unplaced request
 * could take the place of a placed free one at its booth with a larger
 * priority number (swap).  The count is not always the optimum (the problem
 * is NP-hard); the tests record how far from it on small instances.
 *
 * Returns the number of requests placed; SCHED_EINVAL on invalid input
 * (NULL arrays, negative counts or gap, tables < 0, a student or booth out
 * of range, fixed_slot < -1 or >= nslots), SCHED_ENOMEM when out of memory.
 * On error the output arrays are left as they were.  Allocates only
 * temporary memory, freed before it returns; safe to call from any thread.
 */
int sched_solve(const struct sched_problem *p, int *out_slot, int *out_reason);

/*
 * The stable snake_case name of a reason, for the API and logs
 * ("placed", "booth_full", "student_busy", "no_tables", "outside_hours",
 * "fixed_conflict", "duplicate"); "unknown" for any other value.  The string
 * is static.
 */
const char *sched_reason_name(int reason);

#endif /* SKYWAY_SCHED_H */
