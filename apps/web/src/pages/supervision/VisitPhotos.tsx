import { useTranslation } from "react-i18next";
import { ErrorAlert } from "../../shared/ErrorAlert";
import { useUploadVisitPhoto, useVisitPhotos, visitPhotoUrl } from "./api";

/** At most this many photos per visit (the server's PHOTO_MAX_PER_VISIT). */
const MAX_PHOTOS = 20;

/**
 * 现场照片 on the inspector's phone: the camera input opens the rear camera (`capture="environment"`); each
 * picture is uploaded at once (the server checks type and size by the bytes) and shown as a thumbnail.
 */
export function VisitPhotos({ visitId, open }: { visitId: string; open: boolean }) {
  const { t } = useTranslation();
  const photos = useVisitPhotos(visitId);
  const upload = useUploadVisitPhoto(visitId);
  const items = photos.data?.items ?? [];
  return (
    <section className="yw-sv-photos" data-testid="visit-photos">
      <h4>{t("supervision.inspect.photos")}</h4>
      {(photos.error ?? upload.error) && <ErrorAlert error={photos.error ?? upload.error} />}
      {items.length > 0 && (
        <ul>
          {items.map((p, i) => (
            <li key={p.id}>
              <a href={visitPhotoUrl(visitId, p.id)} target="_blank" rel="noreferrer">
                <img
                  src={visitPhotoUrl(visitId, p.id)}
                  alt={t("supervision.inspect.photoAlt", { n: i + 1 })}
                  loading="lazy"
                  data-testid="visit-photo"
                />
              </a>
            </li>
          ))}
        </ul>
      )}
      <p className="yw-sv-muted">{t("supervision.inspect.photoCount", { count: items.length, max: MAX_PHOTOS })}</p>
      {open && items.length < MAX_PHOTOS && (
        <label className="yw-sv-camera">
          {t("supervision.inspect.takePhoto")}
          <input
            type="file"
            accept="image/*"
            capture="environment"
            data-testid="visit-photo-input"
            disabled={upload.isPending}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) upload.mutate(file);
              e.target.value = "";
            }}
          />
        </label>
      )}
    </section>
  );
}
