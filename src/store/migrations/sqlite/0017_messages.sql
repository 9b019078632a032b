-- In-app messages between a student and the HR of an application's
-- enterprise (issue 14): the thread belongs to the application.  side says
-- who wrote (the student or the enterprise's HR); read_at is when the other
-- side first read it.  Reports let either side flag a message; the operator
-- reads a thread only once it holds a report (domain/message.h).
CREATE TABLE application_messages (
  id INTEGER PRIMARY KEY,
  application_id INTEGER NOT NULL REFERENCES applications (id),
  sender_id INTEGER NOT NULL REFERENCES accounts (id),
  side TEXT NOT NULL CHECK (side IN ('student', 'enterprise')),
  body TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  read_at BIGINT
);
CREATE INDEX application_messages_thread ON application_messages (application_id, id);
CREATE INDEX application_messages_sender ON application_messages (sender_id, created_at);
CREATE INDEX application_messages_unread ON application_messages (side, read_at);
CREATE TABLE message_reports (
  id INTEGER PRIMARY KEY,
  message_id INTEGER NOT NULL REFERENCES application_messages (id),
  application_id INTEGER NOT NULL REFERENCES applications (id),
  reporter_id INTEGER NOT NULL REFERENCES accounts (id),
  reason TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  created_at BIGINT NOT NULL,
  closed_by INTEGER REFERENCES accounts (id),
  closed_at BIGINT,
  resolution TEXT,
  UNIQUE (message_id, reporter_id)
);
CREATE INDEX message_reports_status ON message_reports (status, id);
CREATE INDEX message_reports_thread ON message_reports (application_id);
