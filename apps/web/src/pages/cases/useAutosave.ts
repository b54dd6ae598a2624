import type { CaseDetail } from "@yiwang/contracts";
import { useCallback, useEffect, useRef, useState } from "react";
import { useBlocker } from "react-router";
import { sameFormData } from "../../forms/same-data";
import { readCase, useCaseCommand } from "./api";
import type { FormData } from "./CaseForm";
import { caseWrite, otherWrites } from "./case-writes";

/** How long after the last keystroke the draft's form is saved. */
export const AUTOSAVE_DELAY_MS = 1000;

export type AutosaveStatus = { kind: "idle" } | { kind: "saving" } | { kind: "saved"; at: Date } | { kind: "failed" };

/**
 * Autosave of a draft's form (填写申请): the form is saved ~1 s after the last change, one request at a time —
 * each save waits for the one before it and then sends the newest data with the version that one answered, so
 * a late answer never overwrites newer typing and the server's version check never trips on our own saves.
 * Saves also queue behind this page's other writes to the case (`case-writes.ts`), and after one of those
 * read the case's version first.
 * `flush()` saves now (before a submit, also a failed one); `stop()` ends autosaving while the case is
 * submitted (`resume()` when the submit is refused).
 * While changes are unsaved, leaving the page asks first: the browser's beforeunload, and the router's blocker
 * for links inside the app (`blocker` is "blocked" while the page should ask).
 */
export function useAutosave(detail: CaseDetail, formData: FormData) {
  const command = useCaseCommand(detail.id);
  const latest = useRef(formData);
  latest.current = formData;
  const saved = useRef(detail.formData);
  const version = useRef(detail.version);
  // Other commands (a material uploaded) move the version on too; ours are ahead of the cache until it catches up.
  if (detail.version > version.current) version.current = detail.version;
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  // Other writes to the case (uploads, attached e-licenses) finished when `version` was last brought up to date.
  const seenOthers = useRef(otherWrites(detail.id));
  const stopped = useRef(false);
  const [status, setStatus] = useState<AutosaveStatus>({ kind: "idle" });
  const [savedData, setSavedData] = useState(detail.formData);

  const flush = useCallback((): Promise<number> => {
    const id = detail.id;
    const run = chain.current.then(() =>
      caseWrite(id, async () => {
        if (stopped.current) return version.current;
        // An upload or an attached e-license landed since we learnt the version: it moved the version on
        // (also what a submit right after it must send).
        if (otherWrites(id) !== seenOthers.current) {
          seenOthers.current = otherWrites(id);
          const fresh = await readCase(id);
          if (fresh.version > version.current) version.current = fresh.version;
        }
        if (sameFormData(latest.current, saved.current)) return version.current;
        const data = latest.current;
        setStatus({ kind: "saving" });
        try {
          const d = await command.mutateAsync({
            method: "PUT",
            path: "/form",
            body: { formData: data, version: version.current },
          });
          version.current = d.version;
          saved.current = d.formData;
          setSavedData(d.formData);
          setStatus({ kind: "saved", at: new Date() });
          return d.version;
        } catch (e) {
          setStatus({ kind: "failed" });
          throw e;
        }
      }),
    );
    chain.current = run.catch(() => {});
    return run;
  }, [command.mutateAsync, detail.id]);

  const dirty = !sameFormData(formData, savedData);
  // Restarted by every change (debounce) and after every save (typing went on while it was under way); after
  // a failed save, by the next change.
  // biome-ignore lint/correctness/useExhaustiveDependencies: formData and savedData restart the timer
  useEffect(() => {
    if (!dirty || stopped.current) return;
    const timer = setTimeout(() => void flush().catch(() => {}), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [dirty, flush, formData, savedData]);

  /** After a version conflict: the case as the server has it now is the saved state. */
  const reset = useCallback((fresh: CaseDetail) => {
    saved.current = fresh.formData;
    version.current = fresh.version;
    setSavedData(fresh.formData);
  }, []);

  const stop = useCallback(() => {
    stopped.current = true;
  }, []);
  const resume = useCallback(() => {
    stopped.current = false;
  }, []);

  const unsaved = () => !stopped.current && !sameFormData(latest.current, saved.current);
  useEffect(() => {
    if (!dirty) return;
    const ask = (e: BeforeUnloadEvent) => {
      if (!unsaved()) return;
      e.preventDefault();
      e.returnValue = ""; // older browsers ask only when this is set
    };
    window.addEventListener("beforeunload", ask);
    return () => window.removeEventListener("beforeunload", ask);
  });
  // Read from refs, so a navigation right after a save (in the same tick) is not held up by stale state.
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => currentLocation.pathname !== nextLocation.pathname && unsaved(),
  );

  return { status, dirty, flush, stop, resume, reset, blocker };
}
