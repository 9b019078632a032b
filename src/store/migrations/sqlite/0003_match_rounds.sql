-- Centralised match rounds (集中匹配): students rank positions (志愿),
-- positions rank students (HR, or score order), deferred acceptance.
CREATE TABLE match_rounds (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open'
    CHECK (status IN ('open', 'previewed', 'published', 'cancelled')),
  list_max INTEGER NOT NULL DEFAULT 30 CHECK (list_max BETWEEN 1 AND 100),
  stats TEXT,
  created_by INTEGER,
  created_at BIGINT NOT NULL,
  previewed_at BIGINT,
  published_at BIGINT
);
CREATE TABLE match_round_positions (
  round_id INTEGER NOT NULL REFERENCES match_rounds (id),
  position_id INTEGER NOT NULL REFERENCES positions (id),
  capacity INTEGER NOT NULL CHECK (capacity >= 0),
  PRIMARY KEY (round_id, position_id)
);
CREATE TABLE match_choices (
  round_id INTEGER NOT NULL REFERENCES match_rounds (id),
  student_id INTEGER NOT NULL REFERENCES students (id),
  rank INTEGER NOT NULL,
  position_id INTEGER NOT NULL,
  PRIMARY KEY (round_id, student_id, rank),
  UNIQUE (round_id, student_id, position_id)
);
CREATE TABLE match_hr_rankings (
  round_id INTEGER NOT NULL REFERENCES match_rounds (id),
  position_id INTEGER NOT NULL,
  rank INTEGER NOT NULL,
  student_id INTEGER NOT NULL,
  PRIMARY KEY (round_id, position_id, rank),
  UNIQUE (round_id, position_id, student_id)
);
CREATE TABLE match_results (
  round_id INTEGER NOT NULL REFERENCES match_rounds (id),
  student_id INTEGER NOT NULL,
  position_id INTEGER,
  choice_rank INTEGER,
  PRIMARY KEY (round_id, student_id)
);
CREATE INDEX match_results_position ON match_results (round_id, position_id);
