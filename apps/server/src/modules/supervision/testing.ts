/** Test helpers of the supervision module (also used by the web app's browser tests). */

/** A valid 1×1 PNG as a data URL: the smallest signature the confirm route accepts. */
export const SIGNATURE =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
