-- 好差评: an evaluation's optional photo (issue 20). The invitee uploads it first, bound to the invitation;
-- the evaluation then names it and the row is claimed (evaluation_id set, once: unique). Unclaimed uploads
-- are shown to nobody. The evaluation row itself stays immutable: the link lives here.
create table evaluation_photos (
  id            uuid primary key default gen_random_uuid(),
  invitation_id uuid not null references evaluation_invitations (id),
  file_id       uuid not null references stored_files (id),
  uploaded_by   text not null,
  created_at    timestamptz not null,
  evaluation_id uuid unique references evaluations (id)
);
create index evaluation_photos_invitation on evaluation_photos (invitation_id);
