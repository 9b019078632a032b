-- The "1 HQ + N campus bases" incubator (一个总部 + N 所高校校内基地) and its
-- activities (issue 11).  The rules are in src/domain/incubator.h.
--
-- Double booking is impossible by construction: two live bookings of one
-- room never overlap, and a seat holds one project at a time.  The database
-- enforces both, not only the C code: here BEFORE INSERT/UPDATE triggers
-- that RAISE when a live row would overlap another (SQLite has one writer,
-- and every write runs in BEGIN IMMEDIATE, so the check and the insert are
-- serialised); on PostgreSQL exclusion constraints (btree_gist).  A trigger
-- message starting "exclusion:" is what store_sqlite.c maps to
-- STORE_EXCLUDED, as PostgreSQL's 23P01.

CREATE TABLE incubator_sites (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('hq', 'campus')),
  name TEXT NOT NULL UNIQUE,
  college_id INTEGER REFERENCES organizations (id),
  address TEXT NOT NULL DEFAULT '',
  area_m2 INTEGER NOT NULL DEFAULT 0 CHECK (area_m2 >= 0),
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK ((kind = 'hq') = (college_id IS NULL))
);

CREATE TABLE incubator_zones (
  id INTEGER PRIMARY KEY,
  site_id INTEGER NOT NULL REFERENCES incubator_sites (id),
  name TEXT NOT NULL,
  purpose TEXT NOT NULL DEFAULT '',
  area_m2 INTEGER NOT NULL DEFAULT 0 CHECK (area_m2 >= 0),
  plan_w INTEGER NOT NULL DEFAULT 60 CHECK (plan_w BETWEEN 1 AND 1000),
  plan_h INTEGER NOT NULL DEFAULT 40 CHECK (plan_h BETWEEN 1 AND 1000),
  sort INTEGER NOT NULL DEFAULT 0,
  UNIQUE (site_id, name)
);

-- Rooms booked by the hour, with their booking rules (incubator.h).
CREATE TABLE incubator_rooms (
  id INTEGER PRIMARY KEY,
  zone_id INTEGER NOT NULL REFERENCES incubator_zones (id),
  kind TEXT NOT NULL CHECK (kind IN ('meeting', 'roadshow', 'training', 'hall', 'studio')),
  name TEXT NOT NULL,
  area_m2 INTEGER NOT NULL DEFAULT 0 CHECK (area_m2 >= 0),
  capacity INTEGER NOT NULL DEFAULT 1 CHECK (capacity >= 1),
  equipment TEXT NOT NULL DEFAULT '[]',
  x INTEGER NOT NULL DEFAULT 0,
  y INTEGER NOT NULL DEFAULT 0,
  w INTEGER NOT NULL DEFAULT 6 CHECK (w >= 1),
  h INTEGER NOT NULL DEFAULT 4 CHECK (h >= 1),
  bookable INTEGER NOT NULL DEFAULT 1,
  book_roles INTEGER NOT NULL DEFAULT 15,
  open_from INTEGER NOT NULL DEFAULT 480 CHECK (open_from BETWEEN 0 AND 1440),
  open_to INTEGER NOT NULL DEFAULT 1320 CHECK (open_to BETWEEN 0 AND 1440),
  open_days INTEGER NOT NULL DEFAULT 127 CHECK (open_days BETWEEN 1 AND 127),
  slot_minutes INTEGER NOT NULL DEFAULT 60 CHECK (slot_minutes IN (15, 30, 60)),
  max_minutes INTEGER NOT NULL DEFAULT 240 CHECK (max_minutes BETWEEN 15 AND 1440),
  advance_days INTEGER NOT NULL DEFAULT 14 CHECK (advance_days BETWEEN 1 AND 365),
  week_quota_minutes INTEGER NOT NULL DEFAULT 600 CHECK (week_quota_minutes >= 0),
  is_demo INTEGER NOT NULL DEFAULT 0,
  UNIQUE (zone_id, name),
  CHECK (open_from < open_to)
);

-- Seats (工位) and private offices, assigned to resident projects.
CREATE TABLE incubator_seats (
  id INTEGER PRIMARY KEY,
  zone_id INTEGER NOT NULL REFERENCES incubator_zones (id),
  kind TEXT NOT NULL CHECK (kind IN ('desk', 'office')),
  label TEXT NOT NULL,
  area_m2 INTEGER NOT NULL DEFAULT 0 CHECK (area_m2 >= 0),
  capacity INTEGER NOT NULL DEFAULT 1 CHECK (capacity >= 1),
  equipment TEXT NOT NULL DEFAULT '[]',
  x INTEGER NOT NULL DEFAULT 0,
  y INTEGER NOT NULL DEFAULT 0,
  w INTEGER NOT NULL DEFAULT 2 CHECK (w >= 1),
  h INTEGER NOT NULL DEFAULT 2 CHECK (h >= 1),
  prize_reserved INTEGER NOT NULL DEFAULT 0,
  is_demo INTEGER NOT NULL DEFAULT 0,
  UNIQUE (zone_id, label)
);

-- Resident projects (入驻项目): application, review, residence, leaving.
CREATE TABLE incubator_projects (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  summary TEXT NOT NULL DEFAULT '',
  industry TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL CHECK (source IN ('team', 'prize', 'company')),
  prize_ref INTEGER,
  company_name TEXT,
  credit_code TEXT,
  enterprise_id INTEGER REFERENCES organizations (id),
  college_id INTEGER REFERENCES organizations (id),
  site_id INTEGER REFERENCES incubator_sites (id),
  status TEXT NOT NULL DEFAULT 'applied'
    CHECK (status IN ('applied', 'rejected', 'withdrawn', 'resident', 'graduated', 'exited')),
  mentor_wishes TEXT NOT NULL DEFAULT '[]',
  plan_sha256 TEXT,
  plan_size INTEGER,
  plan_name TEXT,
  plan_at BIGINT,
  applied_by INTEGER REFERENCES accounts (id),
  applied_at BIGINT NOT NULL,
  reviewed_by INTEGER,
  reviewed_at BIGINT,
  review_reason TEXT,
  agreement_start BIGINT,
  agreement_end BIGINT,
  left_at BIGINT,
  leave_reason TEXT,
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (agreement_end IS NULL OR agreement_end > agreement_start)
);
CREATE INDEX incubator_projects_status ON incubator_projects (status, site_id);
CREATE INDEX incubator_projects_college ON incubator_projects (college_id);
CREATE TABLE incubator_project_events (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES incubator_projects (id),
  from_status TEXT,
  to_status TEXT NOT NULL,
  reason TEXT,
  actor_id INTEGER,
  at BIGINT NOT NULL
);
CREATE INDEX incubator_project_events_project ON incubator_project_events (project_id, id);
CREATE TABLE incubator_members (
  project_id INTEGER NOT NULL REFERENCES incubator_projects (id),
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('leader', 'member')),
  joined_at BIGINT NOT NULL,
  PRIMARY KEY (project_id, account_id)
);
CREATE INDEX incubator_members_account ON incubator_members (account_id);

CREATE TABLE incubator_seat_assignments (
  id INTEGER PRIMARY KEY,
  seat_id INTEGER NOT NULL REFERENCES incubator_seats (id),
  project_id INTEGER NOT NULL REFERENCES incubator_projects (id),
  start_at BIGINT NOT NULL,
  end_at BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'cancelled')),
  created_by INTEGER,
  created_at BIGINT NOT NULL,
  CHECK (end_at > start_at)
);
CREATE INDEX incubator_seat_assignments_seat ON incubator_seat_assignments (seat_id, start_at);
CREATE INDEX incubator_seat_assignments_project ON incubator_seat_assignments (project_id);
CREATE TRIGGER incubator_seat_no_overlap_insert BEFORE INSERT ON incubator_seat_assignments
WHEN NEW.status = 'active'
BEGIN
  SELECT RAISE(ABORT, 'exclusion: incubator_seat_assignments overlap')
  WHERE EXISTS (SELECT 1 FROM incubator_seat_assignments o WHERE o.seat_id = NEW.seat_id
                AND o.status = 'active' AND o.start_at < NEW.end_at AND NEW.start_at < o.end_at);
END;
CREATE TRIGGER incubator_seat_no_overlap_update
BEFORE UPDATE OF seat_id, start_at, end_at, status ON incubator_seat_assignments
WHEN NEW.status = 'active'
BEGIN
  SELECT RAISE(ABORT, 'exclusion: incubator_seat_assignments overlap')
  WHERE EXISTS (SELECT 1 FROM incubator_seat_assignments o WHERE o.seat_id = NEW.seat_id
                AND o.id <> NEW.id AND o.status = 'active' AND o.start_at < NEW.end_at
                AND NEW.start_at < o.end_at);
END;

-- Weekly series of bookings created at once (the occurrences are bookings).
CREATE TABLE incubator_series (
  id INTEGER PRIMARY KEY,
  room_id INTEGER NOT NULL REFERENCES incubator_rooms (id),
  title TEXT NOT NULL,
  first_start BIGINT NOT NULL,
  until_at BIGINT NOT NULL,
  booked_by INTEGER NOT NULL REFERENCES accounts (id),
  project_id INTEGER REFERENCES incubator_projects (id),
  created_at BIGINT NOT NULL
);

-- Bookings of rooms by the hour.  Live statuses (held, confirmed,
-- checked_in, no_show) occupy the room; cancelled and expired do not.
CREATE TABLE incubator_bookings (
  id INTEGER PRIMARY KEY,
  room_id INTEGER NOT NULL REFERENCES incubator_rooms (id),
  start_at BIGINT NOT NULL,
  end_at BIGINT NOT NULL,
  status TEXT NOT NULL
    CHECK (status IN ('held', 'confirmed', 'checked_in', 'no_show', 'cancelled', 'expired')),
  hold_until BIGINT,
  title TEXT NOT NULL,
  booked_by INTEGER NOT NULL REFERENCES accounts (id),
  booker_kind TEXT NOT NULL CHECK (booker_kind IN ('resident', 'mentor', 'college', 'operator')),
  project_id INTEGER REFERENCES incubator_projects (id),
  activity_id INTEGER,
  series_id INTEGER REFERENCES incubator_series (id),
  checked_in_at BIGINT,
  cancelled_at BIGINT,
  cancelled_by INTEGER,
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (end_at > start_at)
);
CREATE INDEX incubator_bookings_room ON incubator_bookings (room_id, start_at);
CREATE INDEX incubator_bookings_project ON incubator_bookings (project_id, start_at);
CREATE INDEX incubator_bookings_booker ON incubator_bookings (booked_by, start_at);
CREATE TRIGGER incubator_booking_no_overlap_insert BEFORE INSERT ON incubator_bookings
WHEN NEW.status IN ('held', 'confirmed', 'checked_in', 'no_show')
BEGIN
  SELECT RAISE(ABORT, 'exclusion: incubator_bookings overlap')
  WHERE EXISTS (SELECT 1 FROM incubator_bookings o WHERE o.room_id = NEW.room_id
                AND o.status IN ('held', 'confirmed', 'checked_in', 'no_show')
                AND o.start_at < NEW.end_at AND NEW.start_at < o.end_at);
END;
CREATE TRIGGER incubator_booking_no_overlap_update
BEFORE UPDATE OF room_id, start_at, end_at, status ON incubator_bookings
WHEN NEW.status IN ('held', 'confirmed', 'checked_in', 'no_show')
BEGIN
  SELECT RAISE(ABORT, 'exclusion: incubator_bookings overlap')
  WHERE EXISTS (SELECT 1 FROM incubator_bookings o WHERE o.room_id = NEW.room_id
                AND o.id <> NEW.id AND o.status IN ('held', 'confirmed', 'checked_in', 'no_show')
                AND o.start_at < NEW.end_at AND NEW.start_at < o.end_at);
END;

CREATE TABLE incubator_mentors (
  project_id INTEGER NOT NULL REFERENCES incubator_projects (id),
  mentor_id INTEGER NOT NULL REFERENCES accounts (id),
  assigned_by INTEGER,
  assigned_at BIGINT NOT NULL,
  PRIMARY KEY (project_id, mentor_id)
);
CREATE INDEX incubator_mentors_mentor ON incubator_mentors (mentor_id);
CREATE TABLE incubator_mentor_sessions (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES incubator_projects (id),
  mentor_id INTEGER NOT NULL REFERENCES accounts (id),
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  booking_id INTEGER REFERENCES incubator_bookings (id),
  topic TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'done', 'cancelled')),
  outcome TEXT,
  rating INTEGER CHECK (rating BETWEEN 1 AND 5),
  rating_comment TEXT,
  rated_at BIGINT,
  created_by INTEGER,
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX incubator_mentor_sessions_project ON incubator_mentor_sessions (project_id, starts_at);
CREATE INDEX incubator_mentor_sessions_mentor ON incubator_mentor_sessions (mentor_id, starts_at);

CREATE TABLE incubator_milestones (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES incubator_projects (id),
  title TEXT NOT NULL,
  due_at BIGINT NOT NULL,
  done_at BIGINT,
  note TEXT,
  created_by INTEGER,
  created_at BIGINT NOT NULL
);
CREATE INDEX incubator_milestones_project ON incubator_milestones (project_id, due_at);

-- Monthly reports (月报); month is YYYYMM; money in yuan.
CREATE TABLE incubator_reports (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES incubator_projects (id),
  month INTEGER NOT NULL CHECK (month BETWEEN 200001 AND 209912),
  revenue BIGINT NOT NULL DEFAULT 0 CHECK (revenue >= 0),
  staff INTEGER NOT NULL DEFAULT 0 CHECK (staff >= 0),
  staff_students INTEGER NOT NULL DEFAULT 0 CHECK (staff_students >= 0),
  staff_graduates INTEGER NOT NULL DEFAULT 0 CHECK (staff_graduates >= 0),
  financing BIGINT NOT NULL DEFAULT 0 CHECK (financing >= 0),
  financing_note TEXT,
  patents INTEGER NOT NULL DEFAULT 0 CHECK (patents >= 0),
  software_copyrights INTEGER NOT NULL DEFAULT 0 CHECK (software_copyrights >= 0),
  awards TEXT,
  need_funding TEXT,
  need_space TEXT,
  need_hiring TEXT NOT NULL DEFAULT '[]',
  submitted_by INTEGER,
  submitted_at BIGINT NOT NULL,
  due_at BIGINT NOT NULL,
  late INTEGER NOT NULL DEFAULT 0,
  is_demo INTEGER NOT NULL DEFAULT 0,
  UNIQUE (project_id, month),
  CHECK (staff_students + staff_graduates <= staff)
);
CREATE INDEX incubator_reports_month ON incubator_reports (month);
-- A hiring need made into a draft position (recruitment side), once.
CREATE TABLE incubator_report_hires (
  report_id INTEGER NOT NULL REFERENCES incubator_reports (id),
  need_index INTEGER NOT NULL,
  position_id INTEGER NOT NULL REFERENCES positions (id),
  created_by INTEGER,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (report_id, need_index)
);

-- Activities (创新创业活动) and their registrations.
CREATE TABLE incubator_activities (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('talk', 'camp', 'salon', 'roadshow', 'visit', 'training')),
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  organiser TEXT NOT NULL,
  site_id INTEGER REFERENCES incubator_sites (id),
  room_id INTEGER REFERENCES incubator_rooms (id),
  booking_id INTEGER REFERENCES incubator_bookings (id),
  venue TEXT NOT NULL DEFAULT '',
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  capacity INTEGER NOT NULL CHECK (capacity >= 1),
  audience_colleges TEXT NOT NULL DEFAULT '[]',
  audience_majors TEXT NOT NULL DEFAULT '[]',
  residents_only INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'finished', 'cancelled')),
  created_by INTEGER,
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CHECK (ends_at > starts_at)
);
CREATE INDEX incubator_activities_starts ON incubator_activities (starts_at);
CREATE TABLE incubator_registrations (
  id INTEGER PRIMARY KEY,
  activity_id INTEGER NOT NULL REFERENCES incubator_activities (id),
  account_id INTEGER NOT NULL REFERENCES accounts (id),
  status TEXT NOT NULL CHECK (status IN ('registered', 'waiting', 'cancelled')),
  registered_at BIGINT NOT NULL,
  promoted_at BIGINT,
  cancelled_at BIGINT,
  checked_in_at BIGINT,
  checked_in_by INTEGER,
  rating INTEGER CHECK (rating BETWEEN 1 AND 5),
  feedback TEXT,
  feedback_at BIGINT,
  is_demo INTEGER NOT NULL DEFAULT 0,
  UNIQUE (activity_id, account_id)
);
CREATE INDEX incubator_registrations_activity ON incubator_registrations (activity_id, status, id);
CREATE INDEX incubator_registrations_account ON incubator_registrations (account_id);

-- Services (服务) requested by resident projects.
CREATE TABLE incubator_services (
  id INTEGER PRIMARY KEY,
  project_id INTEGER NOT NULL REFERENCES incubator_projects (id),
  kind TEXT NOT NULL
    CHECK (kind IN ('capital', 'technology', 'commercialisation', 'training', 'other')),
  title TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'requested'
    CHECK (status IN ('requested', 'assigned', 'done', 'cancelled')),
  requested_by INTEGER,
  requested_at BIGINT NOT NULL,
  assignee_id INTEGER REFERENCES accounts (id),
  assigned_by INTEGER,
  assigned_at BIGINT,
  done_at BIGINT,
  result TEXT,
  rating INTEGER CHECK (rating BETWEEN 1 AND 5),
  rating_comment TEXT,
  rated_at BIGINT,
  is_demo INTEGER NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);
CREATE INDEX incubator_services_project ON incubator_services (project_id, status);

-- The operator's settings: one row.  targets: thresholds of the national
-- indicators as JSON ({"area_m2":10000,...}; absent keys take the
-- defaults of src/domain/incubator_stats.c).
CREATE TABLE incubator_settings (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  report_due_day INTEGER NOT NULL DEFAULT 10 CHECK (report_due_day BETWEEN 1 AND 28),
  remind_days INTEGER NOT NULL DEFAULT 5 CHECK (remind_days BETWEEN 0 AND 27),
  mentor_per_projects INTEGER NOT NULL DEFAULT 5 CHECK (mentor_per_projects BETWEEN 1 AND 100),
  grad_rule TEXT NOT NULL DEFAULT 'any' CHECK (grad_rule IN ('any', 'all')),
  grad_min_revenue BIGINT NOT NULL DEFAULT 1000000 CHECK (grad_min_revenue >= 0),
  grad_min_financing BIGINT NOT NULL DEFAULT 500000 CHECK (grad_min_financing >= 0),
  grad_min_months INTEGER NOT NULL DEFAULT 24 CHECK (grad_min_months >= 0),
  plan_max_bytes INTEGER NOT NULL DEFAULT 10485760 CHECK (plan_max_bytes BETWEEN 1024 AND 20971520),
  targets TEXT NOT NULL DEFAULT '{}',
  updated_by INTEGER,
  updated_at BIGINT NOT NULL DEFAULT 0
);
INSERT INTO incubator_settings (id) VALUES (1);
