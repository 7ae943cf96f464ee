-- Attachments: photos and scans of documents on a case, optionally on one of its contacts. The bytes live
-- under the data directory (attachments/<region>/<yyyy>/<id>), never under the user's file name; the row
-- holds the sanitised name, the media type sniffed from the content, the size and the SHA-256.
-- Nothing is deleted: an attachment is archived by its uploader or a supervisor.
CREATE TABLE attachments (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases (id),
  contact_id uuid REFERENCES contacts (id),
  region_code text NOT NULL REFERENCES regions (code),
  file_name text NOT NULL,
  media_type text NOT NULL,
  size_bytes integer NOT NULL CHECK (size_bytes >= 0),
  sha256 text NOT NULL,
  storage_key text NOT NULL UNIQUE,
  archived_at timestamptz,
  archived_by uuid,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by uuid,
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid
);
CREATE INDEX attachments_case_idx ON attachments (case_id, created_at DESC, id DESC);
