-- Job fairs (招聘洽谈会/双选会) and recruitment sessions (专场宣讲):
-- sign-up, booths, student passes and entry, booth queues, interviews,
-- intentions to hire.  The rules are in src/domain/fair.h.
CREATE TABLE fairs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('fair', 'session')),
  name TEXT NOT NULL,
  host_college_id INTEGER NOT NULL REFERENCES organizations (id),
  venue TEXT NOT NULL,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  booths INTEGER NOT NULL CHECK (booths >= 1),
  capacity INTEGER NOT NULL CHECK (capacity >= 1),
  zones TEXT NOT NULL DEFAULT '[]',
  elig_colleges TEXT NOT NULL DEFAULT '[]',
  elig_majors TEXT NOT NULL DEFAULT '[]',
  elig_years TEXT NOT NULL DEFAULT '[]',
  ticket_limit INTEGER NOT NULL DEFAULT 3 CHECK (ticket_limit BETWEEN 1 AND 20),
  slot_minutes INTEGER NOT NULL DEFAULT 20 CHECK (slot_minutes BETWEEN 5 AND 120),
  gap_minutes INTEGER NOT NULL DEFAULT 10 CHECK (gap_minutes BETWEEN 0 AND 120),
  description TEXT,
  status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'signup', 'signup_closed', 'live', 'finished', 'cancelled')),
  is_demo INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE TABLE fair_events (
  id INTEGER PRIMARY KEY,
  fair_id INTEGER NOT NULL REFERENCES fairs (id),
  from_status TEXT,
  to_status TEXT NOT NULL,
  actor_id INTEGER,
  at BIGINT NOT NULL
);
CREATE INDEX fair_events_fair ON fair_events (fair_id, id);
CREATE TABLE fair_enterprises (
  fair_id INTEGER NOT NULL REFERENCES fairs (id),
  enterprise_id INTEGER NOT NULL REFERENCES organizations (id),
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')),
  tables_needed INTEGER NOT NULL DEFAULT 1 CHECK (tables_needed BETWEEN 1 AND 20),
  reason TEXT,
  contact TEXT,
  applied_at BIGINT NOT NULL,
  reviewed_at BIGINT,
  reviewed_by INTEGER,
  next_seq INTEGER NOT NULL DEFAULT 0,
  present_at BIGINT,
  PRIMARY KEY (fair_id, enterprise_id)
);
CREATE TABLE fair_positions (
  fair_id INTEGER NOT NULL REFERENCES fairs (id),
  enterprise_id INTEGER NOT NULL REFERENCES organizations (id),
  position_id INTEGER NOT NULL REFERENCES positions (id),
  PRIMARY KEY (fair_id, position_id)
);
CREATE INDEX fair_positions_enterprise ON fair_positions (fair_id, enterprise_id);
CREATE TABLE fair_booths (
  fair_id INTEGER NOT NULL REFERENCES fairs (id),
  booth_no INTEGER NOT NULL,
  zone TEXT NOT NULL,
  enterprise_id INTEGER REFERENCES organizations (id),
  PRIMARY KEY (fair_id, booth_no),
  UNIQUE (fair_id, enterprise_id)
);
CREATE TABLE fair_students (
  id INTEGER PRIMARY KEY,
  fair_id INTEGER NOT NULL REFERENCES fairs (id),
  student_id INTEGER NOT NULL REFERENCES students (id),
  code TEXT NOT NULL,
  walk_in INTEGER NOT NULL DEFAULT 0,
  registered_at BIGINT NOT NULL,
  entered_at BIGINT,
  entered_by INTEGER,
  scans INTEGER NOT NULL DEFAULT 0,
  UNIQUE (fair_id, student_id),
  UNIQUE (fair_id, code)
);
CREATE INDEX fair_students_entered ON fair_students (fair_id, entered_at);
CREATE TABLE fair_tickets (
  id INTEGER PRIMARY KEY,
  fair_id INTEGER NOT NULL REFERENCES fairs (id),
  enterprise_id INTEGER NOT NULL REFERENCES organizations (id),
  student_id INTEGER NOT NULL REFERENCES students (id),
  seq INTEGER NOT NULL,
  status TEXT NOT NULL DEFAULT 'waiting'
    CHECK (status IN ('waiting', 'called', 'seen', 'no_show', 'cancelled')),
  taken_at BIGINT NOT NULL,
  called_at BIGINT,
  done_at BIGINT,
  UNIQUE (fair_id, enterprise_id, student_id),
  UNIQUE (fair_id, enterprise_id, seq)
);
CREATE INDEX fair_tickets_booth ON fair_tickets (fair_id, enterprise_id, status, seq);
CREATE INDEX fair_tickets_student ON fair_tickets (fair_id, student_id, status);
CREATE TABLE fair_interviews (
  id INTEGER PRIMARY KEY,
  fair_id INTEGER NOT NULL REFERENCES fairs (id),
  enterprise_id INTEGER NOT NULL REFERENCES organizations (id),
  student_id INTEGER NOT NULL REFERENCES students (id),
  position_id INTEGER NOT NULL REFERENCES positions (id),
  priority INTEGER NOT NULL DEFAULT 1 CHECK (priority BETWEEN 1 AND 9),
  status TEXT NOT NULL DEFAULT 'invited'
    CHECK (status IN ('invited', 'scheduled', 'unplaced', 'confirmed', 'done', 'cancelled')),
  slot INTEGER,
  reason TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (fair_id, enterprise_id, student_id)
);
CREATE INDEX fair_interviews_student ON fair_interviews (fair_id, student_id);
CREATE TABLE fair_intents (
  id INTEGER PRIMARY KEY,
  fair_id INTEGER NOT NULL REFERENCES fairs (id),
  enterprise_id INTEGER NOT NULL REFERENCES organizations (id),
  student_id INTEGER NOT NULL REFERENCES students (id),
  position_id INTEGER NOT NULL REFERENCES positions (id),
  application_id INTEGER REFERENCES applications (id),
  note TEXT,
  created_by INTEGER,
  created_at BIGINT NOT NULL,
  UNIQUE (fair_id, student_id, position_id)
);
CREATE INDEX fair_intents_enterprise ON fair_intents (fair_id, enterprise_id);
