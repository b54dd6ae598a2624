/**
 * A promise a test opens by hand: how one side of a race waits at an exact point for the other (a writer
 * holding a row until the reader has reached it), never for time.
 */
export function gate(): { p: Promise<void>; open(): void } {
  let open!: () => void;
  const p = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { p, open };
}
